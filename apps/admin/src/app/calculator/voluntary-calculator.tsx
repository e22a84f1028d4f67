"use client";

import { MoneyField } from "@/components/money-field";
import { useDebouncedApiQuery } from "@/trpc/hooks";
import { Alert, Card, Grid, Group, Loader, NumberInput, Slider, Stack, Table, Text, Title } from "@mantine/core";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { AppRouter } from "@ansinh/api";
import { ADVANCE_MAX_YEARS, ADVANCE_MIN_YEARS, periodicMonths, supportGroups } from "@ansinh/domain/contributions";
import {
  ChoiceField,
  Explanation,
  isIsoDate,
  PaymentDateField,
  todayInVietnam,
  UnconfirmedBadge,
  UnconfirmedNote,
  useCite,
  useDay,
  useFieldErrors,
  useMoney,
  usePercent,
} from "./shared";

type VoluntaryInput = inferRouterInputs<AppRouter>["calculator"]["voluntary"];
type VoluntaryOutput = inferRouterOutputs<AppRouter>["calculator"]["voluntary"];
type RatesOutput = inferRouterOutputs<AppRouter>["calculator"]["rates"];
type SupportGroup = VoluntaryInput["supportGroups"][number];
type PlanChoice = "1" | "3" | "6" | "12" | "advance";
type Field = "date" | "income" | "group" | "plan" | "years" | "returnRate" | "used" | "local";

/** The domain's support groups, "other" (no special group) first in the form. */
const groups: SupportGroup[] = ["other", ...supportGroups.filter((g) => g !== "other")];
/** The domain's periodic plans, then payment in advance. */
const plans: PlanChoice[] = [...periodicMonths.map((m) => String(m) as PlanChoice), "advance"];
const SLIDER_STEP = 100_000;

/** Which field a domain error code or a zod path is about. */
const fieldByCode: Record<string, Field> = {
  "CONTRIBUTION.INCOME_BELOW_FLOOR": "income",
  "CONTRIBUTION.INCOME_ABOVE_CEILING": "income",
  "CONTRIBUTION.INCOME_NOT_INTEGER": "income",
  "CONTRIBUTION.INVALID_DATE": "date",
  "RATES.*": "date",
  "CONTRIBUTION.UNKNOWN_SUPPORT_GROUP": "group",
  "CONTRIBUTION.INVALID_PLAN": "plan",
  "CONTRIBUTION.INVALID_PLAN_MONTHS": "plan",
  "CONTRIBUTION.INVALID_ADVANCE_YEARS": "years",
  "CONTRIBUTION.INVALID_RETURN_RATE": "returnRate",
  "CONTRIBUTION.INVALID_SUPPORTED_MONTHS_USED": "used",
  "CONTRIBUTION.INVALID_LOCAL_SUPPORT": "local",
};
const fieldByPath: Record<string, Field> = {
  paymentDate: "date",
  date: "date",
  monthlyIncome: "income",
  supportGroups: "group",
  plan: "plan",
  "plan.months": "plan",
  "plan.years": "years",
  "plan.monthlyReturnRate": "returnRate",
  supportedMonthsUsed: "used",
  localSupportPerMonth: "local",
};

/** 0.5 (% a month) → 0.005, as the short decimal the domain reads exactly (no 0.0040999…). */
function percentToRate(pct: number): number {
  return Number((pct / 100).toFixed(8));
}

function RatesSummary({ rates }: { rates: RatesOutput }) {
  const t = useTranslations("calculator");
  const money = useMoney();
  const percent = usePercent();
  const day = useDay();
  const unconfirmed = new Set<string>(rates.unconfirmed);
  const cite = useCite();
  const source = (key: string) => cite(rates.provenance.find((p) => p.key === key)?.source ?? "");
  return (
    <Card withBorder padding="sm" data-testid="rates-summary">
      <Text fw={600} size="sm" mb={4}>
        {t("ratesOn", { date: day(rates.date) })}
      </Text>
      <Stack gap={2}>
        <Text size="sm">
          {t("povertyLine")}: <b>{money(rates.ruralPovertyLine)}</b>
          {unconfirmed.has("ruralPovertyLine") ? <UnconfirmedBadge /> : null}{" "}
          <Text span size="xs" c="dimmed">
            ({source("ruralPovertyLine")})
          </Text>
        </Text>
        <Text size="sm">
          {t("baseSalary")}: <b>{money(rates.baseSalary)}</b>
          {unconfirmed.has("baseSalary") ? <UnconfirmedBadge /> : null}{" "}
          <Text span size="xs" c="dimmed">
            ({source("baseSalary")})
          </Text>
        </Text>
        <Text size="sm">
          {t("incomeRange")}: <b>{money(rates.incomeFloor)}</b> – <b>{money(rates.incomeCeiling)}</b>
        </Text>
        <Text size="sm">
          {t("stateSupportRates")}:{" "}
          {[...groups.filter((g) => g !== "other"), "other" as const].map((g) => `${t(`groups.${g}`)} ${percent(rates.stateSupportBp[g])}`).join(" · ")}
          {unconfirmed.has("stateSupportBp") ? <UnconfirmedBadge /> : null}
        </Text>
      </Stack>
    </Card>
  );
}

