/**
 * Untyped callers (plain JavaScript, an API body) get a coded DomainError from every function of
 * the rule modules, never a TypeError, whatever they pass. (The date helpers of
 * `@ansinh/domain/dates` are low-level and assume valid ISO dates; check with `isIsoDate`.)
 */
import { describe, expect, it } from "vitest";
import * as areas from "./areas/index.js";
import * as contributions from "./contributions/index.js";
import * as coverage from "./coverage/index.js";
import * as eligibility from "./eligibility/index.js";
import { isDomainError } from "./errors.js";
import * as identity from "./identity/index.js";
import * as outreach from "./outreach/index.js";
import * as rates from "./rates/index.js";
import * as registry from "./registry/index.js";
import * as targets from "./targets/index.js";

const modules = { areas, contributions, coverage, eligibility, identity, outreach, rates, registry, targets };
const bad: unknown[] = [undefined, null, "x", 42, [], {}, new Date("2026-08-01")];

/**
 * Functions that answer any value, by design: the identity checks return `{ valid, problems }`,
 * the registry's `checkPhone` `{ ok, problem }`, its `is…` predicates a boolean, and its
 * spreadsheet readers null for what they cannot read.
 */
const total = new Set([
  "checkSocialInsuranceNumber",
  "checkPhone",
  "isHealthCardCode",
  "isFacilityCode",
  "facilityProvince",
  "parseSheetDate",
  "parseSheetAmount",
  "parseSheetInteger",
]);

describe("bad arguments", () => {
  const cases = Object.entries(modules).flatMap(([m, mod]) =>
    Object.entries(mod)
      .filter(([k, f]) => typeof f === "function" && !k.endsWith("Schema") && k !== "walkTree")
      .map(([k, f]) => [`${m}.${k}`, f as (...a: unknown[]) => unknown] as const),
  );

  it("covers the exported functions", () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(cases.filter(([n]) => n.startsWith("registry.")).length).toBeGreaterThan(20);
  });

  it.each(cases)("%s answers with a result or a coded DomainError, never a TypeError", (name, f) => {
    for (const a of bad) {
      for (const args of [[a], [a, a], [a, a, a]]) {
        try {
          f(...args);
        } catch (e) {
          expect(isDomainError(e), `${name}(${args.map((x) => JSON.stringify(x) ?? String(x)).join(", ")}) threw ${String(e)}`).toBe(true);
        }
      }
    }
    if (total.has(name.split(".")[1]!)) expect(() => f(undefined)).not.toThrow();
  });
});
