CREATE TABLE "retention_counts" (
	"area_code" text NOT NULL,
	"era_since" date NOT NULL,
	"scheme" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"agent_id" integer NOT NULL,
	"collector_id" text NOT NULL,
	"outcome" text NOT NULL,
	"ended30" bigint NOT NULL,
	"renewed30" bigint NOT NULL,
	"ended90" bigint NOT NULL,
	"renewed90" bigint NOT NULL,
	CONSTRAINT "retention_counts_pk" PRIMARY KEY("area_code","scheme","grain","bucket","era_since","agent_id","collector_id","outcome")
);
--> statement-breakpoint
CREATE TABLE "retention_items" (
	"participant_id" bigint NOT NULL,
	"scheme" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"end_day" date NOT NULL,
	"commune_code" text NOT NULL,
	"ref_date" date NOT NULL,
	"agent_id" integer NOT NULL,
	"collector_id" text NOT NULL,
	"outcome" text NOT NULL,
	"ended30" smallint NOT NULL,
	"renewed30" smallint NOT NULL,
	"ended90" smallint NOT NULL,
	"renewed90" smallint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "retention_items_participant_idx" ON "retention_items" USING btree ("participant_id","scheme");--> statement-breakpoint
-- Issue 28: retention kept incrementally (see retention_items in schema/aggregates.ts). The
-- domain's `retention` (registry/retention.ts) per person, scheme and calendar year / month:
-- checked against it and against a GROUP BY by apps/api/test/retention-aggregates.test.ts.
CREATE OR REPLACE FUNCTION ansinh_retention_items_of(pids bigint[])
RETURNS TABLE(participant_id bigint, scheme text, grain text, bucket date, end_day date, commune_code text, ref_date date,
  agent_id integer, collector_id text, outcome text, ended30 smallint, renewed30 smallint, ended90 smallint, renewed90 smallint)
LANGUAGE sql STABLE AS $$
  WITH ids AS (
    SELECT DISTINCT x.id FROM unnest(pids) AS x(id)
  ), pay AS (
    SELECT p.id, p.participant_id, e.scheme, p.cover_to, p.receipt_date, p.agent_id, e.collector_id, e.commune_code, e.start_date
    FROM ids JOIN participants pp ON pp.id = ids.id AND pp.merged_into_id IS NULL
    JOIN payments p ON p.participant_id = ids.id JOIN enrolments e ON e.id = p.enrolment_id
    WHERE e.status <> 'cancelled'
  ), ends AS (
    -- per period, the latest end of cover (the same day paid twice: the later payment's attribution)
    SELECT DISTINCT ON (pay.participant_id, pay.scheme, g.grain, g.bucket) pay.*, g.grain, g.bucket
    FROM pay CROSS JOIN LATERAL (VALUES ('y', date_trunc('year', pay.cover_to::timestamp)::date), ('m', date_trunc('month', pay.cover_to::timestamp)::date)) g(grain, bucket)
    ORDER BY pay.participant_id, pay.scheme, g.grain, g.bucket, pay.cover_to DESC, pay.id DESC
  ), renewed AS (
    -- Renewed within 30 / 90 days of an end: a later cover paid by then. A join on the person (a
    -- hash join, each person's payments against their own ends), not a subquery per end scanning
    -- every payment of the statement: that was quadratic in the statement's size.
    SELECT en.participant_id, en.scheme, en.cover_to, bool_or(q.receipt_date <= en.cover_to + 30) AS r30
    FROM (SELECT DISTINCT participant_id, scheme, cover_to FROM ends) en
    JOIN pay q ON q.participant_id = en.participant_id AND q.scheme = en.scheme AND q.cover_to > en.cover_to AND q.receipt_date <= en.cover_to + 90
    GROUP BY 1, 2, 3
  ), judged AS (
    SELECT en.*, pp.eligibility_ended_on AS gone,
      coalesce(rn.r30, false) AS r30,
      rn.participant_id IS NOT NULL AS r90,
      (SELECT o.outcome FROM contact_outcomes o WHERE o.participant_id = en.participant_id AND o.scheme = en.scheme AND o.covered_until = en.cover_to
        ORDER BY o.recorded_at DESC, o.id DESC LIMIT 1) AS last_outcome
    FROM ends en JOIN participants pp ON pp.id = en.participant_id
    LEFT JOIN renewed rn ON rn.participant_id = en.participant_id AND rn.scheme = en.scheme AND rn.cover_to = en.cover_to
  )
  SELECT j.participant_id, j.scheme, j.grain, j.bucket, j.cover_to, j.commune_code, j.start_date,
    coalesce(j.agent_id, 0), coalesce(j.collector_id, ''), coalesce(j.last_outcome, ''),
    (j.gone IS NULL OR j.gone > j.cover_to + 30)::int::smallint,
    (j.r30 AND (j.gone IS NULL OR j.gone > j.cover_to + 30))::int::smallint,
    (j.gone IS NULL OR j.gone > j.cover_to + 90)::int::smallint,
    (j.r90 AND (j.gone IS NULL OR j.gone > j.cover_to + 90))::int::smallint
  FROM judged j
$$;
--> statement-breakpoint
-- Takes the participants' old contribution out of retention_counts and puts the new one in.
CREATE OR REPLACE FUNCTION ansinh_refresh_retention(pids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF pids IS NULL OR cardinality(pids) = 0 THEN RETURN; END IF;
  WITH gone AS (
    DELETE FROM retention_items r USING (SELECT DISTINCT x.id FROM unnest(pids) AS x(id)) ids WHERE r.participant_id = ids.id
    RETURNING r.scheme, r.grain, r.bucket, r.commune_code, r.ref_date, r.agent_id, r.collector_id, r.outcome,
      -r.ended30 AS ended30, -r.renewed30 AS renewed30, -r.ended90 AS ended90, -r.renewed90 AS renewed90
  ), fresh AS (
    INSERT INTO retention_items (participant_id, scheme, grain, bucket, end_day, commune_code, ref_date, agent_id, collector_id, outcome, ended30, renewed30, ended90, renewed90)
    SELECT * FROM ansinh_retention_items_of(pids)
    RETURNING scheme, grain, bucket, commune_code, ref_date, agent_id, collector_id, outcome, ended30, renewed30, ended90, renewed90
  ), d AS (
    SELECT scheme, grain, bucket, commune_code, ref_date, agent_id, collector_id, outcome,
      ended30::int AS ended30, renewed30::int AS renewed30, ended90::int AS ended90, renewed90::int AS renewed90 FROM gone
    UNION ALL
    SELECT scheme, grain, bucket, commune_code, ref_date, agent_id, collector_id, outcome, ended30::int, renewed30::int, ended90::int, renewed90::int FROM fresh
  ), pairs AS (
    SELECT DISTINCT commune_code, ref_date FROM d
  ), pp AS MATERIALIZED (
    SELECT x.commune_code, x.ref_date, p.area_code, p.era_since FROM pairs x CROSS JOIN LATERAL ansinh_record_paths(x.commune_code, x.ref_date) p
  ), agg AS (
    SELECT pp.area_code, pp.era_since, d.scheme, d.grain, d.bucket, d.agent_id, d.collector_id, d.outcome,
      sum(d.ended30) AS ended30, sum(d.renewed30) AS renewed30, sum(d.ended90) AS ended90, sum(d.renewed90) AS renewed90
    FROM d JOIN pp ON pp.commune_code = d.commune_code AND pp.ref_date = d.ref_date
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(d.ended30) <> 0 OR sum(d.renewed30) <> 0 OR sum(d.ended90) <> 0 OR sum(d.renewed90) <> 0
  )
  INSERT INTO retention_counts AS c (area_code, era_since, scheme, grain, bucket, agent_id, collector_id, outcome, ended30, renewed30, ended90, renewed90)
  SELECT * FROM agg
  ORDER BY area_code, scheme, grain, bucket, era_since, agent_id, collector_id, outcome
  ON CONFLICT (area_code, scheme, grain, bucket, era_since, agent_id, collector_id, outcome)
  DO UPDATE SET ended30 = c.ended30 + excluded.ended30, renewed30 = c.renewed30 + excluded.renewed30,
    ended90 = c.ended90 + excluded.ended90, renewed90 = c.renewed90 + excluded.renewed90;
END $$;
--> statement-breakpoint
ALTER FUNCTION ansinh_refresh_retention(bigint[]) SET jit = off;
--> statement-breakpoint
-- Every write to enrolments and payments refreshes its participants' coverage (0011): their
-- retention follows in the same call, so imports, merges, the rebuild and a COPY keep it too.
CREATE OR REPLACE FUNCTION ansinh_refresh_coverage(pids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF pids IS NULL OR cardinality(pids) = 0 THEN RETURN; END IF;
  -- Each participant's coverage segments (0010), in the same statement's transaction.
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
    SELECT x.commune_code, x.ref_date, p.area_code, p.era_since FROM pairs x CROSS JOIN LATERAL ansinh_record_paths(x.commune_code, x.ref_date) p
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
  PERFORM ansinh_refresh_retention(pids);
END $$;
--> statement-breakpoint
ALTER FUNCTION ansinh_refresh_coverage(bigint[]) SET jit = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ansinh_rebuild_coverage(slice int DEFAULT 100000) RETURNS void LANGUAGE plpgsql AS $$
DECLARE lo bigint; top bigint;
BEGIN
  DELETE FROM coverage_counts;
  DELETE FROM coverage_changes;
  DELETE FROM retention_counts;
  DELETE FROM retention_items;
  SELECT min(id), max(id) INTO lo, top FROM participants;
  WHILE lo IS NOT NULL AND lo <= top LOOP
    PERFORM ansinh_refresh_coverage(array(SELECT id FROM participants WHERE id BETWEEN lo AND lo + slice - 1 ORDER BY id));
    lo := lo + slice;
  END LOOP;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ansinh_rebuild_aggregates(slice int DEFAULT 100000) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE enrolment_counts, coverage_counts, coverage_changes, event_enrolment_counts, participant_coverage, retention_counts, retention_items;
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
  DELETE FROM retention_counts;
  DELETE FROM retention_items;
  PERFORM ansinh_fill_aggregates(100000);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A contact outcome explains a loss: the item's latest outcome moves the person's rows to it.
CREATE OR REPLACE FUNCTION ansinh_outcomes_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ansinh.defer_aggregates', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM ansinh_refresh_retention(array(SELECT DISTINCT n.participant_id FROM new_rows n ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM ansinh_refresh_retention(array(SELECT DISTINCT o.participant_id FROM old_rows o ORDER BY 1));
  ELSE
    PERFORM ansinh_refresh_retention(array(SELECT o.participant_id FROM old_rows o UNION SELECT n.participant_id FROM new_rows n ORDER BY 1));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contact_outcomes_retention_ins AFTER INSERT ON contact_outcomes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_outcomes_retention();
--> statement-breakpoint
CREATE TRIGGER contact_outcomes_retention_upd AFTER UPDATE ON contact_outcomes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_outcomes_retention();
--> statement-breakpoint
CREATE TRIGGER contact_outcomes_retention_del AFTER DELETE ON contact_outcomes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_outcomes_retention();
--> statement-breakpoint
-- Eligibility ended (died, joined compulsory insurance) or a merge: the person leaves the
-- denominators the rules say (registry/retention.ts), in the same statement's transaction.
CREATE OR REPLACE FUNCTION ansinh_participants_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ansinh.defer_aggregates', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM ansinh_refresh_retention(array(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.eligibility_ended_on IS DISTINCT FROM o.eligibility_ended_on OR n.merged_into_id IS DISTINCT FROM o.merged_into_id
    ORDER BY 1));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER participants_retention AFTER UPDATE ON participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ansinh_participants_retention();
--> statement-breakpoint
-- The dashboard's cached answers are emptied when the figures change (0008).
CREATE TRIGGER retention_counts_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON retention_counts FOR EACH STATEMENT EXECUTE FUNCTION ansinh_notify_figures();
--> statement-breakpoint
-- The registry already stored: its retention, in slices of ids.
DO $$
DECLARE lo bigint; top bigint;
BEGIN
  SELECT min(id), max(id) INTO lo, top FROM participants;
  WHILE lo IS NOT NULL AND lo <= top LOOP
    PERFORM ansinh_refresh_retention(array(SELECT id FROM participants WHERE id BETWEEN lo AND lo + 99999 ORDER BY id));
    lo := lo + 100000;
  END LOOP;
END $$;
