"use client";

import { QueryError } from "@/components/query-error";
import { formatMonthlyPercent } from "@/lib/percent";
import { useMe } from "@/lib/session";
import { trpc } from "@/trpc/client";
import { apiError, errorMessage, issueText } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery } from "@/trpc/hooks";
import { Alert, Button, Card, Group, Loader, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { formatDisplayDate, todayInVietnam, vietnamDateOf } from "@ansinh/domain/dates";

/** The form's fields, in the order they are shown (the first with an error takes the focus). */
const FIELDS = ["year", "ratePercent", "source"] as const;
type Field = (typeof FIELDS)[number];
interface Values {
  year: number | "";
  ratePercent: number | "";
  source: string;
}
/** The server bounds a monthly return to 0..0.02 (2% a month). */
const MAX_PERCENT = 2;

/** Where an API path goes in this form (the server speaks of a decimal rate, the form of a percent). */
const fieldOf = (path: (string | number)[]): Field | null =>
  path[0] === "year" ? "year" : path[0] === "monthlyRate" ? "ratePercent" : path[0] === "source" ? "source" : null;

/** A national administrator sets (or corrects) a year's return. */
function FundReturnForm({ onSaved }: { onSaved: (year: number) => void }) {
  const t = useTranslations("fundReturns");
  const locale = useLocale();
  const refs = { year: useRef<HTMLInputElement>(null), ratePercent: useRef<HTMLInputElement>(null), source: useRef<HTMLInputElement>(null) };
  const focusFirst = (errors: Partial<Record<string, unknown>>) => {
    const first = FIELDS.find((f) => errors[f]);
    if (first) refs[first].current?.focus();
  };
  const form = useForm<Values>({
    initialValues: { year: Number(todayInVietnam().slice(0, 4)) - 1, ratePercent: "", source: "" },
    validate: {
      year: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 1995 && v <= 2200 ? null : t("errors.year")),
      ratePercent: (v) => (typeof v === "number" && v >= 0 && v <= MAX_PERCENT ? null : t("errors.rate")),
      source: (v) => (v.trim() ? null : t("errors.source")),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) =>
      trpc.fundReturns.set.mutate({ year: v.year as number, monthlyRate: Number(((v.ratePercent as number) / 100).toFixed(8)), source: v.source.trim() }),
    onSuccess: (_r, v) => {
      onSaved(v.year as number);
      form.setValues({ ratePercent: "", source: "" });
      form.resetDirty();
    },
    onError: (e) => {
      const api = apiError(e);
      if (!api) return;
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of api.issues) {
        const f = fieldOf(issue.path);
        if (f) errors[f] = [errors[f], issueText(issue, locale)].filter(Boolean).join("; ");
      }
      form.setErrors(errors);
      focusFirst(errors);
    },
  });
  const fieldErrors = Object.keys(form.errors).length > 0;
  return (
    <Card withBorder padding="sm">
      <form noValidate aria-labelledby="fund-return-form-title" onSubmit={form.onSubmit((v) => save.mutate(v), focusFirst)}>
        <Stack gap="sm">
          <Title order={3} size="h4" id="fund-return-form-title">
            {t("formTitle")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("formHint")}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              ref={refs.year}
              label={t("year")}
              required
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator={false}
              min={1995}
              max={2200}
              clampBehavior="none"
              {...form.getInputProps("year")}
            />
            <NumberInput
              ref={refs.ratePercent}
              label={t("ratePercent")}
              description={t("ratePercentHint")}
              required
              decimalScale={4}
              decimalSeparator={locale === "en" ? "." : ","}
              allowNegative={false}
              clampBehavior="none"
              step={0.05}
              suffix=" %"
              {...form.getInputProps("ratePercent")}
            />
            <TextInput
              ref={refs.source}
              label={t("source")}
              description={t("sourceHint")}
              required
              maxLength={300}
              autoComplete="off"
              {...form.getInputProps("source")}
            />
          </SimpleGrid>
          {save.isError && !fieldErrors ? (
            <Alert color="red" role="alert" data-testid="fund-return-error">
              {errorMessage(save.error, locale)}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export default function FundReturnsPage() {
  const t = useTranslations("fundReturns");
  const locale = useLocale();
  const me = useMe();
  const qc = useQueryClient();
  const list = useApiQuery("fundReturns.list", undefined);
  const [saved, setSaved] = useState<number | null>(null);
  const rows = list.data?.returns ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Text size="sm" c="dimmed" maw={720}>
        {t("intro")}
      </Text>
      {saved !== null ? (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t("close")} onClose={() => setSaved(null)} data-testid="fund-return-saved">
          {t("saved", { year: saved })}
        </Alert>
      ) : null}
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Loader size="sm" aria-label={t("loading")} />
      ) : (
        <Table.ScrollContainer minWidth={360} type="native" tabIndex={0} aria-label={t("title")}>
          <Table withTableBorder striped aria-label={t("title")} data-testid="fund-returns-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("year")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("rate")}
                </Table.Th>
                <Table.Th scope="col">{t("source")}</Table.Th>
                <Table.Th scope="col">{t("setAt")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={4}>{t("empty")}</Table.Td>
                </Table.Tr>
              ) : (
                rows.map((r) => (
                  <Table.Tr key={r.year}>
                    <Table.Th scope="row">{r.year}</Table.Th>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      {t("rateValue", { rate: formatMonthlyPercent(r.monthlyRate, locale) })}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{r.source}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDisplayDate(vietnamDateOf(new Date(r.setAt)))}</Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {me.data?.nationalAdmin ? (
        <FundReturnForm
          onSaved={(year) => {
            setSaved(year);
            void qc.invalidateQueries({ queryKey: queryKeyOf("fundReturns.list") });
            // A quote for an advance payment reads the return: the form's answers are stale.
            void qc.invalidateQueries({ queryKey: queryKeyOf("enrolments.quote") });
          }}
        />
      ) : me.data ? (
        <Text size="sm" data-testid="fund-returns-read-only">
          {t("readOnly")}
        </Text>
      ) : null}
    </Stack>
  );
}
