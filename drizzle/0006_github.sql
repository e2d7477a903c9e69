CREATE TABLE "github_deliveries" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"action" text,
	"repo" text,
	"number" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pull_requests" (
	"repo" text NOT NULL,
	"number" integer NOT NULL,
	"github_id" bigint,
	"title" text NOT NULL,
	"author" text,
	"author_is_bot" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"draft" boolean DEFAULT false NOT NULL,
	"head_ref" text NOT NULL,
	"head_sha" text,
	"base_ref" text,
	"html_url" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"merged_at" timestamp with time zone,
	"github_updated_at" timestamp with time zone NOT NULL,
	"additions" integer,
	"deletions" integer,
	"changed_files" integer,
	CONSTRAINT "pull_requests_repo_number_pk" PRIMARY KEY("repo","number")
);
--> statement-breakpoint
CREATE INDEX "pull_requests_repo_head_idx" ON "pull_requests" USING btree ("repo","head_ref","opened_at");--> statement-breakpoint
CREATE INDEX "pull_requests_closed_idx" ON "pull_requests" USING btree ("closed_at") WHERE "pull_requests"."closed_at" is not null;