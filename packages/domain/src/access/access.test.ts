import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  can,
  capabilitiesAt,
  maskPersonalId,
  maskPhone,
  mayCollectFor,
  mayManageUser,
  roleAssignmentListSchema,
  roleAssignmentSchema,
  roles,
  staffDataVisibility,
} from "./index.js";

describe("access", () => {
  it("gives each role exactly its actions", () => {
    expect(roles.filter((r) => can(r, "administer"))).toEqual(["admin"]);
    expect(roles.filter((r) => can(r, "manage"))).toEqual(["admin", "manager"]);
    expect(roles.filter((r) => can(r, "write"))).toEqual(["admin", "manager", "collector"]);
    expect(roles.filter((r) => can(r, "read_personal"))).toEqual(["admin", "manager", "collector"]);
    expect(roles.every((r) => can(r, "read"))).toBe(true);
  });

  it("reaches an area through any ancestor, and nothing outside", () => {
    const mine = [
      { role: "manager" as const, areaCode: "913" },
      { role: "viewer" as const, areaCode: "91" },
    ];
    expect([...capabilitiesAt(mine, ["91", "913", "31051"])].sort()).toEqual(["manage", "read", "read_personal", "write"]);
    expect([...capabilitiesAt(mine, ["91", "909"])]).toEqual(["read"]);
    expect(capabilitiesAt(mine, ["01", "001"]).size).toBe(0);
    expect(capabilitiesAt([{ role: "admin", areaCode: null }], ["01"]).has("administer")).toBe(true);
  });

  it("refuses a national role for anyone but an admin", () => {
    expect(roleAssignmentSchema.safeParse({ role: "viewer", areaCode: null }).success).toBe(false);
    expect(roleAssignmentSchema.safeParse({ role: "admin", areaCode: null }).success).toBe(true);
    expect(roleAssignmentSchema.safeParse({ role: "manager", areaCode: "9x" }).success).toBe(false);
  });

  it("masks IDs and phones, keeping only what identifies the region", () => {
    expect(maskPersonalId("091203004567")).toBe("091*******67");
    expect(maskPhone("0912 345 678")).toBe("09*****678");
    expect(maskPersonalId(null)).toBeNull();
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6,15}$/), (id) => {
        const m = maskPersonalId(id)!;
        expect(m).toHaveLength(id.length);
        expect(m.slice(3, -2)).toMatch(/^\*+$/);
      }),
    );
  });
});

describe("mayManageUser", () => {
  const district = new Set(["913", "91301", "91303"]);
  it("lets a national admin manage anyone", () => {
    expect(mayManageUser(null, [{ role: "admin", areaCode: null }])).toBe(true);
    expect(mayManageUser(null, [])).toBe(true);
  });

  it("lets an area admin manage a user only when every role is a non-admin role inside its areas", () => {
    expect(
      mayManageUser(district, [
        { role: "collector", areaCode: "913" },
        { role: "viewer", areaCode: "91301" },
      ]),
    ).toBe(true);
    // one role inside and one outside: not this admin's user (a hole an outside test found)
    expect(
      mayManageUser(district, [
        { role: "collector", areaCode: "913" },
        { role: "viewer", areaCode: "911" },
      ]),
    ).toBe(false);
    // a national admin is never an area admin's to manage
    expect(mayManageUser(district, [{ role: "admin", areaCode: null }])).toBe(false);
    // nor another admin, even inside the area: only national admins create and manage admins
    expect(mayManageUser(district, [{ role: "admin", areaCode: "91301" }])).toBe(false);
    // a user without a role is outside every area
    expect(mayManageUser(district, [])).toBe(false);
    expect(mayManageUser(new Set(), [{ role: "viewer", areaCode: "913" }])).toBe(false);
  });

  it("never lets an area admin reach a role outside its areas (property)", () => {
    const code = fc.stringMatching(/^\d{2,5}$/);
    const assignment = fc.record({ role: fc.constantFrom(...roles), areaCode: fc.option(code, { nil: null }) });
    fc.assert(
      fc.property(fc.uniqueArray(code, { maxLength: 5 }), fc.array(assignment, { maxLength: 5 }), (codes, list) => {
        const scope = new Set(codes);
        if (mayManageUser(scope, list)) {
          expect(list.length).toBeGreaterThan(0);
          for (const a of list) {
            expect(a.role).not.toBe("admin");
            expect(a.areaCode !== null && scope.has(a.areaCode)).toBe(true);
          }
        }
      }),
    );
  });

  it("refuses the same role on the same area twice in one list", () => {
    expect(
      roleAssignmentListSchema.safeParse([
        { role: "viewer", areaCode: "913" },
        { role: "viewer", areaCode: "913" },
      ]).success,
    ).toBe(false);
    expect(
      roleAssignmentListSchema.safeParse([
        { role: "viewer", areaCode: "913" },
        { role: "collector", areaCode: "913" },
      ]).success,
    ).toBe(true);
  });
});

