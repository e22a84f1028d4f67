"use client";

import { Badge, List, Stack, Text, ThemeIcon } from "@mantine/core";
import { TRPCClientError } from "@trpc/client";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { citeInVietnamese } from "@ansinh/domain/rates";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { errorMessage } from "@/trpc/error-message";

/** Today in Vietnam, as YYYY-MM-DD (the calculator's default payment date): the domain's one clock. */
export { todayInVietnam } from "@ansinh/domain/dates";

/** A legal citation in the reader's language (the table keeps them in English). */
export function useCite() {
  const locale = useLocale();
  return (source: string) => (locale === "vi" ? citeInVietnamese(source) : source);
}

/** The domain's own check of a YYYY-MM-DD date, so the form and the API agree. */
export { isIsoDate } from "@ansinh/domain/dates";

/** Money in VND with the locale's formatter: vi "264.000 ₫", en "₫264,000". */
export function useMoney() {
  const format = useFormatter();
  return (n: number) => format.number(n, { style: "currency", currency: "VND" });
}

/** Basis points as a percent in the locale: 450 → "4,5%" / "4.5%". */
export function usePercent() {
  const format = useFormatter();
  return (bp: number) => format.number(bp / 10_000, { style: "percent", maximumFractionDigits: 2 });
}

/** YYYY-MM-DD as dd/MM/yyyy in both languages (01/07/2025). */
export function useDay() {
  return formatDisplayDate;
}

interface ApiErrorData {
  domainCode?: string | null;
}

/**
 * Which form field an API error is about, from the domain error code or the zod path that the
 * API puts in front of the message ("monthlyIncome: …"); null = not one field (show an Alert).
 */
export function errorField(error: unknown, byCode: Record<string, string>, byPath: Record<string, string>): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const code = (error.data as ApiErrorData | undefined)?.domainCode;
  if (code) {
    if (byCode[code]) return byCode[code]!;
    const prefix = Object.keys(byCode).find((k) => k.endsWith(".*") && code.startsWith(k.slice(0, -1)));
    return prefix ? byCode[prefix]! : null;
  }
  const path = /^([\w.]+): /.exec(error.message)?.[1];
  if (path && !error.message.includes("; ")) return byPath[path] ?? null;
  return null;
}

/** The reader's half of an API message, without the zod field path in front. */
export function apiMessage(error: unknown, locale: string): string {
  return errorMessage(error, locale).replace(/^[\w.]+: /, "");
}

export interface Step {
  id: string;
  vi: string;
  en: string;
  source: string;
  amount?: number;
}

/** The domain's explanation, in the reader's language, each step with its legal source. */
export function Explanation({ steps, testId }: { steps: Step[]; testId?: string }) {
  const t = useTranslations("calculator");
  const locale = useLocale();
  const cite = useCite();
  return (
    <Stack gap={4} data-testid={testId}>
      <Text fw={600}>{t("explanation")}</Text>
      <List type="ordered" spacing="xs" size="sm">
        {steps.map((s) => (
          <List.Item key={s.id}>
            <Text size="sm">{locale === "en" ? s.en : s.vi}</Text>
            {s.source ? (
              <Text size="xs" c="dimmed">
                {t("source")}: {cite(s.source)}
              </Text>
            ) : null}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** The figures used that the rates table flags as still to be confirmed. */
export function UnconfirmedNote({ keys }: { keys: string[] }) {
  const t = useTranslations("calculator");
  if (keys.length === 0) return null;
  return (
    <Text size="sm" c="orange.9">
      <ThemeIcon component="span" size="xs" color="orange" variant="light" mr={6}>
        !
      </ThemeIcon>
      {t("unconfirmedUsed", { figures: keys.map((k) => t(`rateKeys.${k}`)).join(", ") })}
    </Text>
  );
}

export function UnconfirmedBadge() {
  const t = useTranslations("calculator");
  return (
    <Badge size="xs" color="orange" variant="light" ml={4}>
      {t("unconfirmed")}
    </Badge>
  );
}
