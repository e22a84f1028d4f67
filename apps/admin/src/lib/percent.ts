/**
 * A monthly rate kept as a decimal (0.0045) shown as people read it: a percent a month
 * ("0,45" in Vietnamese, "0.45" in English), without the float noise of × 100.
 */
export function formatMonthlyPercent(rate: number, locale: string): string {
  return new Intl.NumberFormat(locale === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 4 }).format(Number((rate * 100).toFixed(6)));
}
