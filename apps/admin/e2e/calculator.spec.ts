import { expect, test, type Locator, type Page } from "@playwright/test";

/** Vietnamese thousands grouping: 3825360 → "3.825.360". */
const vi = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

/** A SegmentedControl option, by its visible label (the radio input itself is zero-sized). */
const option = (scope: Page | Locator, label: string) => scope.locator("label").filter({ hasText: new RegExp(`^${label}$`) });

/** Opens the calculator and waits until it is live (the rates of today came from the API). */
async function openCalculator(page: Page) {
  await page.goto("/calculator");
  await expect(page.getByTestId("rates-summary")).toBeVisible();
}

test.describe("calculator page, signed out", () => {
  test("computes voluntary and household contributions in Vietnamese", async ({ page, context }, testInfo) => {
    expect(await context.cookies()).toEqual([]); // no session: the calculator is public
    await openCalculator(page);
    await expect(page).toHaveURL(/\/calculator$/);
    await expect(page.getByRole("heading", { name: "Tính mức đóng BHXH tự nguyện, BHYT hộ gia đình" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Tính mức đóng" })).toBeVisible();

    // --- voluntary social insurance: 2025-07-01, everyone else, monthly, the minimum income
    let panel = page.getByRole("tabpanel");
    await panel.getByLabel("Ngày đóng").fill("01/07/2025");
    await expect(page.getByTestId("rates-summary")).toContainText("01/07/2025");
    await expect(page.getByTestId("rates-summary")).toContainText("1.500.000");
    await option(panel, "Đối tượng khác").click();
    await option(panel, "Hằng tháng").click();
    const income = panel.getByRole("textbox", { name: "Mức thu nhập tháng làm căn cứ đóng" });
    await income.fill("1500000");
    await expect(income).toHaveValue("1.500.000");
    // Decree 159/2025 from 2025-07-01: contribution 22% × 1,500,000 = 330,000; the state pays
    // 20% × 22% × 1,500,000 (rural poverty line) = 66,000; payable 330,000 − 66,000 = 264,000.
    const breakdown = page.getByTestId("voluntary-breakdown");
    await expect(page.getByTestId("net-per-month")).toHaveText(/^264\.000 đ$/);
    await expect(breakdown.getByRole("row", { name: /Mức đóng/ })).toContainText("330.000");
    await expect(breakdown.getByRole("row", { name: /Ngân sách nhà nước hỗ trợ/ })).toContainText("66.000");
    await expect(page.getByTestId("voluntary-explanation")).toContainText("Nhóm hỗ trợ: đối tượng khác");
    await expect(page.getByTestId("voluntary-explanation")).toContainText("Căn cứ: Luật Bảo hiểm xã hội 41/2024/QH15; Nghị định 159/2025/NĐ-CP");
    await page.screenshot({ path: testInfo.outputPath("calculator-vi.png"), fullPage: true });

    // the slider and the input are one value: 12 months of a higher income
    await income.fill("2000000");
    await option(panel, "12 tháng một lần").click();
    // 22% × 2,000,000 = 440,000 − 66,000 = 374,000 a month; × 12 = 4,488,000
    await expect(page.getByTestId("net-per-month")).toContainText("374.000");
    await expect(page.getByTestId("net-total")).toContainText(vi(12 * 374_000));
    await expect(panel.getByRole("slider")).toHaveAttribute("aria-valuenow", "2000000");

    // --- household health insurance: 4 members, 12 months, paid 2026-08-01
    await page.getByRole("tab", { name: "BHYT hộ gia đình" }).click();
    panel = page.getByRole("tabpanel");
    await panel.getByLabel("Ngày đóng").fill("01/08/2026");
    await panel.getByRole("textbox", { name: "Số thành viên tham gia" }).fill("4");
    await option(panel, "12 tháng").click();
    // docs/rules.md §3: per member and month 4.5% × base salary × factor (1st 100%, 2nd 70%, 3rd 60%,
    // 4th 50%), rounded half up; the base salary in force on 2026-08-01 is 2,530,000.
    const base = 2_530_000;
    const perMonth = [10_000, 7_000, 6_000, 5_000].map((factorBp) => Math.round((base * 450 * factorBp) / 100_000_000));
    const householdTotal = perMonth.reduce((a, b) => a + b, 0) * 12; // 3,825,360
    await expect(page.getByTestId("household-total")).toContainText(vi(householdTotal));
    await expect(page.getByTestId("household-per-month")).toContainText(vi(householdTotal / 12));
    const rows = page.getByTestId("household-breakdown").locator("tbody tr");
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(3)).toContainText("Người thứ 4");
    await expect(rows.nth(3)).toContainText("50%");
    await expect(rows.nth(3)).toContainText(vi(perMonth[3]! * 12));
    // first-time participant: the card is valid 30 days after payment
    await expect(page.getByTestId("card-start")).toContainText("Thẻ BHYT có giá trị từ ngày 31/08/2026");
    await page.screenshot({ path: testInfo.outputPath("calculator-household-vi.png"), fullPage: true });

    // --- an income below the floor: the Vietnamese message, next to the field
    await page.getByRole("tab", { name: "BHXH tự nguyện" }).click();
    panel = page.getByRole("tabpanel");
    // an amount in words is read as people mean it, not turned into another number
    await income.fill("3,5 triệu");
    await income.press("Tab");
    await expect(income).toHaveValue("3.500.000");
    await income.fill("ba triệu");
    await income.press("Tab");
    await expect(panel.getByText("Không đọc được số tiền: gõ 3.500.000 hoặc 3,5 triệu")).toBeVisible();

    await income.fill("1000000");
    const message = "Thu nhập tháng 1.000.000 đ thấp hơn mức tối thiểu 1.500.000 đ (chuẩn nghèo khu vực nông thôn ngày 01/07/2025)";
    await expect(panel.getByText(message)).toBeVisible();
    await expect(income).toHaveAttribute("aria-invalid", "true");
    await expect(panel.getByText("is below the floor")).toHaveCount(0);
    await expect(page.getByTestId("voluntary-breakdown")).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("calculator-error-vi.png"), fullPage: true });
  });

  test("discounts a payment in advance for 5 years", async ({ page }) => {
    await openCalculator(page);
    const panel = page.getByRole("tabpanel");
    await panel.getByLabel("Ngày đóng").fill("01/08/2026");
    await expect(page.getByTestId("rates-summary")).toContainText("01/08/2026");
    await panel.getByRole("textbox", { name: "Mức thu nhập tháng làm căn cứ đóng" }).fill("2000000");
    await option(panel, "Một lần cho nhiều năm về sau").click();
    await panel.getByRole("textbox", { name: "Số năm đóng trước (2–5)" }).fill("5");
    await panel.getByRole("textbox", { name: /Lãi suất đầu tư bình quân tháng/ }).fill("0,5");
    // Σ_{i=1..60} 22% × 2,000,000 / 1.005^(i−1), rounded once, minus 60 × 66,000 of state support
    let gross = 0;
    for (let i = 1; i <= 60; i++) gross += 440_000 / 1.005 ** (i - 1);
    const net = Math.round(gross) - 60 * 66_000;
    await expect(page.getByTestId("net-total")).toContainText(vi(net));
    await expect(page.getByTestId("advance-discount")).toContainText(vi(60 * 440_000 - Math.round(gross)));
    // 7 years is refused next to the field
    await panel.getByRole("textbox", { name: "Số năm đóng trước (2–5)" }).fill("7");
    await expect(panel.getByText("Đóng một lần cho nhiều năm về sau chỉ từ 2 đến 5 năm (số nguyên) (nhận được: số 7)")).toBeVisible();
    await expect(panel.getByRole("textbox", { name: "Số năm đóng trước (2–5)" })).toHaveAttribute("aria-invalid", "true");
  });

  test("says what is wrong with a personal identification number", async ({ page }) => {
    await openCalculator(page);
    await page.getByRole("tab", { name: "Kiểm tra số định danh cá nhân" }).click();
    const id = page.getByRole("tabpanel").getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" });
    await id.fill("12345");
    await expect(page.getByTestId("personal-id-result")).toContainText('Số định danh cá nhân phải gồm đúng 12 chữ số (nhận được: "12345")');
    await id.fill("091195001234");
    // Nothing declared yet: valid, and it does not claim to match anything.
    await expect(page.getByTestId("personal-id-result")).toContainText("Số định danh hợp lệ (chưa khai ngày sinh, giới tính để đối chiếu)");
    await page.getByRole("tabpanel").getByLabel("Ngày sinh khai báo").fill("02/05/1995");
    await page.getByRole("tabpanel").getByLabel("Ngày sinh khai báo").press("Tab"); // closes the calendar
    await option(page.getByRole("tabpanel"), "Nam").click();
    // digit 4 = 1: born in the 1900s, female; digits 5–6 = 95
    await expect(page.getByTestId("personal-id-result")).toContainText("Chữ số thứ 4 cho biết giới tính nữ, nhưng giới tính khai là nam");
    await expect(page.getByRole("tabpanel")).toContainText("Kiên Giang");
    await option(page.getByRole("tabpanel"), "Nữ").click();
    await expect(page.getByTestId("personal-id-result")).toContainText("Số định danh hợp lệ và khớp với thông tin khai báo");
  });

  test("shows the figures and the explanation in English", async ({ page }, testInfo) => {
    await openCalculator(page);
    await page.getByText("English").click();
    await expect(page.getByRole("heading", { name: "Voluntary social insurance and household health insurance calculator" })).toBeVisible();
    const panel = page.getByRole("tabpanel");
    await panel.getByLabel("Payment date").fill("01/07/2025");
    await expect(page.getByTestId("rates-summary")).toContainText("1,500,000");
    const income = panel.getByRole("textbox", { name: "Chosen monthly income" });
    await income.fill("1500000");
    await expect(income).toHaveValue("1,500,000");
    await expect(page.getByTestId("net-per-month")).toContainText("264,000");
    await expect(page.getByTestId("voluntary-explanation")).toContainText("Contribution per month = 22% × 1,500,000 VND = 330,000 VND.");
    await expect(page.getByTestId("voluntary-explanation")).toContainText("Law on Social Insurance 41/2024/QH15; Decree 159/2025/NĐ-CP");
    await income.fill("60000000");
    await expect(panel.getByText(/is above the ceiling of 46,800,000 VND/)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("calculator-en.png"), fullPage: true });
    await page.getByText("Tiếng Việt").click();
    await expect(page.getByRole("heading", { name: "Tính mức đóng BHXH tự nguyện, BHYT hộ gia đình" })).toBeVisible();
  });
});
