CREATE TABLE "contact_outcomes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"participant_id" bigint NOT NULL,
	"scheme" text NOT NULL,
	"covered_until" date NOT NULL,
	"outcome" text NOT NULL,
	"promised_on" date,
	"note" text,
	"agent_id" integer,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_outcomes_promise_ck" CHECK (("contact_outcomes"."outcome" = 'promised') = ("contact_outcomes"."promised_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "eligibility_ended_on" date;--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "eligibility_ended_by" text;--> statement-breakpoint
ALTER TABLE "contact_outcomes" ADD CONSTRAINT "contact_outcomes_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_outcomes" ADD CONSTRAINT "contact_outcomes_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_outcomes" ADD CONSTRAINT "contact_outcomes_recorded_by_auth_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."auth_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_outcomes_item_idx" ON "contact_outcomes" USING btree ("participant_id","scheme","covered_until","recorded_at");--> statement-breakpoint
CREATE INDEX "contact_outcomes_agent_idx" ON "contact_outcomes" USING btree ("agent_id","recorded_at");--> statement-breakpoint
CREATE INDEX "contact_outcomes_recorded_by_idx" ON "contact_outcomes" USING btree ("recorded_by");