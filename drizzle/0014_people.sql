CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"team" text,
	"active_from" date,
	"left_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_email_lowercase" CHECK ("people"."email" = lower("people"."email")),
	CONSTRAINT "people_dates_ordered" CHECK ("people"."left_on" is null or "people"."active_from" is null or "people"."left_on" >= "people"."active_from")
);
--> statement-breakpoint
CREATE TABLE "person_aliases" (
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_aliases_kind_value_pk" PRIMARY KEY("kind","value")
);
--> statement-breakpoint
CREATE TABLE "plan_seat_holders" (
	"plan_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_seat_holders_plan_id_person_id_pk" PRIMARY KEY("plan_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "event_rollup_daily" ADD COLUMN "api_key" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "api_key" text;--> statement-breakpoint
ALTER TABLE "person_aliases" ADD CONSTRAINT "person_aliases_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_seat_holders" ADD CONSTRAINT "plan_seat_holders_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_seat_holders" ADD CONSTRAINT "plan_seat_holders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_idx" ON "people" USING btree ("email");--> statement-breakpoint
CREATE INDEX "person_aliases_person_idx" ON "person_aliases" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "plan_seat_holders_person_idx" ON "plan_seat_holders" USING btree ("person_id");--> statement-breakpoint
LOCK TABLE "events" IN SHARE MODE;--> statement-breakpoint
UPDATE "event_rollup_daily" SET dims_key = md5(concat_ws(chr(31), provider, model, surface, coalesce(plan, chr(1)), environment, coalesce(team, chr(1)), coalesce("user", chr(1)), coalesce(customer, chr(1)), coalesce(feature, chr(1)), coalesce(workflow, chr(1)), coalesce(repo, chr(1)), coalesce(tool, chr(1)), coalesce(agent, chr(1)), coalesce(prompt_version, chr(1)), billable::text, cost_source, coalesce(api_key, chr(1))));
