-- events becomes partitioned by month on "timestamp" (lib/partitions). A partitioned table's unique keys must include
-- the partition key, so the primary key is (id, timestamp) and event_ids keeps an id unique across every month.
-- An empty events table (a new install, every test database) is replaced at once. One with data is converted live
-- (lib/partitions/convert.ts): this migration only creates the partitioned copy `events_p`, and a trigger that mirrors
-- every write to events into it; the job runner copies the rows in batches and swaps the tables in one short
-- transaction. Ingest keeps running throughout: it claims ids in event_ids and writes to events either way.
CREATE TABLE "event_ids" (
	"id" text PRIMARY KEY NOT NULL,
	"month" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events_p" (LIKE "events" INCLUDING DEFAULTS) PARTITION BY RANGE ("timestamp");
--> statement-breakpoint
ALTER TABLE "events_p" ADD CONSTRAINT "events_p_id_timestamp_pk" PRIMARY KEY ("id", "timestamp");
--> statement-breakpoint
CREATE TABLE "events_default" PARTITION OF "events_p" DEFAULT;
--> statement-breakpoint
CREATE INDEX "events_p_timestamp_idx" ON "events_p" USING btree ("timestamp");
--> statement-breakpoint
CREATE INDEX "events_p_list_cost_idx" ON "events_p" USING btree ("list_cost_usd" DESC NULLS LAST);
--> statement-breakpoint
CREATE INDEX "events_p_session_idx" ON "events_p" USING btree ("session", "timestamp") WHERE "session" is not null;
--> statement-breakpoint
CREATE INDEX "events_p_repo_pr_idx" ON "events_p" USING btree ("repo", "pr", "branch") WHERE "repo" is not null;
--> statement-breakpoint
CREATE INDEX "events_p_sync_source_idx" ON "events_p" USING btree ("sync_source", "timestamp") WHERE "sync_source" is not null;
--> statement-breakpoint
CREATE INDEX "events_p_late_idx" ON "events_p" USING btree ("received_at") WHERE (received_at at time zone 'UTC') >= date_trunc('month', "timestamp" at time zone 'UTC') + interval '1 month';
--> statement-breakpoint
CREATE TABLE "events_conversion" (
	"id" integer PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
	"cursor" text,
	"copied" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION "events_mirror"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM events_p WHERE id = OLD.id AND "timestamp" = OLD."timestamp";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO events_p SELECT NEW.* ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "events_mirror" AFTER INSERT OR UPDATE OR DELETE ON "events" FOR EACH ROW EXECUTE FUNCTION "events_mirror"();
--> statement-breakpoint
INSERT INTO "events_conversion" ("id") VALUES (1);
--> statement-breakpoint
-- The swap (lib/partitions/convert.ts calls it once a table with data is copied, then drops events_unpartitioned
-- outside the swap's lock). Only names change: it is quick whatever the tables hold.
CREATE FUNCTION "events_swap_partitioned"() RETURNS void LANGUAGE plpgsql AS $$
DECLARE idx text;
BEGIN
  DROP TRIGGER events_mirror ON events;
  DROP FUNCTION events_mirror();
  DROP TABLE events_conversion;
  ALTER TABLE events RENAME TO events_unpartitioned;
  FOREACH idx IN ARRAY ARRAY['timestamp', 'list_cost', 'session', 'repo_pr', 'sync_source', 'late'] LOOP
    EXECUTE format('ALTER INDEX events_%s_idx RENAME TO events_unpartitioned_%s_idx', idx, idx);
    EXECUTE format('ALTER INDEX events_p_%s_idx RENAME TO events_%s_idx', idx, idx);
  END LOOP;
  ALTER TABLE events_p RENAME TO events;
  ALTER TABLE events RENAME CONSTRAINT events_p_id_timestamp_pk TO events_id_timestamp_pk;
END $$;
--> statement-breakpoint
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM events) THEN
    PERFORM events_swap_partitioned();
    DROP FUNCTION events_swap_partitioned();
    DROP TABLE events_unpartitioned;
  END IF;
END $$;
