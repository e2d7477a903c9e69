CREATE TABLE "aggregate_marks" (
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_week_items" (
	"week" text NOT NULL,
	"kind" text NOT NULL,
	"item_id" text NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	"model" text,
	"feature" text,
	"session" text,
	"facts" jsonb NOT NULL,
	CONSTRAINT "review_week_items_week_kind_item_id_pk" PRIMARY KEY("week","kind","item_id")
);
--> statement-breakpoint
CREATE TABLE "review_week_unread_writes" (
	"week" text NOT NULL,
	"feature" text,
	"workflow" text,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"unread_write_tokens" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workload_actor_edges" (
	"day" date NOT NULL,
	"project" text NOT NULL,
	"tool" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"surface" text NOT NULL,
	"plan" text NOT NULL,
	"actor" text NOT NULL,
	"first_at" timestamp with time zone,
	"last_at" timestamp with time zone,
	CONSTRAINT "workload_actor_edges_day_project_tool_provider_model_surface_plan_actor_pk" PRIMARY KEY("day","project","tool","provider","model","surface","plan","actor")
);
--> statement-breakpoint
CREATE TABLE "workload_daily" (
	"day" date NOT NULL,
	"project" text NOT NULL,
	"tool" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"surface" text NOT NULL,
	"plan" text NOT NULL,
	"requests" bigint NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	"customer_calls" bigint NOT NULL,
	"users" text[] NOT NULL,
	"off_hours" bigint NOT NULL,
	"night" bigint NOT NULL,
	"weekend" bigint NOT NULL,
	"daily_totals" bigint NOT NULL,
	"input_sum" numeric NOT NULL,
	"input_sum_sq" numeric NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"short_gaps" bigint NOT NULL,
	"pauses" bigint NOT NULL,
	"gap_sum" numeric NOT NULL,
	"gap_sum_sq" numeric NOT NULL,
	"cross_short_gaps" bigint DEFAULT 0 NOT NULL,
	"cross_pauses" bigint DEFAULT 0 NOT NULL,
	"cross_gap_sum" numeric DEFAULT '0' NOT NULL,
	"cross_gap_sum_sq" numeric DEFAULT '0' NOT NULL,
	"inner_starts" bigint NOT NULL,
	"first_inner_start" timestamp with time zone,
	"last_inner_start" timestamp with time zone,
	"inner_interval_sum" numeric NOT NULL,
	"inner_interval_sum_sq" numeric NOT NULL,
	CONSTRAINT "workload_daily_day_project_tool_provider_model_surface_plan_pk" PRIMARY KEY("day","project","tool","provider","model","surface","plan")
);
--> statement-breakpoint
CREATE TABLE "event_rollup_monthly" (
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
	"api_key" text,
	"requests" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_write_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	CONSTRAINT "event_rollup_monthly_day_dims_key_pk" PRIMARY KEY("day","dims_key")
);
--> statement-breakpoint
CREATE TABLE "rollup_monthly_state" (
	"month" date PRIMARY KEY NOT NULL,
	"through" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "review_week_unread_writes_week_idx" ON "review_week_unread_writes" USING btree ("week");