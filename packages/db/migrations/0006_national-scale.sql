CREATE TABLE "coverage_changes" (
	"participant_id" bigint NOT NULL,
	"scheme" text NOT NULL,
	"day" date NOT NULL,
	"commune_code" text NOT NULL,
	"ref_date" date NOT NULL,
	"active" smallint NOT NULL,
	"lapsed" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_counts" (
	"area_code" text NOT NULL,
	"era_since" date NOT NULL,
	"scheme" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"active" bigint NOT NULL,
	"lapsed" bigint NOT NULL,
	CONSTRAINT "coverage_counts_area_code_scheme_grain_bucket_era_since_pk" PRIMARY KEY("area_code","scheme","grain","bucket","era_since")
);
--> statement-breakpoint
CREATE TABLE "enrolment_counts" (
	"area_code" text NOT NULL,
	"era_since" date NOT NULL,
	"scheme" text NOT NULL,
	"kind" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"n" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "enrolment_counts_area_code_scheme_grain_bucket_kind_era_since_pk" PRIMARY KEY("area_code","scheme","grain","bucket","kind","era_since")
);
--> statement-breakpoint
CREATE TABLE "event_enrolment_counts" (
	"event_id" integer NOT NULL,
	"scheme" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "event_enrolment_counts_event_id_scheme_pk" PRIMARY KEY("event_id","scheme")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limits_count_ck" CHECK ("rate_limits"."count" >= 0)
);
--> statement-breakpoint
CREATE INDEX "coverage_changes_participant_idx" ON "coverage_changes" USING btree ("participant_id","scheme");--> statement-breakpoint
CREATE INDEX "areas_code_valid_to_idx" ON "areas" USING btree ("code","valid_to");--> statement-breakpoint
-- Issue 12: the dashboard's figures kept incrementally, in the same transaction as every write.
-- The unit path of a commune on a day: the commune and its ancestors in force on that day (or, for
-- a day before the code's first version, on that version's first day), each with its era: the day
-- after the previous version with the same code ended (-infinity in a code's first era). A unit
-- version counts the records whose era is on or after its own (see schema/aggregates.ts).
CREATE OR REPLACE FUNCTION ansinh_area_path(p_code text, p_day date)
RETURNS TABLE(area_code text, era_since date) LANGUAGE sql STABLE AS $$
  WITH RECURSIVE eff AS (
    SELECT coalesce(
      (SELECT p_day FROM areas WHERE code = p_code AND valid_from <= p_day AND (valid_to IS NULL OR valid_to >= p_day) LIMIT 1),
      (SELECT min(valid_from) FROM areas WHERE code = p_code AND valid_from > p_day)) AS d
  ), up(code, parent_code, depth) AS (
    SELECT a.code, a.parent_code, 0 FROM areas a, eff
    WHERE a.code = p_code AND a.valid_from <= eff.d AND (a.valid_to IS NULL OR a.valid_to >= eff.d)
    UNION ALL
    SELECT a.code, a.parent_code, up.depth + 1 FROM up JOIN areas a ON a.code = up.parent_code, eff
    WHERE a.valid_from <= eff.d AND (a.valid_to IS NULL OR a.valid_to >= eff.d) AND up.depth < 10
  )
  SELECT up.code,
    coalesce((SELECT max(v.valid_to) + 1 FROM areas v WHERE v.code = up.code AND v.valid_to < p_day), '-infinity'::date)
  FROM up
$$;
--> statement-breakpoint
-- Each participant's changes of status per scheme, from their enrolments and payments: the
-- domain's coverageStatus (registry/status.ts) as a timeline — periods joined into runs of covered
-- days; covered on a day = active (or due); not covered but a run ended before = lapsed; counted
-- under the commune of the latest enrolment started by that day (the same day: the larger id).
-- Checked against the domain by apps/api/test/aggregates.test.ts.
CREATE OR REPLACE FUNCTION ansinh_coverage_changes_of(pids bigint[])
RETURNS TABLE(participant_id bigint, scheme text, day date, commune_code text, ref_date date, active smallint, lapsed smallint)
LANGUAGE sql STABLE AS $$
  -- joins on unnest(pids), not `= ANY(pids)`: a seq scan would test every row against the whole array
  WITH ids AS (
    SELECT DISTINCT x.id FROM unnest(pids) AS x(id)
  ), en AS (
    SELECT e.id, e.participant_id, e.scheme, e.start_date, e.commune_code
    FROM ids JOIN enrolments e ON e.participant_id = ids.id WHERE e.status <> 'cancelled'
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
    SELECT participant_id, scheme, min(cover_from) AS f, max(cover_to) AS t FROM isl GROUP BY participant_id, scheme, g
  ), first_end AS (
    SELECT participant_id, scheme, min(t) AS fe FROM spans GROUP BY participant_id, scheme
  ), ev AS (
    SELECT participant_id, scheme, start_date AS d, 0 AS cov, id AS eid, commune_code, start_date AS ref FROM en
    UNION ALL SELECT participant_id, scheme, f, 1, NULL::bigint, NULL::text, NULL::date FROM spans
    UNION ALL SELECT participant_id, scheme, t + 1, -1, NULL::bigint, NULL::text, NULL::date FROM spans
  ), run AS (
    SELECT ev.*, sum(cov) OVER w AS covered, count(eid) OVER w AS ecount
    FROM ev WINDOW w AS (PARTITION BY participant_id, scheme ORDER BY d, eid NULLS FIRST ROWS UNBOUNDED PRECEDING)
  ), st AS (
    SELECT run.participant_id, run.scheme, run.d, run.covered,
      first_value(run.commune_code) OVER g AS commune_code, first_value(run.ref) OVER g AS ref,
      row_number() OVER (PARTITION BY run.participant_id, run.scheme, run.d ORDER BY run.eid DESC NULLS LAST) AS last_at_d
    FROM run WINDOW g AS (PARTITION BY participant_id, scheme, ecount ORDER BY d, eid NULLS FIRST)
  ), states AS (
    SELECT st.participant_id, st.scheme, st.d, st.commune_code, st.ref,
      CASE WHEN st.commune_code IS NULL THEN 'n' WHEN st.covered > 0 THEN 'a' WHEN st.d > fe.fe THEN 'l' ELSE 'n' END AS status
    FROM st LEFT JOIN first_end fe ON fe.participant_id = st.participant_id AND fe.scheme = st.scheme
    WHERE st.last_at_d = 1
  ), keyed AS (
    SELECT states.*, CASE WHEN status = 'n' THEN NULL ELSE status || '|' || commune_code || '|' ||
      coalesce((SELECT max(v.valid_to) + 1 FROM areas v WHERE v.code = states.commune_code AND v.valid_to < states.ref), '-infinity'::date)::text END AS k
    FROM states
  ), chg AS (
    SELECT keyed.*, lag(k) OVER (PARTITION BY participant_id, scheme ORDER BY d) AS prev_k FROM keyed
  ), pts AS (
    SELECT chg.*, lag(commune_code) OVER w AS p_commune, lag(ref) OVER w AS p_ref, lag(status) OVER w AS p_status
    FROM chg WHERE k IS DISTINCT FROM prev_k
    WINDOW w AS (PARTITION BY participant_id, scheme ORDER BY d)
  )
  SELECT participant_id, scheme, d, p_commune, p_ref, (-(p_status = 'a')::int)::smallint, (-(p_status = 'l')::int)::smallint
  FROM pts WHERE p_status IN ('a', 'l')
  UNION ALL
  SELECT participant_id, scheme, d, commune_code, ref, ((status = 'a')::int)::smallint, ((status = 'l')::int)::smallint
  FROM pts WHERE status IN ('a', 'l')
$$;
--> statement-breakpoint
-- Takes the participants' old contribution out of coverage_counts and puts the new one in.
CREATE OR REPLACE FUNCTION ansinh_refresh_coverage(pids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF pids IS NULL OR cardinality(pids) = 0 THEN RETURN; END IF;
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
CREATE TYPE ansinh_enrolment_delta AS (s int, participant_id bigint, scheme text, kind text, start_date date, commune_code text, amount bigint, event_id int, status text);
--> statement-breakpoint
-- Adds (s = 1) or takes out (s = -1) enrolment rows: their counts by start day, the funnel's
-- counts per event, and their participants' coverage.
CREATE OR REPLACE FUNCTION ansinh_enrolments_changed(rows ansinh_enrolment_delta[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF rows IS NULL OR cardinality(rows) = 0 THEN RETURN; END IF;
  WITH r AS (
    SELECT * FROM unnest(rows) WHERE status <> 'cancelled'
  ), pairs AS (
    SELECT DISTINCT commune_code, start_date FROM r
  ), pp AS MATERIALIZED (
    SELECT x.commune_code, x.start_date, p.area_code, p.era_since FROM pairs x CROSS JOIN LATERAL ansinh_area_path(x.commune_code, x.start_date) p
  ), agg AS (
    SELECT pp.area_code, pp.era_since, r.scheme, r.kind, g.grain, g.bucket, sum(r.s) AS n, sum(r.s * r.amount) AS amount
    FROM r JOIN pp ON pp.commune_code = r.commune_code AND pp.start_date = r.start_date
    CROSS JOIN LATERAL (VALUES ('y', date_trunc('year', r.start_date::timestamp)::date), ('m', date_trunc('month', r.start_date::timestamp)::date), ('d', r.start_date)) g(grain, bucket)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(r.s) <> 0 OR sum(r.s * r.amount) <> 0
  )
  INSERT INTO enrolment_counts AS c (area_code, era_since, scheme, kind, grain, bucket, n, amount)
  SELECT area_code, era_since, scheme, kind, grain, bucket, n, amount FROM agg
  ORDER BY area_code, scheme, grain, bucket, kind, era_since
  ON CONFLICT (area_code, scheme, grain, bucket, kind, era_since)
  DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount;

  WITH e AS (
    SELECT event_id, scheme, sum(s) AS n FROM unnest(rows)
    WHERE status <> 'cancelled' AND event_id IS NOT NULL GROUP BY 1, 2 HAVING sum(s) <> 0
  )
  INSERT INTO event_enrolment_counts AS c (event_id, scheme, n)
  SELECT event_id, scheme, n FROM e ORDER BY event_id, scheme
  ON CONFLICT (event_id, scheme) DO UPDATE SET n = c.n + excluded.n;

  PERFORM ansinh_refresh_coverage(array(SELECT DISTINCT x.participant_id FROM unnest(rows) x ORDER BY 1));
END $$;
--> statement-breakpoint
-- Statement-level triggers: one call per statement, however many rows (a COPY, a bulk merge).
-- `SET LOCAL ansinh.defer_aggregates = 'on'` skips them for a bulk load that then calls
-- ansinh_rebuild_aggregates() before it commits.
CREATE OR REPLACE FUNCTION ansinh_enrolments_aggregate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d ansinh_enrolment_delta[];
BEGIN
  IF current_setting('ansinh.defer_aggregates', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    d := array(SELECT row(1, n.participant_id, n.scheme, n.kind, n.start_date, n.commune_code, n.amount, n.outreach_event_id, n.status)::ansinh_enrolment_delta FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    d := array(SELECT row(-1, o.participant_id, o.scheme, o.kind, o.start_date, o.commune_code, o.amount, o.outreach_event_id, o.status)::ansinh_enrolment_delta FROM old_rows o);
  ELSE
    d := array(
      SELECT row(-1, o.participant_id, o.scheme, o.kind, o.start_date, o.commune_code, o.amount, o.outreach_event_id, o.status)::ansinh_enrolment_delta FROM old_rows o
      UNION ALL
      SELECT row(1, n.participant_id, n.scheme, n.kind, n.start_date, n.commune_code, n.amount, n.outreach_event_id, n.status)::ansinh_enrolment_delta FROM new_rows n);
  END IF;
  PERFORM ansinh_enrolments_changed(d);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ansinh_payments_aggregate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[];
BEGIN
  IF current_setting('ansinh.defer_aggregates', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    ids := array(SELECT DISTINCT n.participant_id FROM new_rows n ORDER BY 1);
  ELSIF TG_OP = 'DELETE' THEN
    ids := array(SELECT DISTINCT o.participant_id FROM old_rows o ORDER BY 1);
  ELSE
    ids := array(SELECT o.participant_id FROM old_rows o UNION SELECT n.participant_id FROM new_rows n ORDER BY 1);
  END IF;
  PERFORM ansinh_refresh_coverage(ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enrolments_aggregate_ins AFTER INSERT ON enrolments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_enrolments_aggregate();
--> statement-breakpoint
CREATE TRIGGER enrolments_aggregate_upd AFTER UPDATE ON enrolments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_enrolments_aggregate();
--> statement-breakpoint
CREATE TRIGGER enrolments_aggregate_del AFTER DELETE ON enrolments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_enrolments_aggregate();
--> statement-breakpoint
CREATE TRIGGER payments_aggregate_ins AFTER INSERT ON payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_payments_aggregate();
--> statement-breakpoint
CREATE TRIGGER payments_aggregate_upd AFTER UPDATE ON payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_payments_aggregate();
--> statement-breakpoint
CREATE TRIGGER payments_aggregate_del AFTER DELETE ON payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_payments_aggregate();
--> statement-breakpoint
-- Everything again from the registry (after a bulk load with deferred aggregates, or after the
-- unit lists changed): in slices of ids, so memory stays flat at tens of millions of rows.
CREATE OR REPLACE FUNCTION ansinh_fill_aggregates(slice int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint; top bigint;
BEGIN
  SELECT min(id), max(id) INTO lo, top FROM enrolments;
  WHILE lo IS NOT NULL AND lo <= top LOOP
    hi := lo + slice - 1;
    WITH r AS (
      SELECT e.scheme, e.kind, e.start_date, e.commune_code, e.amount FROM enrolments e
      WHERE e.id BETWEEN lo AND hi AND e.status <> 'cancelled'
    ), pairs AS (
      SELECT DISTINCT commune_code, start_date FROM r
    ), pp AS MATERIALIZED (
      SELECT x.commune_code, x.start_date, p.area_code, p.era_since FROM pairs x CROSS JOIN LATERAL ansinh_area_path(x.commune_code, x.start_date) p
    ), agg AS (
      SELECT pp.area_code, pp.era_since, r.scheme, r.kind, g.grain, g.bucket, count(*) AS n, sum(r.amount) AS amount
      FROM r JOIN pp ON pp.commune_code = r.commune_code AND pp.start_date = r.start_date
      CROSS JOIN LATERAL (VALUES ('y', date_trunc('year', r.start_date::timestamp)::date), ('m', date_trunc('month', r.start_date::timestamp)::date), ('d', r.start_date)) g(grain, bucket)
      GROUP BY 1, 2, 3, 4, 5, 6
    )
    INSERT INTO enrolment_counts AS c (area_code, era_since, scheme, kind, grain, bucket, n, amount)
    SELECT area_code, era_since, scheme, kind, grain, bucket, n, amount FROM agg
    ON CONFLICT (area_code, scheme, grain, bucket, kind, era_since)
    DO UPDATE SET n = c.n + excluded.n, amount = c.amount + excluded.amount;
    lo := hi + 1;
  END LOOP;
  INSERT INTO event_enrolment_counts (event_id, scheme, n)
  SELECT outreach_event_id, scheme, count(*) FROM enrolments
  WHERE outreach_event_id IS NOT NULL AND status <> 'cancelled' GROUP BY 1, 2;
  SELECT min(id), max(id) INTO lo, top FROM participants;
  WHILE lo IS NOT NULL AND lo <= top LOOP
    PERFORM ansinh_refresh_coverage(array(SELECT id FROM participants WHERE id BETWEEN lo AND lo + slice - 1 ORDER BY id));
    lo := lo + slice;
  END LOOP;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ansinh_rebuild_aggregates(slice int DEFAULT 100000) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE enrolment_counts, coverage_counts, coverage_changes, event_enrolment_counts;
  PERFORM ansinh_fill_aggregates(slice);
END $$;
--> statement-breakpoint
-- TRUNCATE fires no row or statement DELETE trigger: the aggregates are rebuilt from what is left.
CREATE OR REPLACE FUNCTION ansinh_registry_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- DELETE, not TRUNCATE: the statement that fired this may be truncating these tables too.
  DELETE FROM enrolment_counts;
  DELETE FROM coverage_counts;
  DELETE FROM coverage_changes;
  DELETE FROM event_enrolment_counts;
  PERFORM ansinh_fill_aggregates(100000);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enrolments_aggregate_truncate AFTER TRUNCATE ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION ansinh_registry_truncated();
--> statement-breakpoint
CREATE TRIGGER payments_aggregate_truncate AFTER TRUNCATE ON payments FOR EACH STATEMENT EXECUTE FUNCTION ansinh_registry_truncated();
--> statement-breakpoint
-- Every API process keeps signed-in sessions and their roles in memory and LISTENs on this
-- channel: a change to a user, a session or a role empties every process's cache at once.
CREATE OR REPLACE FUNCTION ansinh_notify_auth() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ansinh_auth', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER auth_user_notify AFTER UPDATE OR DELETE OR TRUNCATE ON auth_user FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_auth();
--> statement-breakpoint
CREATE TRIGGER auth_session_notify AFTER UPDATE OR DELETE OR TRUNCATE ON auth_session FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_auth();
--> statement-breakpoint
CREATE TRIGGER role_assignments_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_assignments FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_auth();
