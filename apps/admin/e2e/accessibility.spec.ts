import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules): no serious or critical violation anywhere. Each page is
 * checked in both languages at desktop and phone width as the role that sees the most of it (the
 * national admin; signed out for the pages without sign-in), and each other role sweeps every page
 * once more, as that role sees it (its own area, masked data, fewer buttons, or the "not allowed"
 * answer), at one width and language each, so that between them every width and language is used.
 */
const pagesFor: Record<string, string[]> = {
  none: ["/sign-in", "/calculator"],
  viewer: [
    "/coverage?date=2020-12-31",
    "/staff",
    "/users",
    "/audit",
    "/calculator",
    "/account",
    "/agents",
    "/agents/1",
    "/enrolments/new",
    "/duplicates",
    "/imports",
  ],
  collector: [
    "/coverage?date=2020-12-31",
    "/staff",
    "/users",
    "/audit",
    "/calculator",
    "/account",
    "/agents",
    "/agents/1",
    "/enrolments/new",
    "/duplicates",
    "/imports",
  ],
  manager: [
    "/coverage?date=2020-12-31",
    "/staff",
    "/users",
    "/audit",
    "/calculator",
    "/account",
    "/agents",
    "/agents/1",
    "/enrolments/new",
    "/duplicates",
    "/imports",
  ],
  admin: [
    "/coverage?date=2020-12-31&area=91",
    "/staff",
    "/users",
    "/audit",
    "/calculator",
    "/account",
    "/agents",
    "/agents/1",
    "/enrolments/new",
    "/duplicates",
    "/imports",
  ],
};

// The progress dashboard: a district's for a scoped reader, the province's for the
// admin (its printable page is checked in dashboard.spec.ts, to keep these tests within their time).
pagesFor.viewer!.push("/dashboard?area=913&date=2020-12-31");
pagesFor.admin!.push("/dashboard?area=91&date=2020-12-31");
// Figures from outside.
for (const role of ["viewer", "collector", "manager", "admin"]) pagesFor[role]!.push("/figures");

// The registry's lists (read side).
for (const role of ["viewer", "collector", "manager", "admin"]) pagesFor[role]!.push("/participants", "/enrolments", "/renewals");
// Plans and targets.
for (const role of ["viewer", "collector", "manager", "admin"]) pagesFor[role]!.push("/plans", "/plans?area=913&year=2020");
// Campaigns and outreach.
for (const role of ["viewer", "collector", "manager", "admin"]) pagesFor[role]!.push("/campaigns", "/campaigns/1");
// The fund's returns: a table for every role, its form for the national admin.
for (const role of ["viewer", "collector", "manager", "admin"]) pagesFor[role]!.push("/fund-returns");

const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

async function serious(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

type Width = keyof typeof widths;
type Lang = "vi" | "en";
const both: [Width, Lang][] = [
  ["desktop", "vi"],
  ["desktop", "en"],
  ["phone", "vi"],
  ["phone", "en"],
];
/** The widest view of each page in every width and language; one sweep for each other role. */
const sweeps: Record<string, [Width, Lang][]> = {
  none: both,
  admin: both,
  viewer: [["phone", "vi"]],
  collector: [["desktop", "en"]],
  manager: [["phone", "en"]],
};

for (const [role, paths] of Object.entries(pagesFor)) {
  for (const [widthName, lang] of sweeps[role]!) {
    const viewport = widths[widthName];
    test(`axe: ${role}, ${widthName}, ${lang}`, async ({ page, context, baseURL }) => {
      test.setTimeout(300_000);
      await page.setViewportSize(viewport);
      if (role !== "none") await signInAs(page, role, role === "collector" ? "913" : undefined);
      await context.addCookies([{ name: "NEXT_LOCALE", value: lang, url: baseURL! }]);
      const found: string[] = [];
      for (const path of paths) {
        await page.goto(path);
        await expect(page.locator("main")).toBeVisible();
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        // Wait for the data a page shows, so the check sees the real page.
        await page.waitForLoadState("networkidle");
        for (const v of await serious(page)) found.push(`${path}: ${v}`);
      }
      expect(found, found.join("\n")).toEqual([]);
    });
  }
}

/**
 * States no page sweep reaches, for the national admin in both languages at desktop and
 * phone width: an open modal, an open date picker, a form showing its errors, and an import's
 * results (a dry run of the sample list, under a name of its own, which writes nothing).
 */
const sampleList = path.resolve(import.meta.dirname, "../../../docs/samples/d05-ts-tu-nguyen.csv");
for (const [widthName, lang] of both) {
  test(`axe in states: modal, date picker, form errors, import results — ${widthName}, ${lang}`, async ({ page, context, baseURL }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(widths[widthName]);
    await signInAs(page, "admin");
    await context.addCookies([{ name: "NEXT_LOCALE", value: lang, url: baseURL! }]);
    const found: string[] = [];
    const check = async (state: string) => {
      for (const v of await serious(page)) found.push(`${state}: ${v}`);
    };

    await page.goto("/users");
    await page.getByTestId("user-create").click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await check("modal");

    await page.goto("/enrolments/new");
    await page.getByRole("textbox", { name: lang === "vi" ? "Ngày biên lai" : "Receipt date" }).click();
    // Open, its month controls named in the page's language.
    await expect(page.getByRole("button", { name: lang === "vi" ? "Tháng trước" : "Previous month" })).toBeVisible();
    await check("date picker");
    await page.keyboard.press("Escape");

    await page.getByTestId("enrolment-submit").click();
    await expect(page.getByTestId("error-summary")).toBeVisible();
    await check("form errors");

    await page.goto("/imports");
    await page
      .getByRole("combobox", { name: lang === "vi" ? "Đại lý thu" : "Collection agent" })
      .first()
      .click();
    await page.getByRole("option").first().click();
    await page
      .getByTestId("import-dropzone")
      .locator('input[type="file"]')
      .setInputFiles({ name: `axe-${widthName}-${lang}.csv`, mimeType: "text/csv", buffer: readFileSync(sampleList) });
    await page.getByTestId("import-dry-run").click();
    await expect(page.getByTestId("import-batch").getByRole("table")).toBeVisible({ timeout: 30_000 });
    await check("import results");
    expect(found, found.join("\n")).toEqual([]);
  });
}
