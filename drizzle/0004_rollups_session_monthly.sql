CREATE TABLE "event_rollup_daily_core" (
	"day" date NOT NULL,
	"dims_key" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"surface" text NOT NULL,
	"plan" text,
	"environment" text NOT NULL,
	"team" text,
	"feature" text,
	"workflow" text,
	"agent" text,
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
	CONSTRAINT "event_rollup_daily_core_day_dims_key_pk" PRIMARY KEY("day","dims_key")
);
--> statement-breakpoint
CREATE TABLE "event_rollup_daily_repo_tool" (
	"day" date NOT NULL,
	"dims_key" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"surface" text NOT NULL,
	"plan" text,
	"environment" text NOT NULL,
	"team" text,
	"feature" text,
	"workflow" text,
	"agent" text,
	"billable" boolean NOT NULL,
	"cost_source" text NOT NULL,
	"repo" text,
	"tool" text,
	"requests" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_write_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	CONSTRAINT "event_rollup_daily_repo_tool_day_dims_key_pk" PRIMARY KEY("day","dims_key")
);
--> statement-breakpoint
CREATE TABLE "session_monthly" (
	"month" date NOT NULL,
	"session" text NOT NULL,
	"requests" bigint NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"user" text,
	"agent" text,
	"repo" text,
	CONSTRAINT "session_monthly_month_session_pk" PRIMARY KEY("month","session")
);
--> statement-breakpoint
CREATE TABLE "session_monthly_totals" (
	"month" date PRIMARY KEY NOT NULL,
	"sessions" bigint NOT NULL,
	"requests" bigint NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "session_monthly_cost_idx" ON "session_monthly" USING btree ("month","cost_usd" DESC NULLS LAST,"list_cost_usd" DESC NULLS LAST,"session");--> statement-breakpoint
-- Rollup rows are updated by every batch; free space in each page keeps those updates HOT (as in 0001).
ALTER TABLE "event_rollup_daily_core" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "event_rollup_daily_repo_tool" SET (fillfactor = 70);--> statement-breakpoint
-- Existing data: no ingest may commit events until this migration does, so the new tables start exact.
-- The narrow rollups are sums of the wide one (exact since ingest maintains it with the events).
LOCK TABLE "events" IN SHARE MODE;--> statement-breakpoint
INSERT INTO "event_rollup_daily_core" (day, dims_key, provider, model, surface, plan, environment, team, feature, workflow, agent, billable, cost_source, requests, errors, input_tokens, output_tokens, cache_read_tokens,
  cache_write_tokens, reasoning_tokens, cost_usd, list_cost_usd)
SELECT day, md5(concat_ws(chr(31), provider, model, surface, coalesce(plan, chr(1)), environment, coalesce(team, chr(1)), coalesce(feature, chr(1)), coalesce(workflow, chr(1)), coalesce(agent, chr(1)), billable::text, cost_source)), provider, model, surface, plan, environment, team, feature, workflow, agent, billable, cost_source, sum(requests), sum(errors), sum(input_tokens), sum(output_tokens),
  sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cost_usd), sum(list_cost_usd)
FROM event_rollup_daily GROUP BY day, provider, model, surface, plan, environment, team, feature, workflow, agent, billable, cost_source;--> statement-breakpoint
INSERT INTO "event_rollup_daily_repo_tool" (day, dims_key, provider, model, surface, plan, environment, team, feature, workflow, repo, tool, agent, billable, cost_source, requests, errors, input_tokens, output_tokens, cache_read_tokens,
  cache_write_tokens, reasoning_tokens, cost_usd, list_cost_usd)
SELECT day, md5(concat_ws(chr(31), provider, model, surface, coalesce(plan, chr(1)), environment, coalesce(team, chr(1)), coalesce(feature, chr(1)), coalesce(workflow, chr(1)), coalesce(repo, chr(1)), coalesce(tool, chr(1)), coalesce(agent, chr(1)), billable::text, cost_source)), provider, model, surface, plan, environment, team, feature, workflow, repo, tool, agent, billable, cost_source, sum(requests), sum(errors), sum(input_tokens), sum(output_tokens),
  sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cost_usd), sum(list_cost_usd)
FROM event_rollup_daily GROUP BY day, provider, model, surface, plan, environment, team, feature, workflow, repo, tool, agent, billable, cost_source;--> statement-breakpoint
INSERT INTO "session_monthly" (month, session, requests, cost_usd, list_cost_usd, first_at, last_at, "user", agent, repo)
SELECT date_trunc('month', "timestamp" at time zone 'UTC')::date, session, count(*), sum(cost_usd), sum(list_cost_usd),
  min("timestamp"), max("timestamp"), min("user"), min(agent), min(repo)
FROM events WHERE session IS NOT NULL GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "session_monthly_totals" (month, sessions, requests, cost_usd, list_cost_usd)
SELECT month, count(*), sum(requests), sum(cost_usd), sum(list_cost_usd) FROM session_monthly GROUP BY month;
