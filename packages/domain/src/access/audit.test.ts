import { describe, expect, it } from "vitest";
import { auditChanges, maskAuditValue } from "./index.js";

describe("audit trail as shown", () => {
  it("masks personal IDs and phones at any depth and drops user agents", () => {
    expect(
      maskAuditValue({ name: "Nguyễn Văn A", personalId: "091095000001", phone: "0912000913", nested: [{ phone: "0912345678" }], userAgent: "Mozilla/5.0" }),
    ).toEqual({ name: "Nguyễn Văn A", personalId: "091*******01", phone: "09*****913", nested: [{ phone: "09*****678" }] });
  });

  it("lists only the fields that changed, masked", () => {
    const before = { name: "A", disabled: false, phone: "0912000913", assignments: [{ role: "viewer", areaCode: "913" }] };
    const after = { name: "A", disabled: true, phone: "0912000914", assignments: [{ role: "viewer", areaCode: "913" }] };
    expect(auditChanges(before, after)).toEqual([
      { field: "disabled", before: false, after: true },
      { field: "phone", before: "09*****913", after: "09*****914" },
    ]);
  });

  it("lists every field a creation set, and nothing when nothing changed", () => {
    expect(auditChanges(null, { email: "a@b.vn", personalId: "091095000001" })).toEqual([
      { field: "email", before: null, after: "a@b.vn" },
      { field: "personalId", before: null, after: "091*******01" },
    ]);
    expect(auditChanges({ x: 1 }, { x: 1 })).toEqual([]);
    expect(auditChanges(3, 4)).toEqual([{ field: "value", before: 3, after: 4 }]);
  });
});
