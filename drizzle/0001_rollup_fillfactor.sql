-- Rollup rows are updated by every batch; free space in each page keeps those updates HOT (no new index entries).
ALTER TABLE "event_rollup_daily" SET (fillfactor = 70);
