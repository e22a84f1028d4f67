"use client";

import { attributionOf, AttributionSelect } from "@/app/campaigns/attribution-select";
import { AreaPicker } from "@/components/area-picker";
import { DateField } from "@/components/date-field";
import { MoneyField } from "@/components/money-field";
import { formatMonthlyPercent } from "@/lib/percent";
import { useMe } from "@/lib/session";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { queryKeyOf, useDebouncedApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Button, Card, Checkbox, Group, NativeSelect, Radio, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { can } from "@ansinh/domain/access";
import { formatDisplayDate, todayInVietnam } from "@ansinh/domain/dates";
import {
  AgentSelect,
  errorCount,
  ErrorSummary,
  ExistingPerson,
  focusFirstError,
  issuesOf,
  issuesToFields,
  useMoney,
  usePersonCheck,
  useSingleAgent,
} from "./shared";

type CreateResult = Awaited<ReturnType<typeof trpc.enrolments.create.mutate>>;
type Quote = Extract<QueryOutput<"enrolments.quote">, { scheme: "voluntary_social_insurance" }>;

const MONTHS = ["1", "3", "6", "12", "24", "36", "48", "60"] as const;
const GROUPS = ["poor", "near_poor", "ethnic_minority", "island"] as const;

const initialValues = {
  agentId: "",
  receiptDate: todayInVietnam() as string | null,
  receiptNumber: "",
  fullName: "",
  personalId: "",
  birthDate: null as string | null,
  gender: "",
  ethnicity: "",
  phone: "",
  socialInsuranceNumber: "",
  communeCode: "",
  monthlyIncome: "" as number | "",
  months: "3",
  supportGroups: [] as string[],
  supportEvidence: "",
  attribution: "",
};
type Values = typeof initialValues;

/** Where an API path goes in this form. */
function fieldOf(path: (string | number)[]): keyof Values | null {
  const key = path.join(".");
  const map: Record<string, keyof Values> = {
    agentId: "agentId",
    months: "months",
    monthlyIncome: "monthlyIncome",
    supportGroups: "supportGroups",
    supportEvidence: "supportEvidence",
    "payment.receiptDate": "receiptDate",
    "payment.receiptNumber": "receiptNumber",
    "payment.amount": "monthlyIncome",
    receiptDate: "receiptDate",
    startMonth: "receiptDate",
    campaignId: "attribution",
    outreachEventId: "attribution",
  };
  if (map[key]) return map[key];
  if (path[0] === "participant" && typeof path[1] === "string" && path[1] in initialValues) return path[1] as keyof Values;
  if (path[0] === "supportGroups") return "supportGroups";
  return null;
}

function Breakdown({ quote }: { quote: Quote }) {
  const t = useTranslations("enrolment");
  const money = useMoney();
  const c = quote.contribution;
  const rows: { key: "gross" | "state" | "local" | "net"; label: string }[] = [
    { key: "gross", label: t("lines.gross") },
    { key: "state", label: t("lines.state") },
    { key: "local", label: t("lines.local") },
    { key: "net", label: t("lines.net") },
  ];
  return (
    <Stack gap="xs">
      <Table withTableBorder striped data-testid="enrolment-breakdown" aria-label={t("breakdown")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">{t("perMonth")}</Table.Th>
            <Table.Th ta="right">{t("forMonths", { count: c.months })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw={r.key === "net" ? 700 : 400}>
                {r.label}
              </Table.Th>
              <Table.Td ta="right">{money(c.perMonth[r.key])}</Table.Td>
              <Table.Td ta="right" fw={r.key === "net" ? 700 : 400} data-testid={r.key === "net" ? "breakdown-total" : undefined}>
                {money(c.totals[r.key])}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm">{t("coverPeriod", { from: formatDisplayDate(quote.startDate), to: formatDisplayDate(quote.coverTo) })}</Text>
    </Stack>
  );
}

export function VoluntaryForm() {
  const t = useTranslations("enrolment");
  const locale = useLocale();
  const money = useMoney();
  const me = useMe();
  const mayManage = me.data?.assignments.some((a) => can(a.role, "manage")) ?? false;
  const qc = useQueryClient();
  const [result, setResult] = useState<CreateResult | null>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  // Set by a submit that found errors: the summary then counts what is left to correct.
  const [submitFailed, setSubmitFailed] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<Values>({
    initialValues,
    validate: {
      agentId: (v) => (v ? null : t("errors.agent")),
      receiptDate: (v) => (v ? null : t("errors.receiptDate")),
      receiptNumber: (v) => (v.trim() ? null : t("errors.receiptNumber")),
      fullName: (v) => (v.trim() ? null : t("errors.fullName")),
      personalId: (v) => (/^\d{12}$/.test(v.replace(/\s/g, "")) ? null : t("errors.personalId")),
      birthDate: (v) => (v ? null : t("errors.birthDate")),
      gender: (v) => (v ? null : t("errors.gender")),
      communeCode: (v) => (v ? null : t("errors.commune")),
      monthlyIncome: (v) => (typeof v === "number" ? null : t("errors.income")),
    },
  });
  const single = useSingleAgent();
  useEffect(() => {
    if (single && !form.values.agentId) form.setFieldValue("agentId", single);
  }, [single]); // once the choices are known
  const v = form.values;

  const check = usePersonCheck({
    scheme: "voluntary_social_insurance",
    onDate: v.receiptDate,
    personalId: v.personalId,
    birthDate: v.birthDate,
    gender: v.gender,
    phone: v.phone,
    socialInsuranceNumber: v.socialInsuranceNumber,
  });

  const months = Number(v.months);
  // The certificate or the commune's list only backs a poor or near-poor claim.
  const needsEvidence = v.supportGroups.some((g) => g === "poor" || g === "near_poor");
  const quote = useDebouncedApiQuery(
    "enrolments.quote",
    v.receiptDate && typeof v.monthlyIncome === "number"
      ? {
          scheme: "voluntary_social_insurance",
          receiptDate: v.receiptDate,
          monthlyIncome: v.monthlyIncome,
          months,
          supportGroups: v.supportGroups as ("poor" | "near_poor" | "ethnic_minority" | "island")[],
          ethnicity: v.ethnicity.trim() || null,
        }
      : null,
  );
  const quoteIssues = issuesToFields(issuesOf(quote.error), locale, (p) => fieldOf(p));
  // The fund's return the quote used for an advance payment (the server's, of the year before the receipt).
  const voluntaryQuote = quote.data?.scheme === "voluntary_social_insurance" && !quote.error && !quote.isPlaceholderData ? quote.data : null;
  const fundReturn =
    months > 12 && voluntaryQuote?.fundMonthlyReturn != null && v.receiptDate
      ? { year: Number(v.receiptDate.slice(0, 4)) - 1, rate: voluntaryQuote.fundMonthlyReturn }
      : null;
  const errorOf = (f: keyof Values) => (form.errors[f] as string | undefined) ?? check.fields[f] ?? quoteIssues.fields[f];

  const create = useMutation({
    mutationFn: (x: Values) =>
      trpc.enrolments.create.mutate({
        participant: {
          personalId: x.personalId.replace(/\s/g, ""),
          fullName: x.fullName,
          birthDate: x.birthDate!,
          gender: x.gender as "male" | "female",
          ethnicity: x.ethnicity.trim() || null,
          phone: x.phone.trim() || null,
          socialInsuranceNumber: x.socialInsuranceNumber.trim() || null,
          communeCode: x.communeCode,
        },
        months: Number(x.months),
        monthlyIncome: x.monthlyIncome as number,
        supportGroups: x.supportGroups as ("poor" | "near_poor" | "ethnic_minority" | "island")[],
        supportEvidence: x.supportGroups.some((g) => g === "poor" || g === "near_poor") ? x.supportEvidence.trim() || null : null,
        payment: { receiptDate: x.receiptDate!, receiptNumber: x.receiptNumber.trim() },
        agentId: Number(x.agentId),
        ...attributionOf(x.attribution),
      }),
    onSuccess: (r) => {
      setResult(r);
      setOtherErrors([]);
      setSubmitFailed(false);
      // What was just recorded changes the answers of the live checks (a known personal ID, a household's members).
      void qc.invalidateQueries({ queryKey: queryKeyOf("enrolments.checkParticipant") });
      void qc.invalidateQueries({ queryKey: queryKeyOf("enrolments.quote") });
    },
    onError: (e) => {
      setResult(null);
      const { fields, other } = issuesToFields(issuesOf(e), locale, fieldOf);
      form.setErrors(fields);
      setSubmitFailed(Object.keys(fields).length > 0);
      focusFirstError(formRef.current);
      setOtherErrors(Object.keys(fields).length === 0 && other.length === 0 ? [errorMessage(e, locale)] : other);
    },
  });

  const nextPerson = () => {
    setResult(null);
    form.setValues({
      ...initialValues,
      agentId: v.agentId,
      receiptDate: v.receiptDate,
      communeCode: v.communeCode,
      months: v.months,
      monthlyIncome: v.monthlyIncome,
      attribution: v.attribution,
    });
    form.resetDirty();
  };

  return (
    <form
      ref={formRef}
      onSubmit={form.onSubmit(
        (x) => {
          setSubmitFailed(false);
          create.mutate(x);
        },
        () => {
          setSubmitFailed(true);
          focusFirstError(formRef.current);
        },
      )}
      noValidate
      aria-label={t("voluntaryTitle")}
    >
      <Stack gap="md">
        <Card withBorder padding="sm">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t("receipt")}
            </Title>
            <AgentSelect value={v.agentId} onChange={(x) => form.setFieldValue("agentId", x)} error={errorOf("agentId")} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateField
                label={t("receiptDate")}
                required
                value={v.receiptDate}
                onChange={(d) => form.setFieldValue("receiptDate", d)}
                error={errorOf("receiptDate")}
                apply="live"
              />
              <TextInput label={t("receiptNumber")} required {...form.getInputProps("receiptNumber")} error={errorOf("receiptNumber")} autoComplete="off" />
            </SimpleGrid>
          </Stack>
        </Card>

        <Card withBorder padding="sm">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t("person")}
            </Title>
            <TextInput label={t("fullName")} required {...form.getInputProps("fullName")} error={errorOf("fullName")} autoComplete="off" />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateField
                label={t("birthDate")}
                required
                value={v.birthDate}
                onChange={(d) => form.setFieldValue("birthDate", d)}
                error={errorOf("birthDate")}
                apply="live"
              />
              <Radio.Group label={t("gender")} required value={v.gender} onChange={(g) => form.setFieldValue("gender", g)} error={errorOf("gender")}>
                <Group gap="md" mt={6}>
                  <Radio value="male" label={t("male")} />
                  <Radio value="female" label={t("female")} />
                </Group>
              </Radio.Group>
            </SimpleGrid>
            <TextInput
              label={t("personalId")}
              description={t("personalIdHint")}
              required
              inputMode="numeric"
              {...form.getInputProps("personalId")}
              error={errorOf("personalId")}
              autoComplete="off"
            />
            {/* The person just recorded is not "already on the list" for their own record. */}
            {check.existingParticipantId !== null && !(result?.outcome === "recorded" && result.participantId === check.existingParticipantId) ? (
              <ExistingPerson id={check.existingParticipantId} message={t("existsAlready")} />
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t("phone")} inputMode="tel" {...form.getInputProps("phone")} error={errorOf("phone")} autoComplete="off" />
              <TextInput label={t("ethnicity")} description={t("ethnicityHint")} {...form.getInputProps("ethnicity")} error={errorOf("ethnicity")} />
            </SimpleGrid>
            <TextInput
              label={t("socialInsuranceNumber")}
              inputMode="numeric"
              {...form.getInputProps("socialInsuranceNumber")}
              error={errorOf("socialInsuranceNumber")}
            />
            <AreaPicker
              label={t("commune")}
              description={t("communeHint")}
              value={v.communeCode}
              onChange={(c) => form.setFieldValue("communeCode", c)}
              error={errorOf("communeCode")}
              communesOn={v.receiptDate ?? todayInVietnam()}
            />
            <AttributionSelect
              communeCode={v.communeCode}
              onDate={v.receiptDate}
              value={v.attribution}
              onChange={(a) => form.setFieldValue("attribution", a)}
              error={errorOf("attribution")}
            />
          </Stack>
        </Card>

        <Card withBorder padding="sm">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t("contribution")}
            </Title>
            <MoneyField
              label={t("monthlyIncome")}
              required
              value={v.monthlyIncome}
              onChange={(n) => form.setFieldValue("monthlyIncome", n)}
              error={errorOf("monthlyIncome")}
            />
            <NativeSelect
              label={t("plan")}
              value={v.months}
              onChange={(e) => form.setFieldValue("months", e.currentTarget.value)}
              description={
                fundReturn ? (
                  <span data-testid="fund-return">{t("fundReturn", { year: fundReturn.year, rate: formatMonthlyPercent(fundReturn.rate, locale) })}</span>
                ) : undefined
              }
              inputWrapperOrder={["label", "input", "description", "error"]}
              error={errorOf("months")}
              data={MONTHS.map((m) => ({ value: m, label: Number(m) <= 12 ? t(`plans.m${m}`) : t("plans.years", { years: Number(m) / 12 }) }))}
            />
            <Checkbox.Group
              label={t("supportGroups")}
              description={t("supportGroupsHint")}
              value={v.supportGroups}
              onChange={(g) => form.setFieldValue("supportGroups", g)}
              error={errorOf("supportGroups")}
            >
              <Stack gap={6} mt={6}>
                {GROUPS.map((g) => (
                  <Checkbox key={g} value={g} label={t(`groups.${g}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
            {needsEvidence ? (
              <TextInput
                label={t("supportEvidence")}
                description={t("supportEvidenceHint")}
                maxLength={200}
                {...form.getInputProps("supportEvidence")}
                error={errorOf("supportEvidence")}
                autoComplete="off"
              />
            ) : null}
            <div aria-live="polite">
              {quote.data && quote.data.scheme === "voluntary_social_insurance" && !quote.error ? (
                <Breakdown quote={quote.data} />
              ) : quoteIssues.other.length > 0 ? (
                <Text size="sm" c="red.9">
                  {quoteIssues.other.join("; ")}
                </Text>
              ) : !quote.error ? (
                <Text size="sm" c="dimmed">
                  {t("breakdownHint")}
                </Text>
              ) : null}
            </div>
          </Stack>
        </Card>

        <ErrorSummary count={submitFailed ? errorCount(form.errors) : 0} />
        {otherErrors.length > 0 ? (
          <Alert color="red" role="alert" data-testid="form-error">
            {otherErrors.join("; ")}
          </Alert>
        ) : null}
        {result?.outcome === "duplicate" && result.existingParticipantId !== null ? (
          <ExistingPerson id={result.existingParticipantId} message={locale === "en" ? (result.issues[0]?.en ?? "") : (result.issues[0]?.vi ?? "")} />
        ) : null}
        {result?.outcome === "recorded" ? (
          <Alert color="green" role="status" data-testid="recorded" title={t("recorded")}>
            <Stack gap={4}>
              <Text size="sm">
                {t("recordedBody", {
                  kind: t(`kinds.${result.kind}`),
                  amount: money(result.amount),
                  from: formatDisplayDate(result.startDate),
                  to: formatDisplayDate(result.coverTo),
                })}
              </Text>
              {result.duplicateReviewIds.length > 0 ? (
                <Text size="sm" data-testid="likely-duplicate">
                  {t("likelyDuplicate")}{" "}
                  {mayManage ? (
                    <Anchor component={Link} href="/duplicates">
                      {t("openQueue")}
                    </Anchor>
                  ) : null}
                </Text>
              ) : null}
              <Group gap="xs">
                <Anchor component={Link} href={`/participants/${result.participantId}`}>
                  {t("openParticipant")}
                </Anchor>
                <Button size="xs" variant="light" onClick={nextPerson}>
                  {t("next")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="enrolment-submit">
            {t("submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