function Breakdown({ result }: { result: VoluntaryOutput }) {
  const t = useTranslations("calculator");
  const money = useMoney();
  const percent = usePercent();
  const advance = result.plan.kind === "advance";
  const segments = result.segments;
  const rows: { key: "gross" | "state" | "local" | "net"; label: string }[] = [
    { key: "gross", label: t("lines.gross") },
    { key: "state", label: t("lines.state") },
    { key: "local", label: t("lines.local") },
    { key: "net", label: t("lines.net") },
  ];
  const deduction = (n: number) => (n === 0 ? money(0) : `− ${money(n)}`);
  const segmentTitle = (s: (typeof segments)[number]) =>
    segments.length > 1 ? (s.stateSupported ? t("perMonthSupported") : t("perMonthUnsupported")) : t("perMonth");
  return (
    <Stack gap="xs">
      <Text size="sm">{t("appliedGroup", { group: t(`groups.${result.supportGroup}`), rate: percent(result.supportRateBp) })}</Text>
      <Table withTableBorder withColumnBorders striped data-testid="voluntary-breakdown">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            {segments.map((s, i) => (
              <Table.Th key={i} ta="right">
                {segmentTitle(s)}
                {segments.length > 1 ? (
                  <Text size="xs" c="dimmed">
                    {t("monthsCount", { count: s.months })}
                  </Text>
                ) : null}
              </Table.Th>
            ))}
            <Table.Th ta="right">{advance ? t("totalAdvance", { count: result.months }) : t("total", { count: result.months })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} fw={r.key === "net" ? 700 : undefined}>
              <Table.Td>{r.label}</Table.Td>
              {segments.map((s, i) => (
                <Table.Td key={i} ta="right" data-testid={r.key === "net" && i === 0 ? "net-per-month" : undefined}>
                  {r.key === "gross" ? money(s.perMonth.gross) : r.key === "net" ? money(s.perMonth.net) : deduction(s.perMonth[r.key])}
                </Table.Td>
              ))}
              <Table.Td ta="right" data-testid={r.key === "net" ? "net-total" : undefined}>
                {r.key === "gross" ? money(result.totals.gross) : r.key === "net" ? money(result.totals.net) : deduction(result.totals[r.key])}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {advance ? (
        <Text size="sm" data-testid="advance-discount">
          {t("discount", { discount: money(result.discount), undiscounted: money(result.undiscountedTotals.gross) })}
        </Text>
      ) : null}
      <Text size="sm" c="dimmed">
        {t("supportMonths", { supported: result.supportedMonths, months: result.months, left: result.supportMonthsLeft })}
      </Text>
    </Stack>
  );
}

