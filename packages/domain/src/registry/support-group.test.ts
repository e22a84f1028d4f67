import { describe, expect, it } from "vitest";
import { claimLacksEvidence, EVIDENCED_GROUPS } from "./support-group.js";

describe("claimLacksEvidence (the lists show support claims without evidence)", () => {
  it("a poor or near-poor claim without evidence lacks it; with evidence, or another group, it does not", () => {
    expect(EVIDENCED_GROUPS).toEqual(["poor", "near_poor"]);
    expect(claimLacksEvidence({ supportGroups: ["poor"], supportEvidence: null })).toBe(true);
    expect(claimLacksEvidence({ supportGroups: ["near_poor", "ethnic_minority"], supportEvidence: "  " })).toBe(true);
    expect(claimLacksEvidence({ supportGroups: ["near_poor"], supportEvidence: undefined })).toBe(true);
    expect(claimLacksEvidence({ supportGroups: ["poor"], supportEvidence: "GCN 12/2025" })).toBe(false);
    expect(claimLacksEvidence({ supportGroups: ["ethnic_minority"], supportEvidence: null })).toBe(false);
    expect(claimLacksEvidence({ supportGroups: ["island"], supportEvidence: null })).toBe(false);
    expect(claimLacksEvidence({ supportGroups: [], supportEvidence: null })).toBe(false);
    expect(claimLacksEvidence({ supportGroups: null, supportEvidence: null })).toBe(false);
  });
});
