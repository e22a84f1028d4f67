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
