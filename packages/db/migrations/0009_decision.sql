CREATE TABLE "fund_returns" (
	"year" smallint PRIMARY KEY NOT NULL,
	"monthly_rate" numeric(8, 6) NOT NULL,
	"source" text NOT NULL,
	"set_by" text,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_returns_rate_ck" CHECK ("fund_returns"."monthly_rate" >= 0 and "fund_returns"."monthly_rate" <= 0.02),
	CONSTRAINT "fund_returns_year_ck" CHECK ("fund_returns"."year" between 1995 and 2200)
);
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "support_claim" text;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "support_evidence" text;--> statement-breakpoint
ALTER TABLE "import_staging" ADD COLUMN "support_claim" text;--> statement-breakpoint
ALTER TABLE "import_staging" ADD COLUMN "support_evidence" text;--> statement-breakpoint
ALTER TABLE "fund_returns" ADD CONSTRAINT "fund_returns_set_by_auth_user_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;