describe("staffDataVisibility", () => {
  const collector913 = [{ role: "collector", areaCode: "913" }] as const;
  const none = new Set<string>();
  it("shows a national admin everything", () => {
    expect(staffDataVisibility({ administer: null, manage: null }, collector913)).toEqual({ personalId: true, phone: true });
  });
  it("shows an area admin its collectors' IDs and phones, but not another admin's ID", () => {
    const scopes = { administer: new Set(["91", "913"]), manage: new Set(["91", "913"]) };
    expect(staffDataVisibility(scopes, collector913)).toEqual({ personalId: true, phone: true });
    expect(staffDataVisibility(scopes, [{ role: "admin", areaCode: "913" }])).toEqual({ personalId: false, phone: true });
  });
  it("shows a manager the phones of its area, never the IDs", () => {
    expect(staffDataVisibility({ administer: none, manage: new Set(["913"]) }, collector913)).toEqual({ personalId: false, phone: true });
    expect(staffDataVisibility({ administer: none, manage: new Set(["913"]) }, [{ role: "collector", areaCode: "911" }])).toEqual({
      personalId: false,
      phone: false,
    });
  });
  it("shows collectors and viewers nothing of their colleagues", () => {
    expect(staffDataVisibility({ administer: none, manage: none }, collector913)).toEqual({ personalId: false, phone: false });
  });
});

describe("mayCollectFor", () => {
  // An agent in U Minh Thượng (913), province Kiên Giang (91), as of 2020.
  const path = ["91", "913"];
  it("takes a collector whose area is the agent's area or an ancestor of it", () => {
    expect(mayCollectFor([{ role: "collector", areaCode: "913" }], path)).toBe(true);
    expect(mayCollectFor([{ role: "collector", areaCode: "91" }], path)).toBe(true);
    expect(mayCollectFor([{ role: "collector", areaCode: "913" }], ["91", "913", "30607"])).toBe(true);
  });
  it("refuses a collector elsewhere or below the agent's area", () => {
    expect(mayCollectFor([{ role: "collector", areaCode: "911" }], path)).toBe(false);
    expect(mayCollectFor([{ role: "collector", areaCode: "30607" }], path)).toBe(false);
    expect(mayCollectFor([], path)).toBe(false);
  });
  it("refuses other roles, however wide their area", () => {
    expect(mayCollectFor([{ role: "admin", areaCode: null }], path)).toBe(false);
    expect(
      mayCollectFor(
        [
          { role: "manager", areaCode: "913" },
          { role: "viewer", areaCode: "91" },
        ],
        path,
      ),
    ).toBe(false);
    expect(
      mayCollectFor(
        [
          { role: "manager", areaCode: "913" },
          { role: "collector", areaCode: "913" },
        ],
        path,
      ),
    ).toBe(true);
  });
  it("is exactly: some collector role lies on the path (property)", () => {
    const codes = ["91", "913", "911", "30607", "89"];
    fc.assert(
      fc.property(fc.array(fc.record({ role: fc.constantFrom(...roles), areaCode: fc.constantFrom(...codes) })), fc.subarray(codes), (as, p) => {
        expect(mayCollectFor(as, p)).toBe(as.some((a) => a.role === "collector" && p.includes(a.areaCode)));
      }),
    );
  });
});
