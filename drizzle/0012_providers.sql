CREATE TABLE "provider_connections" (
	"provider" text PRIMARY KEY NOT NULL,
	"encrypted_key" text NOT NULL,
	"key_hint" text NOT NULL,
	"base_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_costs" (
	"provider" text NOT NULL,
	"day" date NOT NULL,
	"line_item" text NOT NULL,
	"project" text NOT NULL,
	"api_key" text NOT NULL,
	"model" text NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	CONSTRAINT "provider_costs_provider_day_line_item_project_api_key_pk" PRIMARY KEY("provider","day","line_item","project","api_key")
);
--> statement-breakpoint
CREATE TABLE "provider_sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rows" integer DEFAULT 0 NOT NULL,
	"providers" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_sync_state" (
	"provider" text PRIMARY KEY NOT NULL,
	"synced_to" timestamp with time zone NOT NULL,
	"last_success_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_usage" (
	"provider" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"model" text NOT NULL,
	"project" text NOT NULL,
	"api_key" text NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_write_tokens" bigint NOT NULL,
	CONSTRAINT "provider_usage_provider_bucket_start_model_project_api_key_pk" PRIMARY KEY("provider","bucket_start","model","project","api_key")
);
--> statement-breakpoint
CREATE INDEX "provider_costs_day_idx" ON "provider_costs" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_sync_runs_one_running_idx" ON "provider_sync_runs" USING btree ("status") WHERE "provider_sync_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "provider_sync_runs_started_idx" ON "provider_sync_runs" USING btree ("started_at");