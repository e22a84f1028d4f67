import { expect, test } from "@playwright/test";
import { demoAccount, signInAs } from "./accounts";

test.describe("at phone width (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a collector of U Minh Thượng signs in and reaches today's dashboard of the communes that took it over, then uses the menu", async ({
    page,
  }, testInfo) => {
    await signInAs(page, "collector", "913", "/dashboard", { fresh: true });
    // First screen: district 913 ended in the 2025 reform; the dashboard opens today on the first
    // of the communes that took over its territory, and says so, naming them.
    await expect(page).toHaveURL(/\/dashboard\?/);
    await expect(page.getByTestId("dashboard-area")).toHaveText("Vĩnh Hòa");
    await expect(page.getByTestId("dashboard-why")).toContainText("Địa bàn được giao cho bạn đã kết thúc khi sắp xếp đơn vị hành chính");
    await expect(page.getByTestId("dashboard-why")).toContainText(/Vĩnh Hòa, [^,()]+\)/);
    await expect(page.getByTestId("kpi-active-value")).toHaveText(/^\d[\d.]*$/);
    await page.screenshot({ path: testInfo.outputPath("phone-dashboard.png"), fullPage: true });
    // Nothing is wider than the screen but the tables, which scroll inside themselves.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The header fits: sign-out is wholly on screen, not cut at the edge.
    await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeInViewport({ ratio: 1 });
    // The menu opens behind the burger, and closes once a link is followed.
    const nav = page.getByRole("navigation", { name: "Menu chính" });
    await expect(nav).not.toBeInViewport();
    await page.getByRole("button", { name: "Mở menu" }).click();
    await expect(nav).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath("phone-menu.png") });
    await nav.getByRole("link", { name: "Tính mức đóng" }).click();
    await expect(page).toHaveURL(/\/calculator/);
    await expect(nav).not.toBeInViewport();
  });

  test("an admin drills down from the province to U Minh Thượng", async ({ page }, testInfo) => {
    await signInAs(page, "admin", undefined, "/coverage?date=2020-12-31&area=91");
    await page.getByRole("link", { name: "U Minh Thượng" }).first().click();
    await expect(page).toHaveURL(/area=913/);
    await expect(page.getByTestId("area-coverage")).toHaveText("88%");
    await page.screenshot({ path: testInfo.outputPath("phone-admin-district.png"), fullPage: true });
  });
});

test("keyboard only: skip link, then Tab to a district and open it with Enter", async ({ page }) => {
  await signInAs(page, "admin", undefined, "/coverage?date=2020-12-31&area=91");
  await page.goto("/coverage?date=2020-12-31&area=91"); // a fresh page: focus starts at the top
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Bỏ qua menu, đến nội dung chính" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(
      () => document.activeElement?.textContent?.trim().startsWith("U Minh Thượng") === true && document.activeElement.tagName === "A",
    );
  }
  expect(reached).toBe(true);
  // The focused link is visibly marked (an outline, not a faint border change).
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/area=913/);
  await expect(page.getByTestId("area-coverage")).toHaveText("88%");
});

for (const [role, area] of [["admin"], ["manager"], ["collector", "913"], ["collector", "911"], ["viewer"]] as const) {
  test(`first screen of ${role}${area ? ` ${area}` : ""} shows data, not an empty page`, async ({ page }) => {
    demoAccount(role, area);
    await signInAs(page, role, area, "/");
    // A collector lands on the worklist (who to call or visit); the others on the dashboard of
    // their first area, never an empty page.
    if (role === "collector") {
      await expect(page).toHaveURL(/\/worklist$/);
      await expect(page.getByRole("heading", { name: "Danh sách vận động đóng tiếp", level: 1 })).toBeVisible();
      await page.goto("/dashboard");
    }
    await expect(page).toHaveURL(/\/dashboard\?/);
    await expect(page.getByTestId("dashboard-area")).toBeVisible();
    await expect(page.getByTestId("kpi-new")).toBeVisible();
    await expect(page.getByText("Bạn chưa được giao địa bàn nào có hiệu lực", { exact: false })).toHaveCount(0);
  });
}
