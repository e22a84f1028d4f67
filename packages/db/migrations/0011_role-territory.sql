ALTER TABLE "role_assignments" ADD COLUMN "area_valid_on" date;--> statement-breakpoint
-- Issue 22: a role is held on a unit as it was on a date. A role stored without the date gets the
-- day its code is in force: today in Vietnam, or the last day of its last version (a district
-- dissolved in 2025 keeps naming that district), or its first day (a unit not yet in force).
CREATE OR REPLACE FUNCTION ansinh_role_valid_on() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
BEGIN
  IF NEW.area_code IS NULL THEN
    NEW.area_valid_on := NULL;
  ELSIF NEW.area_valid_on IS NULL OR (TG_OP = 'UPDATE' AND NEW.area_code IS DISTINCT FROM OLD.area_code AND NEW.area_valid_on IS NOT DISTINCT FROM OLD.area_valid_on) THEN
    NEW.area_valid_on := (
      SELECT CASE WHEN bool_or(a.valid_from <= today AND (a.valid_to IS NULL OR a.valid_to >= today)) THEN today
                  ELSE coalesce(max(a.valid_to) FILTER (WHERE a.valid_to < today), min(a.valid_from)) END
      FROM areas a WHERE a.code = NEW.area_code);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER role_assignments_valid_on BEFORE INSERT OR UPDATE ON role_assignments FOR EACH ROW EXECUTE FUNCTION ansinh_role_valid_on();
--> statement-breakpoint
UPDATE role_assignments SET area_valid_on = NULL WHERE area_code IS NOT NULL;
--> statement-breakpoint
-- The territory of a unit as it was on p_valid_on, on the day p_on: the domain's `territoryOn`
-- (@ansinh/domain/areas, territory.ts), property-tested against it (apps/api/test/territory.test.ts).
-- Same era (no reform takes effect between the days): the unit's subtree on p_on. Otherwise its
-- leaves on p_valid_on are carried through each reform's mapping (forward: old → new; backward:
-- new → old), then the units of p_on: the mapped ones with their subtrees, and every unit all of
-- whose leaves are among them.
CREATE OR REPLACE FUNCTION ansinh_territory(p_code text, p_valid_on date, p_on date)
RETURNS TABLE(unit_code text) LANGUAGE plpgsql STABLE AS $$
DECLARE
  cur text[];
  step date;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = p_code AND a.valid_from <= p_valid_on AND (a.valid_to IS NULL OR a.valid_to >= p_valid_on)) THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM area_mappings m WHERE m.new_valid_on > least(p_valid_on, p_on) AND m.new_valid_on <= greatest(p_valid_on, p_on)) THEN
    RETURN QUERY
      WITH RECURSIVE live AS (
        SELECT a.code, a.parent_code FROM areas a WHERE a.valid_from <= p_on AND (a.valid_to IS NULL OR a.valid_to >= p_on)
      ), sub(code) AS (
        SELECT l.code FROM live l WHERE l.code = p_code
        UNION SELECT l.code FROM live l JOIN sub ON l.parent_code = sub.code
      )
      SELECT sub.code FROM sub;
    RETURN;
  END IF;
  WITH RECURSIVE live AS (
    SELECT a.code, a.parent_code FROM areas a WHERE a.valid_from <= p_valid_on AND (a.valid_to IS NULL OR a.valid_to >= p_valid_on)
  ), sub(code) AS (
    SELECT l.code FROM live l WHERE l.code = p_code
    UNION SELECT l.code FROM live l JOIN sub ON l.parent_code = sub.code
  )
  SELECT coalesce(array_agg(s.code), '{}') INTO cur FROM sub s WHERE NOT EXISTS (SELECT 1 FROM live l WHERE l.parent_code = s.code);
  IF p_on > p_valid_on THEN
    FOR step IN SELECT DISTINCT m.new_valid_on FROM area_mappings m WHERE m.new_valid_on > p_valid_on AND m.new_valid_on <= p_on ORDER BY 1 LOOP
      cur := array(SELECT DISTINCT m.new_code FROM area_mappings m WHERE m.new_valid_on = step AND m.old_code = ANY(cur));
    END LOOP;
  ELSE
    FOR step IN SELECT DISTINCT m.new_valid_on FROM area_mappings m WHERE m.new_valid_on > p_on AND m.new_valid_on <= p_valid_on ORDER BY 1 DESC LOOP
      cur := array(SELECT DISTINCT m.old_code FROM area_mappings m WHERE m.new_valid_on = step AND m.new_code = ANY(cur));
    END LOOP;
  END IF;
  RETURN QUERY
    WITH RECURSIVE live AS (
      SELECT a.code, a.parent_code FROM areas a WHERE a.valid_from <= p_on AND (a.valid_to IS NULL OR a.valid_to >= p_on)
    ), sub(code) AS (
      SELECT l.code FROM live l WHERE l.code = ANY(cur)
      UNION SELECT l.code FROM live l JOIN sub ON l.parent_code = sub.code
    ), cand(code) AS (
      SELECT p.code FROM live l JOIN sub ON sub.code = l.code JOIN live p ON p.code = l.parent_code
      UNION SELECT p.code FROM live l JOIN cand ON cand.code = l.code JOIN live p ON p.code = l.parent_code
    ), down(top, code) AS (
      SELECT cand.code, cand.code FROM cand
      UNION ALL SELECT down.top, l.code FROM live l JOIN down ON l.parent_code = down.code
    ), whole AS (
      SELECT down.top FROM down
      WHERE NOT EXISTS (SELECT 1 FROM live c WHERE c.parent_code = down.code)
      GROUP BY down.top HAVING bool_and(down.code IN (SELECT sub.code FROM sub))
    )
    SELECT sub.code FROM sub UNION SELECT whole.top FROM whole;
