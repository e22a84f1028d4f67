"use client";

import { attributionOf, AttributionSelect } from "@/app/campaigns/attribution-select";
import { AreaPicker } from "@/components/area-picker";
import { DateField } from "@/components/date-field";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { queryKeyOf, useDebouncedApiQuery } from "@/trpc/hooks";
import { ActionIcon, Alert, Badge, Button, Card, Group, NativeSelect, Radio, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm, type UseFormReturnType } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
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

type HouseholdResult = Awaited<ReturnType<typeof trpc.enrolments.createHousehold.mutate>>;

const emptyMember = { fullName: "", personalId: "", birthDate: null as string | null, gender: "", relationship: "", receiptNumber: "" };
type Member = typeof emptyMember;
const initialValues = {
  agentId: "",
  householdCode: "",
  communeCode: "",
  facilityCode: "",
  months: "12",
  receiptDate: todayInVietnam() as string | null,
  members: [{ ...emptyMember }] as Member[],
  attribution: "",
};
type Values = typeof initialValues;

/** Where an API path goes in this form: household fields, or `members.<i>.<field>`. */
function fieldOf(path: (string | number)[]): string | null {
  if (path[0] === "members" && typeof path[1] === "number" && typeof path[2] === "string") return `members.${path[1]}.${path[2]}`;
  if (path[0] === "campaignId" || path[0] === "outreachEventId") return "attribution";
  if (typeof path[0] === "string" && path[0] in initialValues) return path[0];
  return null;
}

