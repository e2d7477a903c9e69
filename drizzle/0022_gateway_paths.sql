CREATE TABLE "gateway_response_ids" (
	"response_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duplicate_source" text,
	"duplicate_event_id" text,
	"duplicate_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integration_settings" (
	"integration" text PRIMARY KEY NOT NULL,
	"encrypted_secret" text,
	"secret_hint" text,
	"encrypted_api_key" text,
	"api_key_hint" text,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "gateway" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "gateway_options" jsonb;--> statement-breakpoint
CREATE INDEX "gateway_response_ids_duplicates_idx" ON "gateway_response_ids" USING btree ("duplicate_at") WHERE "gateway_response_ids"."duplicate_at" is not null;