CREATE TABLE "review_marks" (
	"week" text NOT NULL,
	"kind" text NOT NULL,
	"item_id" text NOT NULL,
	"status" text NOT NULL,
	"tags" text[] NOT NULL,
	"note" text,
	"owner" text,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_marks_week_kind_item_id_pk" PRIMARY KEY("week","kind","item_id")
);
