CREATE TABLE "month_closes" (
	"month" text PRIMARY KEY NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"closed_by" text NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "events_late_idx" ON "events" USING btree ("received_at") WHERE (received_at at time zone 'UTC') >= date_trunc('month', "timestamp" at time zone 'UTC') + interval '1 month';