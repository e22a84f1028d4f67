// Deterministic figures for the dashboard and coverage benchmark (apps/api/bench/dashboard.mjs):
// populations, insured counts by group and annual plans for every unit of a unit list. Pure: the
// same units give the same figures on every run and every machine (no clock, no Math.random).
//
// Leaf units (communes, and districts without communes) get invented figures seeded by their code
// and era; every parent gets the sums of its children, as an aggregate report would give — so a
// parent's own figure and the roll-up of its children agree, whichever a query reads.

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: the seed of one unit's figures. */
export function seedOf(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Health-insurance insured groups and their rough shares of the population. */
export const HEALTH_GROUPS = [
  ["households", 0.36],
  ["employees", 0.14],
  ["poor_and_near_poor", 0.08],
  ["children_under_6", 0.08],
  ["students", 0.12],
  ["state_budget_other", 0.1],
];
/** Social-insurance insured groups and their rough shares of the working-age population. */
export const SOCIAL_GROUPS = [
  ["compulsory", 0.27],
  ["voluntary", 0.035],
];

/**
 * @typedef {{ id: number, code: string, level: string, parentCode: string | null, validFrom: string }} Unit
 * @typedef {{ reportDates: string[], years: number[], plans: { periodStart: string, periodEnd: string }[] }} Era
 */

/**
 * Figures for every unit of the lists. `eras` maps a unit's `validFrom` to its report dates
 * (ascending), population years and plan periods.
 * @param {Unit[]} units
 * @param {Record<string, Era>} eras
 * @param {{ leavesOnly?: boolean }} [options] leavesOnly: parents get no figures of their own (a roll-up must sum them)
 */
export function generateFigures(units, eras, { leavesOnly = false } = {}) {
  const key = (code, validFrom) => `${validFrom}|${code}`;
  const byKey = new Map(units.map((u) => [key(u.code, u.validFrom), u]));
  const children = new Map();
  for (const u of units) {
    if (u.parentCode === null || !byKey.has(key(u.parentCode, u.validFrom))) continue;
    const k = key(u.parentCode, u.validFrom);
    if (!children.has(k)) children.set(k, []);
    children.get(k).push(u);
  }
  const provinceOf = (u) => {
    let p = u;
    while (p.parentCode !== null && byKey.has(key(p.parentCode, p.validFrom))) p = byKey.get(key(p.parentCode, p.validFrom));
    return p.code;
  };

  /** Per unit: { pop: [{ year, total, workingAge }], insured: [{ asOf, scheme, group, count }], plans: [...] } */
  const memo = new Map();
  const figuresOf = (u) => {
    const k = key(u.code, u.validFrom);
    const known = memo.get(k);
    if (known) return known;
    const era = eras[u.validFrom];
    if (!era) throw new Error(`no era for units valid from ${u.validFrom}`);
    const kids = children.get(k) ?? [];
    let out;
    if (kids.length === 0) {
      const rnd = prng(seedOf(k));
      const base = 2500 + Math.floor(rnd() * 30000);
      const working = 0.55 + rnd() * 0.12;
      const pop = era.years.map((year, i) => {
        const total = Math.round(base * (1 + 0.011 * i));
        return { year, total, workingAge: Math.round(total * working) };
      });
      const last = pop.at(-1);
      const insured = [];
      era.reportDates.forEach((asOf, i) => {
        const progress = 0.95 + (0.05 * (i + 1)) / era.reportDates.length;
        for (const [group, share] of HEALTH_GROUPS) {
          insured.push({ asOf, scheme: "health_insurance", group, count: Math.round(last.total * share * (0.85 + rnd() * 0.2) * progress) });
        }
        for (const [group, share] of SOCIAL_GROUPS) {
          insured.push({ asOf, scheme: "social_insurance", group, count: Math.round(last.workingAge * share * (0.6 + rnd() * 0.8) * progress) });
        }
      });
      const plans = era.plans.flatMap(({ periodStart, periodEnd }) => [
        {
          periodStart,
          periodEnd,
          scheme: "voluntary_social_insurance",
          measure: "new_participants",
          value: Math.max(1, Math.round(last.workingAge * (0.004 + rnd() * 0.006))),
        },
        {
          periodStart,
          periodEnd,
          scheme: "household_health_insurance",
          measure: "new_participants",
          value: Math.max(1, Math.round(last.total * (0.01 + rnd() * 0.02))),
        },
      ]);
      out = { pop, insured, plans };
    } else {
      const sums = kids.map(figuresOf);
      const sumBy = (lists, keyOf, field) => {
        const acc = new Map();
        for (const list of lists) {
          for (const row of list) {
            const kk = keyOf(row);
            const have = acc.get(kk);
            if (have) have[field] += row[field];
            else acc.set(kk, { ...row });
          }
        }
        return [...acc.values()];
      };
      const pop = era.years.map((year) => {
        let total = 0;
        let workingAge = 0;
        for (const s of sums) {
          const p = s.pop.find((x) => x.year === year);
          total += p.total;
          workingAge += p.workingAge;
        }
        return { year, total, workingAge };
      });
      const insured = sumBy(
        sums.map((s) => s.insured),
        (r) => `${r.asOf}|${r.scheme}|${r.group}`,
        "count",
      );
      const plans = sumBy(
        sums.map((s) => s.plans),
        (r) => `${r.periodStart}|${r.scheme}|${r.measure}`,
        "value",
      );
      out = { pop, insured, plans };
    }
    memo.set(k, out);
    return out;
  };

  const populations = [];
  const coverage = [];
  const targets = [];
  for (const u of units) {
    const f = figuresOf(u);
    if (leavesOnly && (children.get(key(u.code, u.validFrom)) ?? []).length > 0) continue;
    for (const p of f.pop) populations.push({ areaId: u.id, ...p });
    for (const r of f.insured) coverage.push({ areaId: u.id, ...r });
    const province = provinceOf(u);
    for (const t of f.plans)
      targets.push({ provinceCode: province, areaCode: u.code, areaValidOn: t.periodStart < u.validFrom ? u.validFrom : t.periodStart, ...t });
  }
  return { populations, coverage, targets };
}
