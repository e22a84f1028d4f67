import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CalculatorView } from "./calculator-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: `${t("calculator.title")} — ${t("app.short")}` };
}

/** Public: the calculator needs no sign-in. */
export default function CalculatorPage() {
  return <CalculatorView />;
}
