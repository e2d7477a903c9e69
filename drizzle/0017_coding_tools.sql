CREATE TABLE "tool_activity" (
	"source" text NOT NULL,
	"day" date NOT NULL,
	"identity" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"lines_added" bigint DEFAULT 0 NOT NULL,
	"lines_removed" bigint DEFAULT 0 NOT NULL,
	"commits" bigint DEFAULT 0 NOT NULL,
	"pull_requests" bigint DEFAULT 0 NOT NULL,
	"accepted" bigint DEFAULT 0 NOT NULL,
	"rejected" bigint DEFAULT 0 NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "tool_activity_source_day_identity_pk" PRIMARY KEY("source","day","identity")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "sync_source" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "provider_connections" ADD COLUMN "account" text;--> statement-breakpoint
CREATE INDEX "tool_activity_day_idx" ON "tool_activity" USING btree ("day");--> statement-breakpoint
CREATE INDEX "events_sync_source_idx" ON "events" USING btree ("sync_source","timestamp") WHERE "events"."sync_source" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "plans_source_idx" ON "plans" USING btree ("source") WHERE "plans"."source" is not null;