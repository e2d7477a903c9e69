CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "event_rollup_daily" (
	"day" date NOT NULL,
	"dims_key" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"surface" text NOT NULL,
	"plan" text,
	"environment" text NOT NULL,
	"team" text,
	"user" text,
	"customer" text,
	"feature" text,
	"workflow" text,
	"repo" text,
	"tool" text,
	"agent" text,
	"prompt_version" text,
	"billable" boolean NOT NULL,
	"cost_source" text NOT NULL,
	"requests" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_write_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	CONSTRAINT "event_rollup_daily_day_dims_key_pk" PRIMARY KEY("day","dims_key")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"surface" text NOT NULL,
	"plan" text,
	"environment" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cache_read_tokens" integer NOT NULL,
	"cache_write_tokens" integer NOT NULL,
	"reasoning_tokens" integer NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	"cost_source" text NOT NULL,
	"status" text NOT NULL,
	"latency_ms" integer,
	"user" text,
	"customer" text,
	"team" text,
	"feature" text,
	"workflow" text,
	"repo" text,
	"branch" text,
	"pr" integer,
	"tool" text,
	"agent" text,
	"session" text,
	"trace" text,
	"prompt_version" text,
	"billable" boolean NOT NULL,
	"tags" jsonb
);
--> statement-breakpoint
CREATE TABLE "price_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"effective_from" date NOT NULL,
	"input_mtok" numeric(20, 10) NOT NULL,
	"output_mtok" numeric(20, 10) NOT NULL,
	"cache_read_mtok" numeric(20, 10),
	"cache_write_mtok" numeric(20, 10),
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_prefix_idx" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE INDEX "events_timestamp_idx" ON "events" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "events_list_cost_idx" ON "events" USING btree ("list_cost_usd" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_session_idx" ON "events" USING btree ("session","timestamp") WHERE "events"."session" is not null;--> statement-breakpoint
CREATE INDEX "events_repo_pr_idx" ON "events" USING btree ("repo","pr","branch") WHERE "events"."repo" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "price_overrides_model_from_idx" ON "price_overrides" USING btree ("provider","model","effective_from");