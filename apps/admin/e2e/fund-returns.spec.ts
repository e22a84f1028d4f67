import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/**
 * The fund's returns (docs/rules.md §2), owned by the server: on a 390-px phone, a national
 * administrator sets the return of 2020 by keyboard (errors under their fields, the first one
 * focused), a viewer reads it, and the voluntary form prices a two-year advance payment received
 * in 2021 with it — before it is set, the form says so under the months.
 */
test.use({ viewport: { width: 390, height: 844 } });

async function serious(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

async function noOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function advanceForm(page: Page) {
  await page.goto("/enrolments/new");
  await page.getByLabel("Đại lý thu").selectOption({ label: "Bưu điện huyện U Minh Thượng" });
  const receiptDate = page.getByRole("textbox", { name: "Ngày biên lai" });
  await receiptDate.fill("15/03/2021");
  await receiptDate.press("Tab");
  await page.getByLabel("Mức thu nhập tháng làm căn cứ đóng").fill("1500000");
  await page.getByLabel("Phương thức đóng").selectOption("24");
}

test("a national admin sets a fund's return by keyboard; the voluntary form uses it; a viewer reads it", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);

  // Before the return of 2020 is set, a two-year payment of 2021 cannot be priced: said under the months.
  const office = await (await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: baseURL! })).newPage(); // axe needs a page of its own context
  await signInAs(office, "manager", undefined, "/enrolments/new");
  await advanceForm(office);
  const monthsField = office.getByLabel("Phương thức đóng");
  await expect(office.getByText(/cần lãi suất đầu tư bình quân tháng của quỹ năm 2020, chưa được nhập/)).toBeVisible();
  await expect(monthsField).toHaveAttribute("aria-invalid", "true");

  // The national admin's page: the empty table, then the form by keyboard.
  await signInAs(page, "admin", undefined, "/fund-returns");
  await page.goto("/fund-returns");
  await expect(page.getByRole("heading", { name: "Lãi suất quỹ", level: 1 })).toBeVisible();
  await expect(page.getByTestId("fund-returns-table")).toContainText("Chưa có năm nào được nhập.");
  const year = page.getByRole("textbox", { name: "Năm" });
  await year.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("2020");
  await page.getByRole("button", { name: "Lưu lãi suất" }).focus();
  await page.keyboard.press("Enter"); // submitted with the rate and the source missing: the first of them takes the focus
  const rate = page.getByRole("textbox", { name: "Lãi suất (%/tháng)" });
  await expect(rate).toBeFocused();
  await expect(page.getByText("Nhập lãi suất từ 0 đến 2 %/tháng")).toBeVisible();
  await expect(page.getByText("Ghi nguồn công bố (văn bản, ngày)", { exact: true })).toBeVisible();
  await page.keyboard.type("0,45");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "Nguồn công bố" })).toBeFocused();
  await page.keyboard.type("Công văn của BHXH Việt Nam (thử nghiệm e2e)");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("fund-return-saved")).toHaveText("Đã lưu lãi suất năm 2020.");
  const row = page.getByTestId("fund-returns-table").getByRole("row", { name: /2020/ });
  await expect(row).toContainText("0,45 %/tháng");
  await expect(row).toContainText(/\d{2}\/\d{2}\/\d{4}/);
  await noOverflow(page);
  expect(await serious(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("fund-returns-admin-phone.png"), fullPage: true });

  // The form now shows the return it used, and records a near-poor person with their certificate.
  await advanceForm(office);
  await expect(office.getByTestId("fund-return")).toHaveText("Lãi suất quỹ năm 2020: 0,45 %/tháng");
  await expect(monthsField).not.toHaveAttribute("aria-invalid", "true");
  await expect(office.getByLabel("Giấy tờ chứng minh")).toHaveCount(0);
  await office.getByRole("checkbox", { name: "Hộ cận nghèo" }).check();
  await office.getByLabel("Giấy tờ chứng minh").fill("GCN hộ cận nghèo số 12/2021");
  await office.getByLabel("Số biên lai").fill("E2E-FR-0001");
  await office.getByLabel("Họ và tên").fill("Lê Thị Thửnghiệm");
  const birth = office.getByRole("textbox", { name: "Ngày sinh" });
  await birth.fill("20/01/1988");
  await birth.press("Tab");
  await office.getByRole("radio", { name: "Nữ", exact: true }).check();
  await office.getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" }).fill("091188007301");
  await office.getByRole("combobox", { name: "Xã nơi cư trú" }).fill("thanh yen");
  await office.getByRole("option", { name: /Thạnh Yên \(31012\)/ }).click();
  await expect(office.getByTestId("breakdown-total").last()).toBeVisible();
  await noOverflow(office);
  await office.screenshot({ path: testInfo.outputPath("voluntary-advance-phone.png"), fullPage: true });
  await office.getByRole("button", { name: "Ghi nhận", exact: true }).click();
  await expect(office.getByTestId("recorded")).toBeVisible();
  await office.context().close();

  // A viewer reads the table, in English too, and has no form.
  const viewer = await (await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: baseURL! })).newPage(); // axe needs a page of its own context
  await signInAs(viewer, "viewer", undefined, "/fund-returns");
  await viewer.goto("/fund-returns");
  await expect(viewer.getByTestId("fund-returns-table").getByRole("row", { name: /2020/ })).toContainText("0,45 %/tháng");
  await expect(viewer.getByTestId("fund-returns-read-only")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Lưu lãi suất" })).toHaveCount(0);
  await noOverflow(viewer);
  expect(await serious(viewer)).toEqual([]);
  await viewer.screenshot({ path: testInfo.outputPath("fund-returns-viewer-phone.png"), fullPage: true });
  await viewer.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await viewer.reload();
  await expect(viewer.getByTestId("fund-returns-table").getByRole("row", { name: /2020/ })).toContainText("0.45% a month");
  expect(await serious(viewer)).toEqual([]);
  await viewer.context().close();
});
