CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"budget_id" uuid,
	"threshold" integer,
	"period_start" date NOT NULL,
	"subject" text,
	"message" text NOT NULL,
	"details" jsonb NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"webhook_url" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"amount_usd" numeric(24, 10) NOT NULL,
	"period" text NOT NULL,
	"filters" jsonb NOT NULL,
	"thresholds" integer[] NOT NULL,
	"webhook_url" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_dedupe_key_idx" ON "alerts" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "alerts_fired_at_idx" ON "alerts" USING btree ("fired_at");--> statement-breakpoint
CREATE INDEX "alerts_pending_idx" ON "alerts" USING btree ("next_attempt_at") WHERE "alerts"."delivered_at" is null and "alerts"."next_attempt_at" is not null;