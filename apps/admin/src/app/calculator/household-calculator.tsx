"use client";

import { DateField } from "@/components/date-field";
import { useDebouncedApiQuery } from "@/trpc/hooks";
import { Alert, Card, Grid, Input, Loader, NumberInput, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import type { inferRouterInputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { AppRouter } from "@ansinh/api";
import { householdMonths } from "@ansinh/domain/contributions";
import { Explanation, isIsoDate, PaymentDateField, todayInVietnam, UnconfirmedNote, useCite, useDay, useFieldErrors, useMoney, usePercent } from "./shared";

type HouseholdInput = inferRouterInputs<AppRouter>["calculator"]["household"];
type CardInput = inferRouterInputs<AppRouter>["calculator"]["healthCardStart"];
type Field = "date" | "members" | "months" | "previousCardEnd";

/** The domain's household periods (3, 6 or 12 months), as the segmented control's values. */
const monthChoices = householdMonths.map((m) => String(m) as `${(typeof householdMonths)[number]}`);
/** A form limit, not a rule: households are small (the API accepts up to 1,000). */
const MAX_MEMBERS_IN_FORM = 30;

const fieldByCode: Record<string, Field> = {
  "CONTRIBUTION.INVALID_DATE": "date",
  "RATES.*": "date",
  "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS": "members",
  "CONTRIBUTION.DUPLICATE_MEMBER_RANK": "members",
  "CONTRIBUTION.INVALID_HOUSEHOLD_MONTHS": "months",
};
const fieldByPath: Record<string, Field> = {
  paymentDate: "date",
  members: "members",
  months: "months",
  previousCardEnd: "previousCardEnd",
};

export function HouseholdCalculator() {
  const t = useTranslations("calculator");
  const locale = useLocale();
  const money = useMoney();
  const percent = usePercent();
  const day = useDay();
  const cite = useCite();
  const [date, setDate] = useState(todayInVietnam);
  const [members, setMembers] = useState<number | "">(1);
  const [months, setMonths] = useState<(typeof monthChoices)[number]>("12");
  const [previousCardEnd, setPreviousCardEnd] = useState("");

  const missing: Partial<Record<Field, string>> = {};
  if (!isIsoDate(date)) missing.date = t("errors.date");
  if (members === "") missing.members = t("errors.required");
  else if (members > MAX_MEMBERS_IN_FORM) missing.members = t("errors.tooManyMembers", { max: MAX_MEMBERS_IN_FORM });
  if (previousCardEnd !== "" && !isIsoDate(previousCardEnd)) missing.previousCardEnd = t("errors.date");

  const input: HouseholdInput | null =
    missing.date || missing.members || members === "" ? null : { paymentDate: date, members, months: Number(months) as 3 | 6 | 12 };
  const cardInput: CardInput | null =
    missing.date || missing.previousCardEnd ? null : { paymentDate: date, previousCardEnd: previousCardEnd === "" ? null : previousCardEnd };
  const result = useDebouncedApiQuery("calculator.household", input);
  const card = useDebouncedApiQuery("calculator.healthCardStart", cardInput);
  const { issues, fieldError } = useFieldErrors<Field>([result.error, card.error], missing, fieldByPath, fieldByCode);

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Card withBorder>
          <Stack>
            <PaymentDateField value={date} onChange={setDate} error={fieldError("date")} />
            <NumberInput
              label={t("household.members")}
              description={t("household.membersHint")}
              value={members}
              onChange={(v) => setMembers(v === "" ? "" : Number(v))}
              min={1}
              max={MAX_MEMBERS_IN_FORM}
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              error={fieldError("members")}
              w={200}
            />
            <Input.Wrapper label={t("household.months")} error={fieldError("months")}>
              <SegmentedControl
                aria-label={t("household.months")}
                value={months}
                onChange={(v) => setMonths(v as (typeof monthChoices)[number])}
                data={monthChoices.map((m) => ({ value: m, label: t("monthsCount", { count: Number(m) }) }))}
                mt={4}
                display="flex"
              />
            </Input.Wrapper>
            <DateField
              apply="live"
              clearable
              label={t("household.previousCardEnd")}
              description={t("household.previousCardEndHint")}
              value={previousCardEnd}
              onChange={(d) => setPreviousCardEnd(d ?? "")}
              error={fieldError("previousCardEnd")}
              w={200}
            />
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack>
          {issues?.other ? (
            <Alert color="red" title={t("errors.title")} data-testid="household-error">
              {issues.other}
            </Alert>
          ) : null}
          {!result.isError && result.data ? (
            <Stack style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}>
              <Title order={4}>{t("household.resultTitle", { date: day(result.data.paymentDate), months: result.data.months })}</Title>
              <Text size="sm">{t("household.rule", { rate: percent(result.data.healthInsuranceRateBp), baseSalary: money(result.data.baseSalary) })}</Text>
              <Table withTableBorder striped data-testid="household-breakdown">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("household.member")}</Table.Th>
                    <Table.Th ta="right">{t("household.factor")}</Table.Th>
                    <Table.Th ta="right">{t("perMonth")}</Table.Th>
                    <Table.Th ta="right">{t("total", { count: result.data.months })}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.data.members.map((m) => (
                    <Table.Tr key={m.rank}>
                      <Table.Td>{t("household.rank", { rank: m.rank })}</Table.Td>
                      <Table.Td ta="right">{percent(m.factorBp)}</Table.Td>
                      <Table.Td ta="right">{money(m.perMonth)}</Table.Td>
                      <Table.Td ta="right">{money(m.total)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Td>{t("household.householdTotal")}</Table.Td>
                    <Table.Td />
                    <Table.Td ta="right" data-testid="household-per-month">
                      {money(result.data.perMonth)}
                    </Table.Td>
                    <Table.Td ta="right" data-testid="household-total">
                      {money(result.data.total)}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
              <UnconfirmedNote keys={result.data.unconfirmedFigures} />
            </Stack>
          ) : !result.isError && result.isFetching ? (
            <Loader size="sm" />
          ) : null}
          {!card.isError && card.data ? (
            <Alert color="teal" title={t("household.cardStart", { date: day(card.data.validFrom) })} data-testid="card-start">
              <Text size="sm">{locale === "en" ? card.data.en : card.data.vi}</Text>
              <Text size="xs" c="dimmed">
                {t("source")}: {cite(card.data.source)}
              </Text>
            </Alert>
          ) : null}
          {!result.isError && result.data ? <Explanation steps={result.data.explanation} testId="household-explanation" /> : null}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
