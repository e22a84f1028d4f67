CREATE TABLE "agent_collectors" (
	"agent_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_collectors_agent_id_user_id_pk" PRIMARY KEY("agent_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"province_code" text NOT NULL,
	"area_code" text NOT NULL,
	"area_valid_on" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"import_mapping" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"province_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duplicate_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"participant_id" bigint NOT NULL,
	"match_id" bigint NOT NULL,
	"score" smallint NOT NULL,
	"reasons" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"merge_record" jsonb,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"participant_id" bigint NOT NULL,
	"scheme" text NOT NULL,
	"kind" text NOT NULL,
	"start_date" date NOT NULL,
	"months" smallint NOT NULL,
	"monthly_income" bigint,
	"support_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"household_rank" smallint,
	"household_id" bigint,
	"facility_code" text,
	"breakdown" jsonb NOT NULL,
	"rates_effective_from" date NOT NULL,
	"amount" bigint NOT NULL,
	"commune_code" text NOT NULL,
	"agent_id" integer,
	"collector_id" text,
	"campaign_id" integer,
	"outreach_event_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"source" text NOT NULL,
	"import_batch_id" bigint,
	"import_line" integer,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrolments_months_ck" CHECK ("enrolments"."months" between 1 and 1200),
	CONSTRAINT "enrolments_amount_ck" CHECK ("enrolments"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"province_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"code" text NOT NULL,
	"commune_code" text NOT NULL,
	"commune_valid_on" date NOT NULL,
	"address" text,
	"head_participant_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agent_id" integer NOT NULL,
	"province_code" text NOT NULL,
	"scheme" text NOT NULL,
	"file_name" text NOT NULL,
	"file_hash" text NOT NULL,
	"file_path" text,
	"mapping" jsonb,
	"status" text NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"batch_id" bigint NOT NULL,
	"line" integer NOT NULL,
	"outcome" text NOT NULL,
	"problems" jsonb,
	"participant_id" bigint,
	"enrolment_id" bigint,
	"raw" jsonb,
	CONSTRAINT "import_rows_batch_id_line_pk" PRIMARY KEY("batch_id","line")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer,
	"province_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"personal_id" text NOT NULL,
	"social_insurance_number" text,
	"full_name" text NOT NULL,
	"name_key" text NOT NULL,
	"birth_date" date NOT NULL,
	"gender" text NOT NULL,
	"ethnicity" text,
	"phone" text,
	"commune_code" text NOT NULL,
	"commune_valid_on" date NOT NULL,
	"household_id" bigint,
	"relationship" text,
	"household_joined_on" date,
	"merged_into_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"enrolment_id" bigint NOT NULL,
	"participant_id" bigint NOT NULL,
	"cover_from" date NOT NULL,
	"months" smallint NOT NULL,
	"cover_to" date NOT NULL,
	"amount" bigint NOT NULL,
	"receipt_date" date NOT NULL,
	"receipt_number" text NOT NULL,
	"agent_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_ck" CHECK ("payments"."amount" >= 0),
	CONSTRAINT "payments_months_ck" CHECK ("payments"."months" between 1 and 1200)
);
--> statement-breakpoint
ALTER TABLE "agent_collectors" ADD CONSTRAINT "agent_collectors_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_collectors" ADD CONSTRAINT "agent_collectors_user_id_auth_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_reviews" ADD CONSTRAINT "duplicate_reviews_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_reviews" ADD CONSTRAINT "duplicate_reviews_match_id_participants_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_reviews" ADD CONSTRAINT "duplicate_reviews_decided_by_auth_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_collector_id_auth_user_id_fk" FOREIGN KEY ("collector_id") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_outreach_event_id_outreach_events_id_fk" FOREIGN KEY ("outreach_event_id") REFERENCES "public"."outreach_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_head_participant_id_participants_id_fk" FOREIGN KEY ("head_participant_id") REFERENCES "public"."participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_events" ADD CONSTRAINT "outreach_events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_merged_into_id_participants_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_collectors_user_idx" ON "agent_collectors" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_province_name_uq" ON "agents" USING btree ("province_code","name");--> statement-breakpoint
CREATE INDEX "agents_area_idx" ON "agents" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_reviews_pair_uq" ON "duplicate_reviews" USING btree ("participant_id","match_id");--> statement-breakpoint
CREATE INDEX "duplicate_reviews_province_status_idx" ON "duplicate_reviews" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "enrolments_participant_idx" ON "enrolments" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "enrolments_province_scheme_start_idx" ON "enrolments" USING btree ("province_code","scheme","start_date");--> statement-breakpoint
CREATE INDEX "enrolments_commune_idx" ON "enrolments" USING btree ("commune_code","start_date");--> statement-breakpoint
CREATE INDEX "enrolments_agent_idx" ON "enrolments" USING btree ("agent_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_import_line_uq" ON "enrolments" USING btree ("import_batch_id","import_line") WHERE "enrolments"."import_batch_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_code_valid_from_uq" ON "facilities" USING btree ("code","valid_from");--> statement-breakpoint
CREATE INDEX "facilities_province_idx" ON "facilities" USING btree ("province_code");--> statement-breakpoint
CREATE UNIQUE INDEX "households_code_uq" ON "households" USING btree ("code");--> statement-breakpoint
CREATE INDEX "households_province_idx" ON "households" USING btree ("province_code");--> statement-breakpoint
CREATE UNIQUE INDEX "import_batches_agent_file_uq" ON "import_batches" USING btree ("agent_id","scheme","file_hash") WHERE "import_batches"."status" <> 'dry_run';--> statement-breakpoint
CREATE INDEX "import_batches_agent_idx" ON "import_batches" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_personal_id_uq" ON "participants" USING btree ("personal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_si_number_uq" ON "participants" USING btree ("social_insurance_number") WHERE "participants"."social_insurance_number" is not null;--> statement-breakpoint
CREATE INDEX "participants_name_birth_commune_idx" ON "participants" USING btree ("name_key","birth_date","commune_code");--> statement-breakpoint
CREATE INDEX "participants_phone_birth_idx" ON "participants" USING btree ("phone","birth_date");--> statement-breakpoint
CREATE INDEX "participants_province_commune_idx" ON "participants" USING btree ("province_code","commune_code");--> statement-breakpoint
CREATE INDEX "participants_household_idx" ON "participants" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_agent_receipt_uq" ON "payments" USING btree ("agent_id","receipt_number");--> statement-breakpoint
CREATE INDEX "payments_participant_idx" ON "payments" USING btree ("participant_id","cover_to");--> statement-breakpoint
CREATE INDEX "payments_province_cover_to_idx" ON "payments" USING btree ("province_code","cover_to");