CREATE TABLE "plan_seat_identities" (
	"plan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"listed_on" date NOT NULL,
	CONSTRAINT "plan_seat_identities_plan_id_kind_value_pk" PRIMARY KEY("plan_id","kind","value")
);
--> statement-breakpoint
ALTER TABLE "plan_seat_identities" ADD CONSTRAINT "plan_seat_identities_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;