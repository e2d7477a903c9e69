CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"vendor" text NOT NULL,
	"tool" text,
	"seats" integer NOT NULL,
	"fee_per_seat_usd" numeric(24, 10) NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"included_requests_per_seat" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_name_unique" UNIQUE("name"),
	CONSTRAINT "plans_seats_positive" CHECK ("plans"."seats" > 0),
	CONSTRAINT "plans_fee_not_negative" CHECK ("plans"."fee_per_seat_usd" >= 0),
	CONSTRAINT "plans_dates_ordered" CHECK ("plans"."end_date" is null or "plans"."end_date" >= "plans"."start_date")
);
--> statement-breakpoint
ALTER TABLE "month_closes" ADD COLUMN "plans" jsonb DEFAULT '[]'::jsonb NOT NULL;