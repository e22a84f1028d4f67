import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/**
 * One area picker for the whole app: in plans, campaigns, events and the enrolment form the same
 * box finds an area typed without diacritics ("thanh yen" finds Thạnh Yên), and names a unit as
 * on the record's date (91 is Kiên Giang on a 2022 plan, An Giang on a 2026 one). Nothing is saved.
 */

const PLACEHOLDER = "Gõ tên địa bàn, ví dụ U Minh Thượng";

async function typeDate(scope: Page | Locator, label: string, value: string) {
  const field = scope.getByRole("textbox", { name: label });
  await field.fill(value);
  await field.press("Tab");
}

/** Types without diacritics into the picker and chooses the option; the picker is the app's one (its placeholder). */
async function pick(page: Page, box: Locator, typed: string, option: RegExp) {
  await expect(box).toHaveAttribute("placeholder", PLACEHOLDER);
  await box.fill(typed);
  await page.getByRole("option", { name: option }).click();
}

test("plans, campaigns, events and the enrolment form share one area picker that needs no diacritics", async ({ page }) => {
  test.setTimeout(180_000);

  // Plans (a manager of U Minh Thượng): the district, typed without diacritics, named as in 2020.
  await signInAs(page, "manager", undefined, "/plans?year=2020");
  const planArea = page.getByRole("combobox", { name: "Địa bàn" });
  await pick(page, planArea, "u minh thuong", /Huyện U Minh Thượng \(913\) — Kiên Giang/);
  await expect(planArea).toHaveValue(/U Minh Thượng \(913\)/);
  await expect(page.getByTestId("plans-choose")).toHaveCount(0);

  // A campaign: its areas on its first day.
  await page.goto("/campaigns");
  await page.getByRole("button", { name: "Thêm đợt vận động" }).click();
  const dialog = page.getByRole("dialog");
  await typeDate(dialog, "Từ ngày", "01/03/2021");
  await pick(page, dialog.getByRole("combobox", { name: "Địa bàn" }), "thanh yen", /Thạnh Yên \(31012\) — U Minh Thượng/);
  await expect(dialog.getByText("Xã Thạnh Yên (31012) — U Minh Thượng")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // An event of the demo's 2020 Women's Union programme.
  await page
    .getByRole("link", { name: /cùng Hội LHPN huyện U Minh Thượng năm 2020/ })
    .first()
    .click();
  await page.getByRole("button", { name: "Thêm sự kiện" }).click();
  const eventDialog = page.getByRole("dialog");
  const eventArea = eventDialog.getByRole("combobox", { name: "Địa bàn tổ chức" });
  await pick(page, eventArea, "thanh yen", /Thạnh Yên \(31012\)/);
  await expect(eventArea).toHaveValue(/Thạnh Yên \(31012\)/);
  await page.keyboard.press("Escape");

  // The enrolment form: the communes where one may record on the receipt's date.
  await page.goto("/enrolments/new");
  await typeDate(page, "Ngày biên lai", "15/03/2021");
  const commune = page.getByRole("combobox", { name: "Xã nơi cư trú" });
  await pick(page, commune, "thanh yen", /Thạnh Yên \(31012\)/);
  await expect(commune).toHaveValue(/Thạnh Yên \(31012\)/);
});

test("a plan's area is named as on the plan's date: Kiên Giang in 2022, not the An Giang that holds code 91 since 2025", async ({ page }) => {
  await signInAs(page, "admin", undefined, "/plans?year=2022");
  const area = page.getByRole("combobox", { name: "Địa bàn" });
  await pick(page, area, "kien giang", /Kiên Giang \(91\)/);
  await expect(area).toHaveValue(/Kiên Giang \(91\)/);
  await expect(area).not.toHaveValue(/An Giang/);
  await expect(page.getByText("Đơn vị hành chính ngày 01/01/2022")).toBeVisible();
  // Opened by its address too (the code alone): the name is the 2022 one.
  await page.goto("/plans?area=91&year=2022");
  await expect(page.getByRole("combobox", { name: "Địa bàn" })).toHaveValue(/Kiên Giang \(91\)/);
});
