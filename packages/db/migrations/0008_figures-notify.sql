-- Issue 12: every API process keeps the dashboard's answers in memory and LISTENs on this channel:
-- a change to anything an answer is made of empties every process's cache (PostgreSQL sends one
-- notification per transaction and channel, however many statements).
CREATE OR REPLACE FUNCTION ansinh_notify_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ansinh_figures', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enrolment_counts_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON enrolment_counts FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
CREATE TRIGGER coverage_counts_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON coverage_counts FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
CREATE TRIGGER event_enrolment_counts_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_enrolment_counts FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
CREATE TRIGGER outreach_events_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outreach_events FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
CREATE TRIGGER coverage_figures_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON coverage_figures FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
CREATE TRIGGER populations_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON populations FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
CREATE TRIGGER targets_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON targets FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
CREATE TRIGGER areas_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
