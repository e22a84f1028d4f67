CREATE TABLE "area_mappings" (
	"id" serial PRIMARY KEY NOT NULL,
	"old_code" text NOT NULL,
	"old_valid_on" date NOT NULL,
	"new_code" text NOT NULL,
	"new_valid_on" date NOT NULL,
	"overlap" text DEFAULT 'full' NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "figure_import_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_hash" text NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "figure_import_rows" (
	"batch_id" bigint NOT NULL,
	"line" integer NOT NULL,
	"outcome" text NOT NULL,
	"problems" jsonb,
	"raw" jsonb,
	CONSTRAINT "figure_import_rows_batch_id_line_pk" PRIMARY KEY("batch_id","line")
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"area_code" text NOT NULL,
	"area_valid_on" date NOT NULL,
	"scheme" text NOT NULL,
	"measure" text NOT NULL,
	"kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"value" numeric(14, 2) NOT NULL,
	"share" numeric(6, 4),
	"milestone_by" date,
	"counts_kinds" text[] DEFAULT '{new,returning}'::text[] NOT NULL,
	"campaign_id" integer,
	"parent_id" integer,
	"allocation" jsonb,
	"note" text,
	"created_by" text,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "targets_period_ck" CHECK ("targets"."period_end" >= "targets"."period_start"),
	CONSTRAINT "targets_value_ck" CHECK ("targets"."value" >= 0)
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "theme" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "start_date" date DEFAULT '2000-01-01' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "end_date" date DEFAULT '2000-01-01' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "area_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "areas_valid_on" date DEFAULT '2000-01-01' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "partners" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "type" text DEFAULT 'communication_session' NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "event_date" date DEFAULT '2000-01-01' NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "area_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "organiser" text;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "partner" text;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "attendances" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "figure_import_batches" ADD CONSTRAINT "figure_import_batches_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "figure_import_rows" ADD CONSTRAINT "figure_import_rows_batch_id_figure_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."figure_import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_updated_by_auth_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "area_mappings_uq" ON "area_mappings" USING btree ("old_code","old_valid_on","new_code","new_valid_on");--> statement-breakpoint
CREATE INDEX "area_mappings_new_idx" ON "area_mappings" USING btree ("new_code","new_valid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "figure_import_batches_file_uq" ON "figure_import_batches" USING btree ("kind","file_hash") WHERE "figure_import_batches"."status" = 'done';--> statement-breakpoint
CREATE INDEX "figure_import_batches_created_idx" ON "figure_import_batches" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "targets_identity_uq" ON "targets" USING btree ("area_code","area_valid_on","scheme","measure","kind","period_start","period_end",coalesce("campaign_id", 0),coalesce("milestone_by", '0001-01-01'::date));--> statement-breakpoint
CREATE INDEX "targets_province_period_idx" ON "targets" USING btree ("province_code","period_start");--> statement-breakpoint
CREATE INDEX "targets_parent_idx" ON "targets" USING btree ("parent_id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD CONSTRAINT "outreach_events_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_province_start_idx" ON "campaigns" USING btree ("province_code","start_date");--> statement-breakpoint
CREATE INDEX "enrolments_event_idx" ON "enrolments" USING btree ("outreach_event_id") WHERE "enrolments"."outreach_event_id" is not null;--> statement-breakpoint
CREATE INDEX "enrolments_campaign_idx" ON "enrolments" USING btree ("campaign_id") WHERE "enrolments"."campaign_id" is not null;--> statement-breakpoint
CREATE INDEX "outreach_events_campaign_idx" ON "outreach_events" USING btree ("campaign_id","event_date");--> statement-breakpoint
CREATE INDEX "outreach_events_province_date_idx" ON "outreach_events" USING btree ("province_code","event_date");--> statement-breakpoint
CREATE INDEX "outreach_events_area_idx" ON "outreach_events" USING btree ("area_code","event_date");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_period_ck" CHECK ("campaigns"."end_date" >= "campaigns"."start_date");--> statement-breakpoint
ALTER TABLE "outreach_events" ADD CONSTRAINT "outreach_events_attendances_ck" CHECK ("outreach_events"."attendances" >= 0);