export function VoluntaryCalculator() {
  const t = useTranslations("calculator");
  const locale = useLocale();
  const money = useMoney();
  const day = useDay();
  const [date, setDate] = useState(todayInVietnam);
  /** null: not chosen yet, so the income follows the floor of the date. */
  const [income, setIncome] = useState<number | "" | null>(null);
  const [group, setGroup] = useState<SupportGroup>("other");
  const [plan, setPlan] = useState<PlanChoice>("1");
  const [years, setYears] = useState<number | "">(5);
  const [returnPct, setReturnPct] = useState<number | "">(0.5);
  const [used, setUsed] = useState<number | "">("");
  const [local, setLocal] = useState<number | "">("");

  const rates = useDebouncedApiQuery("calculator.rates", isIsoDate(date) ? { date } : null);
  const floor = rates.data?.incomeFloor;
  const ceiling = rates.data?.incomeCeiling;
  const chosenIncome = income === null ? (floor ?? null) : income;

  // What is missing before anything can be computed (checked here; everything else by the API).
  const missing: Partial<Record<Field, string>> = {};
  if (!isIsoDate(date)) missing.date = t("errors.date");
  if (chosenIncome === "") missing.income = t("errors.required");
  if (plan === "advance" && years === "") missing.years = t("errors.required");
  if (plan === "advance" && returnPct === "") missing.returnRate = t("errors.required");

  const input: VoluntaryInput | null =
    Object.keys(missing).length > 0 || chosenIncome === null || chosenIncome === ""
      ? null
      : {
          paymentDate: date,
          monthlyIncome: chosenIncome,
          supportGroups: [group],
          plan:
            plan === "advance"
              ? { kind: "advance", years: Number(years), monthlyReturnRate: percentToRate(Number(returnPct)) }
              : { kind: "periodic", months: Number(plan) as 1 | 3 | 6 | 12 },
          ...(used === "" ? {} : { supportedMonthsUsed: used }),
          ...(local === "" ? {} : { localSupportPerMonth: local }),
        };
  const result = useDebouncedApiQuery("calculator.voluntary", input);
  const error = result.error ?? rates.error;
  const { issues, fieldError } = useFieldErrors<Field>([error], missing, fieldByPath, fieldByCode);

  const sliderValue =
    typeof chosenIncome === "number" && floor !== undefined && ceiling !== undefined ? Math.min(Math.max(chosenIncome, floor), ceiling) : (floor ?? 0);

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Card withBorder>
          <Stack>
            <PaymentDateField value={date} onChange={setDate} error={fieldError("date")} />
            <Stack gap={6}>
              <MoneyField
                label={t("income")}
                description={t("incomeHint")}
                value={chosenIncome ?? ""}
                onChange={setIncome}
                error={fieldError("income")}
                data-testid="income-input"
              />
              <Slider
                thumbLabel={t("income")}
                min={floor ?? 0}
                max={ceiling ?? 1}
                step={SLIDER_STEP}
                value={sliderValue}
                onChange={(v) => setIncome(v)}
                label={(v) => money(v)}
                disabled={floor === undefined || ceiling === undefined}
                mt="xs"
              />
              {floor !== undefined && ceiling !== undefined ? (
                <Group justify="space-between">
                  <Text size="xs" c="dimmed">
                    {t("floor", { amount: money(floor) })}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t("ceiling", { amount: money(ceiling) })}
                  </Text>
                </Group>
              ) : null}
            </Stack>
            <ChoiceField
              label={t("group")}
              error={fieldError("group")}
              value={group}
              onChange={setGroup}
              data={groups.map((g) => ({ value: g, label: t(`groups.${g}`) }))}
            />
            <ChoiceField
              label={t("plan")}
              error={fieldError("plan")}
              value={plan}
              onChange={setPlan}
              data={plans.map((p) => ({ value: p, label: t(`plans.${p}`) }))}
            />
            {plan === "advance" ? (
              <Group grow align="start">
                <NumberInput
                  label={t("years")}
                  value={years}
                  onChange={(v) => setYears(v === "" ? "" : Number(v))}
                  min={ADVANCE_MIN_YEARS}
                  max={ADVANCE_MAX_YEARS}
                  clampBehavior="none"
                  allowDecimal={false}
                  allowNegative={false}
                  error={fieldError("years")}
                />
                <NumberInput
                  label={t("returnRate")}
                  description={t("returnRateHint")}
                  value={returnPct}
                  onChange={(v) => setReturnPct(v === "" ? "" : Number(v))}
                  decimalScale={4}
                  decimalSeparator={locale === "en" ? "." : ","}
                  allowNegative={false}
                  step={0.05}
                  suffix=" %"
                  error={fieldError("returnRate")}
                />
              </Group>
            ) : null}
            <Stack>
              <NumberInput
                label={t("supportedMonthsUsed")}
                description={t("supportedMonthsUsedHint")}
                value={used}
                onChange={(v) => setUsed(v === "" ? "" : Number(v))}
                allowDecimal={false}
                allowNegative={false}
                min={0}
                clampBehavior="none"
                error={fieldError("used")}
              />
              <NumberInput
                label={t("localSupport")}
                description={t("localSupportHint")}
                value={local}
                onChange={(v) => setLocal(v === "" ? "" : Number(v))}
                thousandSeparator={locale === "en" ? "," : "."}
                decimalSeparator={locale === "en" ? "." : ","}
                allowDecimal={false}
                allowNegative={false}
                hideControls
                rightSection={
                  <Text size="sm" c="dimmed">
                    {locale === "en" ? "VND" : "đ"}
                  </Text>
                }
                error={fieldError("local")}
              />
            </Stack>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack>
          {rates.data ? <RatesSummary rates={rates.data} /> : null}
          {issues?.other ? (
            <Alert color="red" title={t("errors.title")} data-testid="calculator-error">
              {issues.other}
            </Alert>
          ) : null}
          {issues && !issues.other ? (
            <Text size="sm" c="red">
              {t("errors.fixField")}
            </Text>
          ) : null}
          {!error && result.data ? (
            <Stack style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}>
              <Title order={4}>
                {t("resultTitle", {
                  date: day(result.data.paymentDate),
                  plan: t(`plansLong.${result.data.plan.kind === "advance" ? "advance" : String(result.data.plan.months)}`),
                })}
              </Title>
              <Breakdown result={result.data} />
              <UnconfirmedNote keys={result.data.unconfirmedFigures} />
              <Explanation steps={result.data.explanation} testId="voluntary-explanation" />
            </Stack>
          ) : !error && (result.isFetching || rates.isFetching) ? (
            <Loader size="sm" />
          ) : null}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
