CREATE TABLE "session_daily" (
	"day" date NOT NULL,
	"session" text NOT NULL,
	"requests" bigint NOT NULL,
	"cost_usd" numeric(24, 10) NOT NULL,
	"list_cost_usd" numeric(24, 10) NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"user" text,
	"agent" text,
	"repo" text,
	CONSTRAINT "session_daily_day_session_pk" PRIMARY KEY("day","session")
);
--> statement-breakpoint
CREATE TABLE "session_daily_days" (
	"day" date PRIMARY KEY NOT NULL,
	"requests" bigint NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
