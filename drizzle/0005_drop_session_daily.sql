DROP TABLE "session_daily" CASCADE;--> statement-breakpoint
DROP TABLE "session_daily_days" CASCADE;