CREATE TABLE "event_reprices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"event_timestamp" timestamp with time zone NOT NULL,
	"repriced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"old_cost_usd" numeric(24, 10) NOT NULL,
	"old_list_cost_usd" numeric(24, 10) NOT NULL,
	"old_cost_source" text NOT NULL,
	"new_cost_usd" numeric(24, 10) NOT NULL,
	"new_list_cost_usd" numeric(24, 10) NOT NULL,
	"new_cost_source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reprice_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state" text NOT NULL,
	"requested_by" text NOT NULL,
	"filter" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"events_total" bigint NOT NULL,
	"events_done" bigint DEFAULT 0 NOT NULL,
	"events_changed" bigint DEFAULT 0 NOT NULL,
	"cost_before_usd" numeric(24, 10) DEFAULT '0' NOT NULL,
	"cost_after_usd" numeric(24, 10) DEFAULT '0' NOT NULL,
	"cursor_timestamp" timestamp with time zone,
	"cursor_id" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "event_reprices_month_idx" ON "event_reprices" USING btree ("event_timestamp","repriced_at");--> statement-breakpoint
CREATE INDEX "event_reprices_event_idx" ON "event_reprices" USING btree ("event_id","repriced_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reprice_jobs_one_active_idx" ON "reprice_jobs" USING btree ((true)) WHERE "reprice_jobs"."state" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "reprice_jobs_created_idx" ON "reprice_jobs" USING btree ("created_at");