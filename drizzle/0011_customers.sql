CREATE TABLE "customer_quotas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"feature" text DEFAULT '' NOT NULL,
	"limit" numeric(24, 10) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_quotas_metric_known" CHECK ("customer_quotas"."metric" in ('tokens', 'requests', 'cost_usd')),
	CONSTRAINT "customer_quotas_limit_positive" CHECK ("customer_quotas"."limit" > 0)
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"tier" text NOT NULL,
	"monthly_revenue_usd" numeric(24, 10) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_tier_known" CHECK ("customers"."tier" in ('free', 'trial', 'paid', 'internal')),
	CONSTRAINT "customers_revenue_not_negative" CHECK ("customers"."monthly_revenue_usd" >= 0)
);
--> statement-breakpoint
ALTER TABLE "customer_quotas" ADD CONSTRAINT "customer_quotas_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_quotas_unique_idx" ON "customer_quotas" USING btree ("customer_id","metric","feature");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_idx" ON "customers" USING btree ("external_id");