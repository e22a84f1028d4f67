import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { can, capabilitiesAt, maskPersonalId, maskPhone, roleAssignmentSchema, roles } from "./index.js";

describe("access", () => {
  it("gives each role exactly its actions", () => {
    expect(roles.filter((r) => can(r, "administer"))).toEqual(["admin"]);
    expect(roles.filter((r) => can(r, "manage"))).toEqual(["admin", "manager"]);
    expect(roles.filter((r) => can(r, "write"))).toEqual(["admin", "manager", "collector"]);
    expect(roles.filter((r) => can(r, "read_personal"))).toEqual(["admin", "manager", "collector"]);
    expect(roles.every((r) => can(r, "read"))).toBe(true);
  });

  it("reaches an area through any ancestor, and nothing outside", () => {
    const mine = [{ role: "manager" as const, areaCode: "913" }, { role: "viewer" as const, areaCode: "91" }];
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
