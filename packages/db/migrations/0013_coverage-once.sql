-- A bulk import's merge inserts participants, enrolments and payments in one statement; the
-- statement-level triggers of enrolments and of payments then both worked out the coverage of every
-- new person (issue 20: about a third of a chunk's time). An enrolment inserted with its payments
-- in the same statement is left to the payments' trigger, which runs at the end of that statement
-- and sees both; an enrolment inserted without payments (a household member not yet paid: "not
-- started") is refreshed by its own trigger, as before. Updates and deletions of enrolments (a
-- cancellation, a merge) refresh every participant they touch, as before.
CREATE OR REPLACE FUNCTION ansinh_enrolments_changed(rows ansinh_enrolment_delta[], with_coverage boolean) RETURNS void LANGUAGE plpgsql AS $$
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

  IF with_coverage THEN
    PERFORM ansinh_refresh_coverage(array(SELECT DISTINCT x.participant_id FROM unnest(rows) x ORDER BY 1));
  END IF;
END $$;
--> statement-breakpoint
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
  PERFORM ansinh_enrolments_changed(d, TG_OP <> 'INSERT');
  IF TG_OP = 'INSERT' THEN
    PERFORM ansinh_refresh_coverage(array(
      SELECT DISTINCT n.participant_id FROM new_rows n
      WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.enrolment_id = n.id)
      ORDER BY 1));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS ansinh_enrolments_changed(ansinh_enrolment_delta[]);
