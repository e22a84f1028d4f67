import { describe, expect, it } from "vitest";
import { citeInVietnamese, defaultRates } from "./index.js";

describe("citeInVietnamese", () => {
  it("writes the citations as a Vietnamese reader does", () => {
    expect(citeInVietnamese("Law on Social Insurance 41/2024/QH15; Decree 159/2025/NĐ-CP")).toBe("Luật Bảo hiểm xã hội 41/2024/QH15; Nghị định 159/2025/NĐ-CP");
    expect(citeInVietnamese("Law on Health Insurance 25/2008/QH12, amended by 46/2014/QH13 and 51/2024/QH15")).toBe(
      "Luật Bảo hiểm y tế 25/2008/QH12, sửa đổi bởi 46/2014/QH13 và 51/2024/QH15",
    );
    expect(citeInVietnamese("Decree 134/2015/NĐ-CP (state support from 2018-01-01)")).toBe(
      "Nghị định 134/2015/NĐ-CP (ngân sách nhà nước hỗ trợ từ 01/01/2018)",
    );
    expect(citeInVietnamese("Decision 59/2015/QĐ-TTg")).toBe("Quyết định 59/2015/QĐ-TTg");
  });

  it("leaves no English legal word in any source of the rates table", () => {
    for (const row of defaultRates) {
      expect(citeInVietnamese(row.source)).not.toMatch(/\b(Law|Decree|Decision|Resolution|amended|then|and)\b/);
    }
  });
});
