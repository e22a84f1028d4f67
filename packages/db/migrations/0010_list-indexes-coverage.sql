CREATE TABLE "participant_coverage" (
	"participant_id" bigint NOT NULL,
	"scheme" text NOT NULL,
	"commune_code" text NOT NULL,
	"seg_from" date NOT NULL,
	"seg_to" date NOT NULL,
	"state" text NOT NULL,
	"covered_until" date,
	"next_from" date,
	CONSTRAINT "participant_coverage_participant_id_scheme_seg_from_pk" PRIMARY KEY("participant_id","scheme","seg_from")
);
--> statement-breakpoint
CREATE INDEX "participant_coverage_state_idx" ON "participant_coverage" USING btree ("state","seg_to","seg_from","participant_id","scheme");--> statement-breakpoint
CREATE INDEX "participant_coverage_commune_state_idx" ON "participant_coverage" USING btree ("commune_code","state","seg_to","seg_from","participant_id");--> statement-breakpoint
CREATE INDEX "participant_coverage_state_until_idx" ON "participant_coverage" USING btree ("state","covered_until","participant_id","scheme","seg_from","seg_to");--> statement-breakpoint
CREATE INDEX "campaigns_created_by_idx" ON "campaigns" USING btree ("created_by") WHERE "campaigns"."created_by" is not null;--> statement-breakpoint
CREATE INDEX "duplicate_reviews_match_idx" ON "duplicate_reviews" USING btree ("match_id");--> statement-breakpoint
CREATE INDEX "duplicate_reviews_decided_by_idx" ON "duplicate_reviews" USING btree ("decided_by") WHERE "duplicate_reviews"."decided_by" is not null;--> statement-breakpoint
CREATE INDEX "enrolments_household_idx" ON "enrolments" USING btree ("household_id") WHERE "enrolments"."household_id" is not null;--> statement-breakpoint
CREATE INDEX "enrolments_collector_idx" ON "enrolments" USING btree ("collector_id") WHERE "enrolments"."collector_id" is not null;--> statement-breakpoint
CREATE INDEX "enrolments_created_by_idx" ON "enrolments" USING btree ("created_by") WHERE "enrolments"."created_by" is not null;--> statement-breakpoint
CREATE INDEX "enrolments_start_id_idx" ON "enrolments" USING btree ("start_date","id");--> statement-breakpoint
CREATE INDEX "enrolments_created_id_idx" ON "enrolments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "households_head_idx" ON "households" USING btree ("head_participant_id") WHERE "households"."head_participant_id" is not null;--> statement-breakpoint
CREATE INDEX "import_batches_created_by_idx" ON "import_batches" USING btree ("created_by") WHERE "import_batches"."created_by" is not null;--> statement-breakpoint
CREATE INDEX "outreach_events_created_by_idx" ON "outreach_events" USING btree ("created_by") WHERE "outreach_events"."created_by" is not null;--> statement-breakpoint
CREATE INDEX "participants_name_id_idx" ON "participants" USING btree ("name_key","id");--> statement-breakpoint
CREATE INDEX "participants_commune_idx" ON "participants" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "participants_birth_id_idx" ON "participants" USING btree ("birth_date","id");--> statement-breakpoint
CREATE INDEX "participants_created_id_idx" ON "participants" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "participants_merged_into_idx" ON "participants" USING btree ("merged_into_id") WHERE "participants"."merged_into_id" is not null;--> statement-breakpoint
CREATE INDEX "payments_enrolment_idx" ON "payments" USING btree ("enrolment_id","receipt_date","id");--> statement-breakpoint
CREATE INDEX "figure_import_batches_created_by_idx" ON "figure_import_batches" USING btree ("created_by") WHERE "figure_import_batches"."created_by" is not null;--> statement-breakpoint
CREATE INDEX "targets_campaign_idx" ON "targets" USING btree ("campaign_id") WHERE "targets"."campaign_id" is not null;--> statement-breakpoint
CREATE INDEX "targets_created_by_idx" ON "targets" USING btree ("created_by") WHERE "targets"."created_by" is not null;--> statement-breakpoint
CREATE INDEX "targets_updated_by_idx" ON "targets" USING btree ("updated_by") WHERE "targets"."updated_by" is not null;
--> statement-breakpoint
-- Each participant's coverage per scheme as segments of time (see participant_coverage in
-- schema/aggregates.ts): the domain's coverageStatus (registry/status.ts) — periods of the
-- payments of enrolments not cancelled joined into runs of covered days (a period starting on or
-- before the day after the run before ends continues it) — with the days before the first run
-- (not started) and after each run (lapsed) as rows too, so that exactly one row per enrolled
-- scheme holds any day. Checked against the domain by apps/api/test/registry-status.test.ts.
CREATE OR REPLACE FUNCTION ansinh_participant_coverage_of(pids bigint[])
RETURNS TABLE(participant_id bigint, scheme text, commune_code text, seg_from date, seg_to date, state text, covered_until date, next_from date)
LANGUAGE sql STABLE AS $$
  WITH ids AS (
    SELECT DISTINCT x.id FROM unnest(pids) AS x(id)
  ), sch AS (
    SELECT DISTINCT e.participant_id, e.scheme, pp.commune_code
    FROM ids JOIN enrolments e ON e.participant_id = ids.id JOIN participants pp ON pp.id = ids.id
    WHERE e.status <> 'cancelled'
  ), pay AS (
    SELECT p.participant_id, e.scheme, p.cover_from, p.cover_to
    FROM ids JOIN payments p ON p.participant_id = ids.id JOIN enrolments e ON e.id = p.enrolment_id
    WHERE e.status <> 'cancelled'
  ), ord AS (
    SELECT pay.*, max(cover_to) OVER (PARTITION BY participant_id, scheme ORDER BY cover_from, cover_to
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_to
    FROM pay
  ), isl AS (
    SELECT ord.*, sum(CASE WHEN prev_to IS NULL OR cover_from > prev_to + 1 THEN 1 ELSE 0 END)
      OVER (PARTITION BY participant_id, scheme ORDER BY cover_from, cover_to ROWS UNBOUNDED PRECEDING) AS g
    FROM ord
  ), spans AS (
    SELECT isl.participant_id, isl.scheme, min(cover_from) AS f, max(cover_to) AS t FROM isl GROUP BY isl.participant_id, isl.scheme, g
  ), sp AS (
    SELECT spans.*, sch.commune_code, row_number() OVER w AS n, lead(f) OVER w AS next_f
    FROM spans JOIN sch ON sch.participant_id = spans.participant_id AND sch.scheme = spans.scheme
    WINDOW w AS (PARTITION BY spans.participant_id, spans.scheme ORDER BY f)
  )
  SELECT s.participant_id, s.scheme, s.commune_code, '-infinity'::date, 'infinity'::date, 'not_started', NULL::date, NULL::date FROM sch s
  WHERE NOT EXISTS (SELECT 1 FROM spans x WHERE x.participant_id = s.participant_id AND x.scheme = s.scheme)
  UNION ALL
  SELECT sp.participant_id, sp.scheme, sp.commune_code, '-infinity'::date, sp.f - 1, 'not_started', NULL::date, sp.f FROM sp WHERE sp.n = 1
  UNION ALL
  SELECT sp.participant_id, sp.scheme, sp.commune_code, sp.f, sp.t, 'covered', sp.t, sp.next_f FROM sp
  UNION ALL
  SELECT sp.participant_id, sp.scheme, sp.commune_code, sp.t + 1, coalesce(sp.next_f - 1, 'infinity'::date), 'lapsed', sp.t, sp.next_f FROM sp
$$;
--> statement-breakpoint
-- Replaces the participants' segments with fresh ones: called, per statement, from
-- ansinh_refresh_coverage (the dashboard's triggers on enrolments and payments) and so also by
-- the rebuild after a bulk load with deferred aggregates.
CREATE OR REPLACE FUNCTION ansinh_refresh_participant_coverage(pids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF pids IS NULL OR cardinality(pids) = 0 THEN RETURN; END IF;
  DELETE FROM participant_coverage c USING (SELECT DISTINCT x.id FROM unnest(pids) AS x(id)) ids WHERE c.participant_id = ids.id;
  INSERT INTO participant_coverage (participant_id, scheme, commune_code, seg_from, seg_to, state, covered_until, next_from)
  SELECT * FROM ansinh_participant_coverage_of(pids);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ansinh_refresh_coverage(pids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF pids IS NULL OR cardinality(pids) = 0 THEN RETURN; END IF;
  PERFORM ansinh_refresh_participant_coverage(pids);
  WITH gone AS (
    DELETE FROM coverage_changes c USING (SELECT DISTINCT x.id FROM unnest(pids) AS x(id)) ids WHERE c.participant_id = ids.id
    RETURNING c.scheme, c.day, c.commune_code, c.ref_date, -c.active AS active, -c.lapsed AS lapsed
  ), fresh AS (
    INSERT INTO coverage_changes (participant_id, scheme, day, commune_code, ref_date, active, lapsed)
    SELECT * FROM ansinh_coverage_changes_of(pids)
    RETURNING scheme, day, commune_code, ref_date, active, lapsed
  ), d AS (
    SELECT scheme, day, commune_code, ref_date, active::int AS active, lapsed::int AS lapsed FROM gone
    UNION ALL SELECT scheme, day, commune_code, ref_date, active::int, lapsed::int FROM fresh
  ), pairs AS (
    SELECT DISTINCT commune_code, ref_date FROM d
  ), pp AS MATERIALIZED (
    SELECT x.commune_code, x.ref_date, p.area_code, p.era_since FROM pairs x CROSS JOIN LATERAL ansinh_area_path(x.commune_code, x.ref_date) p
  ), agg AS (
    SELECT pp.area_code, pp.era_since, d.scheme, g.grain, g.bucket, sum(d.active) AS active, sum(d.lapsed) AS lapsed
    FROM d JOIN pp ON pp.commune_code = d.commune_code AND pp.ref_date = d.ref_date
    CROSS JOIN LATERAL (VALUES ('y', date_trunc('year', d.day::timestamp)::date), ('m', date_trunc('month', d.day::timestamp)::date), ('d', d.day)) g(grain, bucket)
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.active) <> 0 OR sum(d.lapsed) <> 0
  )
  INSERT INTO coverage_counts AS c (area_code, era_since, scheme, grain, bucket, active, lapsed)
  SELECT area_code, era_since, scheme, grain, bucket, active, lapsed FROM agg
  ORDER BY area_code, scheme, grain, bucket, era_since
  ON CONFLICT (area_code, scheme, grain, bucket, era_since)
  DO UPDATE SET active = c.active + excluded.active, lapsed = c.lapsed + excluded.lapsed;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ansinh_rebuild_aggregates(slice int DEFAULT 100000) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE enrolment_counts, coverage_counts, coverage_changes, event_enrolment_counts, participant_coverage;
  PERFORM ansinh_fill_aggregates(slice);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ansinh_registry_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- DELETE, not TRUNCATE: the statement that fired this may be truncating these tables too.
  DELETE FROM enrolment_counts;
  DELETE FROM coverage_counts;
  DELETE FROM coverage_changes;
  DELETE FROM event_enrolment_counts;
  DELETE FROM participant_coverage;
  PERFORM ansinh_fill_aggregates(100000);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A participant who moves commune (an edit, a later enrolment): their segments follow, in the
-- statement's own transaction.
CREATE OR REPLACE FUNCTION ansinh_participants_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE participant_coverage c SET commune_code = n.commune_code
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.commune_code IS DISTINCT FROM o.commune_code AND c.participant_id = n.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER participants_coverage_commune AFTER UPDATE ON participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_participants_moved();
--> statement-breakpoint
-- The registry already stored: its segments, in slices of ids.
DO $$
DECLARE lo bigint; top bigint;
BEGIN
  SELECT min(id), max(id) INTO lo, top FROM participants;
  WHILE lo IS NOT NULL AND lo <= top LOOP
    PERFORM ansinh_refresh_participant_coverage(array(SELECT id FROM participants WHERE id BETWEEN lo AND lo + 99999 ORDER BY id));
    lo := lo + 100000;
  END LOOP;
END $$;
