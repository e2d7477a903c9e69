CREATE TABLE "aggregate_backfills" (
	"task" text NOT NULL,
	"day" date NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aggregate_backfills_task_day_pk" PRIMARY KEY("task","day")
);