END $$;

--> statement-breakpoint
-- Issue 22, coverage across eras: where a record counts after each later reform — its commune's
-- home on that reform's first day (the first by code of the units it went into: the domain's
-- `homeOn`), reform after reform; (null, day) once the mapping does not carry it. `p_on` bounds
-- the reforms followed.
CREATE OR REPLACE FUNCTION ansinh_homes(p_code text, p_day date, p_on date)
RETURNS TABLE(home_code text, home_day date) LANGUAGE sql STABLE AS $$
  WITH RECURSIVE h(code, day) AS (
    SELECT p_code, p_day
    UNION ALL
    SELECT (SELECT min(m.new_code) FROM area_mappings m WHERE m.old_code = h.code AND m.new_valid_on = r.d), r.d
    FROM h CROSS JOIN LATERAL (SELECT min(m2.new_valid_on) AS d FROM area_mappings m2 WHERE m2.new_valid_on > h.day AND m2.new_valid_on <= p_on) r
    WHERE r.d IS NOT NULL AND h.code IS NOT NULL
  )
  SELECT h.code, h.day FROM h
$$;
--> statement-breakpoint
-- The unit paths a record counts on: its commune's path on its date, and the path of its home
-- after each later reform (each with its era), once each. A person active since 2020 counts on
-- the 2025 commune that took over their commune, for active and lapsed (ansinh_refresh_coverage).
CREATE OR REPLACE FUNCTION ansinh_record_paths(p_code text, p_day date)
RETURNS TABLE(area_code text, era_since date) LANGUAGE sql STABLE AS $$
  SELECT DISTINCT p.area_code, p.era_since
  FROM ansinh_homes(p_code, p_day, 'infinity'::date) h CROSS JOIN LATERAL ansinh_area_path(h.home_code, h.home_day) p
  WHERE h.home_code IS NOT NULL
$$;
--> statement-breakpoint
-- Takes the participants' old contribution out of coverage_counts and puts the new one in (as in
-- 0006, on every path of ansinh_record_paths). A change of the mapping changes those paths: it is
-- followed by a rebuild (import-area-mapping, the demo's seed).
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
END $$;
--> statement-breakpoint
-- After a change of the mapping: every participant's coverage again, on the new paths.
CREATE OR REPLACE FUNCTION ansinh_rebuild_coverage(slice int DEFAULT 100000) RETURNS void LANGUAGE plpgsql AS $$
DECLARE lo bigint; top bigint;
BEGIN
  DELETE FROM coverage_counts;
  DELETE FROM coverage_changes;
  SELECT min(id), max(id) INTO lo, top FROM participants;
  WHILE lo IS NOT NULL AND lo <= top LOOP
    PERFORM ansinh_refresh_coverage(array(SELECT id FROM participants WHERE id BETWEEN lo AND lo + slice - 1 ORDER BY id));
    lo := lo + slice;
  END LOOP;
END $$;
--> statement-breakpoint
-- The refresh runs once per writing statement on a few people: JIT compiling its plan (inlined
-- record paths look costly to the planner) took ~0.9 s per statement, the work itself ~15 ms.
ALTER FUNCTION ansinh_refresh_coverage(bigint[]) SET jit = off;
