ALTER TABLE "price_overrides" ALTER COLUMN "input_mtok" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "price_overrides" ALTER COLUMN "output_mtok" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD COLUMN "as_model" text;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD COLUMN "multiplier" numeric(12, 6);--> statement-breakpoint
ALTER TABLE "price_overrides" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_kind" CHECK (("price_overrides"."input_mtok" is not null and "price_overrides"."output_mtok" is not null and "price_overrides"."multiplier" is null and "price_overrides"."as_model" is null)
        or ("price_overrides"."input_mtok" is null and "price_overrides"."output_mtok" is null and "price_overrides"."cache_read_mtok" is null and "price_overrides"."cache_write_mtok" is null and "price_overrides"."multiplier" > 0));