function MemberFields({ form, index, onRemove }: { form: UseFormReturnType<Values>; index: number; onRemove: (() => void) | null }) {
  const t = useTranslations("enrolment");
  const m = form.values.members[index]!;
  const check = usePersonCheck({
    scheme: "household_health_insurance",
    onDate: form.values.receiptDate,
    personalId: m.personalId,
    birthDate: m.birthDate,
    gender: m.gender,
  });
  const path = (f: keyof Member) => `members.${index}.${f}`;
  const errorOf = (f: keyof Member) => (form.errors[path(f)] as string | undefined) ?? check.fields[f];
  return (
    <Card withBorder padding="sm" data-testid={`member-${index}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4} size="h5">
            {t("member", { n: index + 1 })}
          </Title>
          {onRemove ? (
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t("removeMember", { n: index + 1 })}>
              ×
            </ActionIcon>
          ) : null}
        </Group>
        <TextInput label={t("fullName")} required {...form.getInputProps(path("fullName"))} error={errorOf("fullName")} autoComplete="off" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField
            label={t("birthDate")}
            required
            value={m.birthDate}
            onChange={(d) => form.setFieldValue(path("birthDate"), d)}
            error={errorOf("birthDate")}
            apply="live"
          />
          <Radio.Group label={t("gender")} required value={m.gender} onChange={(g) => form.setFieldValue(path("gender"), g)} error={errorOf("gender")}>
            <Group gap="md" mt={6}>
              <Radio value="male" label={t("male")} />
              <Radio value="female" label={t("female")} />
            </Group>
          </Radio.Group>
        </SimpleGrid>
        <TextInput
          label={t("personalId")}
          required
          inputMode="numeric"
          {...form.getInputProps(path("personalId"))}
          error={errorOf("personalId")}
          autoComplete="off"
        />
        {check.existingParticipantId !== null ? <ExistingPerson id={check.existingParticipantId} message={t("memberExists")} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("relationship")}
            description={t("relationshipHint")}
            {...form.getInputProps(path("relationship"))}
            error={errorOf("relationship")}
          />
          <TextInput label={t("receiptNumber")} required {...form.getInputProps(path("receiptNumber"))} error={errorOf("receiptNumber")} autoComplete="off" />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

export function HouseholdForm() {
  const t = useTranslations("enrolment");
  const locale = useLocale();
  const money = useMoney();
  const qc = useQueryClient();
  const [result, setResult] = useState<HouseholdResult | null>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  // Set by a submit that found errors: the summary then counts what is left to correct.
  const [submitFailed, setSubmitFailed] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const required = (key: string) => (v: unknown) => ((typeof v === "string" ? v.trim() : v) ? null : t(`errors.${key}`));
  const form = useForm<Values>({
    initialValues,
    validate: {
      agentId: required("agent"),
      householdCode: required("householdCode"),
      communeCode: required("commune"),
      facilityCode: (v) => (/^\d{5}$/.test(v.trim()) ? null : t("errors.facility")),
      receiptDate: required("receiptDate"),
      members: {
        fullName: required("fullName"),
        personalId: (v) => (/^\d{12}$/.test(v.replace(/\s/g, "")) ? null : t("errors.personalId")),
        birthDate: required("birthDate"),
        gender: required("gender"),
        receiptNumber: required("receiptNumber"),
      },
    },
  });
  const single = useSingleAgent();
  useEffect(() => {
    if (single && !form.values.agentId) form.setFieldValue("agentId", single);
  }, [single]); // once the choices are known
  const v = form.values;
  const quote = useDebouncedApiQuery(
    "enrolments.quote",
    v.receiptDate
      ? {
          scheme: "household_health_insurance",
          receiptDate: v.receiptDate,
          months: Number(v.months),
          householdCode: v.householdCode.trim() || null,
          members: v.members.length,
        }
      : null,
  );
  const q = quote.data?.scheme === "household_health_insurance" ? quote.data : null;
  const quoteIssues = issuesToFields(issuesOf(quote.error), locale, fieldOf);
  const errorOf = (f: keyof Values) => (form.errors[f] as string | undefined) ?? quoteIssues.fields[f];

  const submit = useMutation({
    mutationFn: (x: Values) => {
      const input = {
        householdCode: x.householdCode.trim(),
        communeCode: x.communeCode,
        facilityCode: x.facilityCode.trim(),
        months: Number(x.months),
        receiptDate: x.receiptDate!,
        agentId: Number(x.agentId),
        ...attributionOf(x.attribution),
        members: x.members.map((m) => ({
          personalId: m.personalId.replace(/\s/g, ""),
          fullName: m.fullName,
          birthDate: m.birthDate!,
          gender: m.gender as "male" | "female",
          relationship: m.relationship.trim() || null,
          receiptNumber: m.receiptNumber.trim(),
        })),
      };
      return q?.householdExists ? trpc.enrolments.addMembers.mutate(input) : trpc.enrolments.createHousehold.mutate(input);
    },
    onSuccess: (r) => {
      setResult(r);
      setOtherErrors([]);
      setSubmitFailed(false);
      // The household is recorded: the form starts the next one (the receipt, commune, facility,
      // agent and period stay), so the same members are not offered again as members 4, 5, 6.
      form.setValues({ householdCode: "", members: [{ ...emptyMember }] });
      form.resetDirty();
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

  return (
    <form
      ref={formRef}
      onSubmit={form.onSubmit(
        (x) => {
          setSubmitFailed(false);
          submit.mutate(x);
        },
        () => {
          setSubmitFailed(true);
          focusFirstError(formRef.current);
        },
      )}
      noValidate
      aria-label={t("householdTitle")}
    >
      <Stack gap="md">
        <Card withBorder padding="sm">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t("household")}
            </Title>
            <AgentSelect value={v.agentId} onChange={(x) => form.setFieldValue("agentId", x)} error={errorOf("agentId")} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t("householdCode")}
                description={t("householdCodeHint")}
                required
                {...form.getInputProps("householdCode")}
                error={errorOf("householdCode")}
                autoComplete="off"
              />
              <DateField
                label={t("receiptDate")}
                required
                value={v.receiptDate}
                onChange={(d) => form.setFieldValue("receiptDate", d)}
                error={errorOf("receiptDate")}
                apply="live"
              />
            </SimpleGrid>
            {q?.householdExists ? (
              <Badge variant="light" tt="none" data-testid="household-exists">
                {t("householdExists", { count: q.existingMembers })}
              </Badge>
            ) : null}
            <AreaPicker
              label={t("commune")}
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
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t("facilityCode")}
                description={t("facilityCodeHint")}
                required
                inputMode="numeric"
                {...form.getInputProps("facilityCode")}
                error={errorOf("facilityCode")}
              />
              <NativeSelect
                label={t("period")}
                value={v.months}
                onChange={(e) => form.setFieldValue("months", e.currentTarget.value)}
                error={errorOf("months")}
                data={["3", "6", "12"].map((m) => ({ value: m, label: t(`plans.m${m}`) }))}
              />
            </SimpleGrid>
          </Stack>
        </Card>

        {v.members.map((_, i) => (
          <MemberFields key={i} form={form} index={i} onRemove={v.members.length > 1 ? () => form.removeListItem("members", i) : null} />
        ))}
        <Button variant="light" w="fit-content" onClick={() => form.insertListItem("members", { ...emptyMember })} disabled={v.members.length >= 20}>
          {t("addMember")}
        </Button>

        <div aria-live="polite">
          {q ? (
            <Stack gap="xs">
              <Table withTableBorder striped data-testid="household-breakdown" aria-label={t("breakdown")}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("memberColumn")}</Table.Th>
                    <Table.Th ta="right">{t("rank")}</Table.Th>
                    <Table.Th ta="right">{t("perMonth")}</Table.Th>
                    <Table.Th ta="right">{t("forMonths", { count: Number(v.months) })}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {q.contribution.members.map((m, i) => (
                    <Table.Tr key={i}>
                      <Table.Th scope="row" fw={400}>
                        {v.members[i]?.fullName.trim() || t("member", { n: i + 1 })}
                      </Table.Th>
                      <Table.Td ta="right">
                        {m.rank} ({m.factorBp / 100}%)
                      </Table.Td>
                      <Table.Td ta="right">{money(m.perMonth)}</Table.Td>
                      <Table.Td ta="right">{money(m.total)}</Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr>
                    <Table.Th scope="row">{t("householdTotal")}</Table.Th>
                    <Table.Td />
                    <Table.Td ta="right">{money(q.contribution.perMonth)}</Table.Td>
                    <Table.Td ta="right" fw={700} data-testid="household-total">
                      {money(q.contribution.total)}
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <Text size="sm">{t("cardPeriod", { from: formatDisplayDate(q.cardStart.validFrom), to: formatDisplayDate(q.coverTo) })}</Text>
            </Stack>
          ) : quoteIssues.other.length > 0 ? (
            <Text size="sm" c="red.9">
              {quoteIssues.other.join("; ")}
            </Text>
          ) : null}
        </div>

        <ErrorSummary count={submitFailed ? errorCount(form.errors) : 0} />
        {otherErrors.length > 0 ? (
          <Alert color="red" role="alert" data-testid="form-error">
            {otherErrors.join("; ")}
          </Alert>
        ) : null}
        {result ? (
          <Alert color="green" role="status" data-testid="household-recorded" title={t("householdRecorded", { code: result.code })}>
            <Stack gap={2}>
              {result.members.map((m, i) => (
                <Text size="sm" key={m.enrolmentId}>
                  {t("memberRecorded", {
                    n: i + 1,
                    rank: m.rank ?? 0,
                    amount: money(m.amount),
                    from: formatDisplayDate(m.startDate),
                    to: formatDisplayDate(m.coverTo),
                  })}
                </Text>
              ))}
            </Stack>
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={submit.isPending}>
            {q?.householdExists ? t("submitAddMembers") : t("submitHousehold")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
