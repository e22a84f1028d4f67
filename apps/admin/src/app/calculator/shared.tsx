"use client";

import { DateField } from "@/components/date-field";
import { apiError, errorMessage, issueText } from "@/trpc/error-message";
import { Badge, Input, List, SegmentedControl, Stack, Text, ThemeIcon } from "@mantine/core";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { formatVnd } from "@ansinh/domain/contributions";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { citeInVietnamese } from "@ansinh/domain/rates";

/** Today in Vietnam, as YYYY-MM-DD (the calculator's default payment date): the domain's one clock. */
export { todayInVietnam } from "@ansinh/domain/dates";

/** A legal citation in the reader's language (the table keeps them in English). */
export function useCite() {
  const locale = useLocale();
  return (source: string) => (locale === "vi" ? citeInVietnamese(source) : source);
}

/** The domain's own check of a YYYY-MM-DD date, so the form and the API agree. */
export { isIsoDate } from "@ansinh/domain/dates";

/** Money in VND as the domain writes it, one sign everywhere: vi "264.000 đ", en "264,000 VND". */
export function useMoney() {
  const locale = useLocale();
  return (n: number) => formatVnd(n, locale === "en" ? "en" : "vi");
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

/** The issues of an API error, each under its form field; `other`: those about no field of the form. */
export interface FieldIssues<F extends string> {
  fields: Partial<Record<F, string>>;
  other: string | null;
}

/**
 * Puts each issue of an API error under its field, by its path (the longest prefix found in
 * `byPath`: `["plan", "months"]` → `"plan.months"`, `["supportGroups", 0]` → `"supportGroups"`).
 * An issue with no path (a rule about the whole input, such as a date before the rates table)
 * goes to the field `byCode` names for the error's code (`"RATES.*"` matches a prefix), else to
 * `other`, shown above the result.
 */
export function issuesByField<F extends string>(error: unknown, byPath: Record<string, F>, byCode: Record<string, F>, locale: string): FieldIssues<F> {
  const api = apiError(error);
  if (!api) return { fields: {}, other: errorMessage(error, locale) };
  const fields: Partial<Record<F, string[]>> = {};
  const other: string[] = [];
  const codeField = byCode[api.code] ?? Object.entries(byCode).find(([k]) => k.endsWith(".*") && api.code.startsWith(k.slice(0, -1)))?.[1];
  for (const issue of api.issues) {
    let field: F | undefined;
    for (let n = issue.path.length; n > 0 && field === undefined; n--) field = byPath[issue.path.slice(0, n).join(".")];
    if (field === undefined && issue.path.length === 0) field = codeField;
    const text = issueText(issue, locale);
    if (field === undefined) other.push(issue.path.length > 0 ? `${issue.path.join(".")}: ${text}` : text);
    else (fields[field] ??= []).push(text);
  }
  const joined: Partial<Record<F, string>> = {};
  for (const [f, texts] of Object.entries(fields) as [F, string[]][]) joined[f] = texts.join("; ");
  return { fields: joined, other: other.length > 0 ? other.join("; ") : null };
}

/**
 * The errors of a calculator form, each under its field: what the form itself finds missing
 * first, then the API's issues by path or code (the first failed query's); `other` for the rest.
 */
export function useFieldErrors<F extends string>(
  errors: readonly unknown[],
  missing: Partial<Record<F, string>>,
  byPath: Record<string, F>,
  byCode: Record<string, F>,
) {
  const locale = useLocale();
  const error = errors.find((e) => e != null) ?? null;
  const issues = error ? issuesByField<F>(error, byPath, byCode, locale) : null;
  return { issues, fieldError: (f: F): string | undefined => missing[f] ?? issues?.fields[f] };
}

/** The payment date of a calculator, typed dd/MM/yyyy; applied as soon as it is a whole date. */
export function PaymentDateField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const t = useTranslations("calculator");
  return <DateField apply="live" label={t("paymentDate")} value={value} onChange={(d) => onChange(d ?? "")} error={error} w={200} />;
}

/** One choice among a few, as a vertical segmented control with its label and error. */
export function ChoiceField<V extends string>({
  label,
  error,
  value,
  onChange,
  data,
}: {
  label: string;
  error?: string | undefined;
  value: V;
  onChange: (v: V) => void;
  data: { value: V; label: string }[];
}) {
  return (
    <Input.Wrapper label={label} error={error}>
      <SegmentedControl aria-label={label} orientation="vertical" fullWidth value={value} onChange={(v) => onChange(v as V)} data={data} mt={4} />
    </Input.Wrapper>
  );
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
