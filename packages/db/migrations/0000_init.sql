CREATE TABLE "areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"unit_type" text DEFAULT '' NOT NULL,
	"parent_code" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "areas_span_ck" CHECK ("areas"."valid_to" is null or "areas"."valid_to" >= "areas"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "coverage_figures" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"scheme" text NOT NULL,
	"insured_group" text NOT NULL,
	"insured_count" bigint NOT NULL,
	CONSTRAINT "coverage_figures_count_ck" CHECK ("coverage_figures"."insured_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "populations" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_id" integer NOT NULL,
	"year" integer NOT NULL,
	"total" bigint NOT NULL,
	"working_age" bigint,
	CONSTRAINT "populations_total_ck" CHECK ("populations"."total" >= 0)
);
--> statement-breakpoint
ALTER TABLE "coverage_figures" ADD CONSTRAINT "coverage_figures_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "populations" ADD CONSTRAINT "populations_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "areas_code_valid_from_uq" ON "areas" USING btree ("code","valid_from");--> statement-breakpoint
CREATE INDEX "areas_parent_code_idx" ON "areas" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "coverage_figures_uq" ON "coverage_figures" USING btree ("area_id","as_of","scheme","insured_group");--> statement-breakpoint
CREATE UNIQUE INDEX "populations_area_year_uq" ON "populations" USING btree ("area_id","year");