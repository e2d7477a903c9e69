-- The weekly review's items now keep who made them and the repo (their facts' "user" and "repo"). Weeks folded
-- before lack both: mark each such week's Monday so the fold job recomputes it in the background (the fold reads the
-- week from its events; this migration only writes one row per stored week, it never reads events).
INSERT INTO "aggregate_marks" ("day")
SELECT DISTINCT to_date("week", 'IYYY-"W"IW') FROM "review_week_items" WHERE NOT ("facts" ? 'user');
