"use client";

import { DateField } from "@/components/date-field";
import { trpc } from "@/trpc/client";
import { apiError, errorMessage, issueText } from "@/trpc/error-message";
import type { QueryOutput } from "@/trpc/hooks";
import { Alert, Button, Group, NumberInput, Select, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";

export type TargetRow = QueryOutput<"targets.list">["rows"][number];
export const schemes = ["voluntary_social_insurance", "household_health_insurance", "health_insurance", "social_insurance"] as const;
export const measures = ["new_participants", "active_participants", "coverage_percent"] as const;
export const kinds = ["plan", "minimum", "milestone"] as const;

interface Values {
  measure: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  value: number | string;
  share: number | string;
  milestoneBy: string;
  note: string;
}

/**
 * Creates or edits a target. The API's issues land under their fields. When someone else saved the
 * target first (TARGETS.CONFLICT), the form says what they saved and keeps what was typed; "reload
 * and reapply" takes their version and leaves the typed value on screen to save again.
 */
export function TargetForm({
  target,
  areaCode,
  scheme,
  year,
  onDone,
}: {
  target: TargetRow | null;
  areaCode: string;
  scheme: string;
  year: number;
  onDone: (t: TargetRow) => void;
}) {
  const t = useTranslations("plans");
  const locale = useLocale();
  const [version, setVersion] = useState(target?.version ?? 1);
  const [conflict, setConflict] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<TargetRow | null>(null);
  const form = useForm<Values>({
    initialValues: {
      measure: target?.measure ?? (scheme === "health_insurance" || scheme === "social_insurance" ? "coverage_percent" : "new_participants"),
      kind: target?.kind ?? "plan",
      periodStart: target?.periodStart ?? `${year}-01-01`,
      periodEnd: target?.periodEnd ?? `${year}-12-31`,
      value: target?.value ?? "",
      share: target?.share ?? "",
      milestoneBy: target?.milestoneBy ?? "",
      note: target?.note ?? "",
    },
    validate: { value: (v) => (v === "" ? t("errors.value") : null) },
  });
  const num = (v: number | string) => (typeof v === "number" ? v : Number(v));
  const save = useMutation({
    mutationFn: (v: Values) => {
      const milestone = v.kind === "milestone";
      const common = {
        value: num(v.value),
        share: milestone && v.share !== "" ? num(v.share) : null,
        milestoneBy: milestone && v.milestoneBy ? v.milestoneBy : null,
        note: v.note || null,
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
      };
      return target
        ? trpc.targets.update.mutate({ id: target.id, version, ...common })
        : trpc.targets.create.mutate({
            areaCode,
            scheme: scheme as TargetRow["scheme"],
            measure: v.measure as TargetRow["measure"],
            kind: v.kind as TargetRow["kind"],
            ...common,
          });
    },
    onSuccess: (saved) => onDone(saved as TargetRow),
    onError: (e) => {
      const api = apiError(e);
      if (!api) return;
      if (api.code === "TARGETS.CONFLICT") {
        setConflict(api.issues.map((i) => issueText(i, locale)).join("; "));
        return;
      }
      const errors: Record<string, string> = {};
      for (const issue of api.issues) {
        const field = typeof issue.path[0] === "string" && (issue.path[0] in form.values || issue.path[0] === "scheme") ? issue.path[0] : null;
        if (field) errors[field] = [errors[field], issueText(issue, locale)].filter(Boolean).join("; ");
      }
      form.setErrors(errors);
    },
  });
  const reload = async () => {
    if (!target) return;
    const fresh = await trpc.targets.get.query({ id: target.id });
    setTheirs({ ...fresh, milestone: null } as TargetRow);
    setVersion(fresh.version);
    setConflict(null);
    save.reset();
  };
  const fieldErrors = Object.keys(form.errors).length > 0;
  const milestone = form.values.kind === "milestone";
  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack>
        {conflict ? (
          <Alert color="orange" role="alert" title={t("conflict.title")} data-testid="target-conflict">
            <Stack gap="xs">
              <Text size="sm">{conflict}</Text>
              <Text size="sm">{t("conflict.kept", { value: String(form.values.value) })}</Text>
              <Group>
                <Button size="xs" onClick={() => void reload()}>
                  {t("conflict.reload")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        {theirs ? (
          <Alert color="blue" role="status" data-testid="target-reloaded">
            {t("conflict.reloaded", { value: String(theirs.value), version: theirs.version })}
          </Alert>
        ) : null}
        {save.isError && !fieldErrors && !conflict ? (
          <Alert color="red" role="alert" data-testid="target-form-error">
            {errorMessage(save.error, locale)}
          </Alert>
        ) : null}
        <Group grow align="start">
          <Select
            label={t("measure")}
            disabled={target !== null}
            allowDeselect={false}
            data={measures.map((m) => ({ value: m, label: t(`measures.${m}`) }))}
            {...form.getInputProps("measure")}
          />
          <Select
            label={t("kind")}
            disabled={target !== null}
            allowDeselect={false}
            data={kinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            {...form.getInputProps("kind")}
          />
        </Group>
        <Group grow align="start">
          <DateField
            label={t("periodStart")}
            value={form.values.periodStart}
            onChange={(d) => form.setFieldValue("periodStart", d ?? "")}
            apply="live"
            error={form.errors.periodStart}
          />
          <DateField
            label={t("periodEnd")}
            value={form.values.periodEnd}
            onChange={(d) => form.setFieldValue("periodEnd", d ?? "")}
            apply="live"
            error={form.errors.periodEnd}
          />
        </Group>
        <NumberInput
          label={form.values.measure === "coverage_percent" ? t("valuePercent") : t("value")}
          withAsterisk
          min={0}
          decimalScale={form.values.measure === "coverage_percent" ? 2 : 0}
          thousandSeparator="."
          decimalSeparator=","
          data-testid="target-value"
          {...form.getInputProps("value")}
        />
        {milestone ? (
          <Group grow align="start">
            <NumberInput
              label={t("share")}
              description={t("shareHint")}
              min={0}
              max={1}
              step={0.05}
              decimalScale={4}
              decimalSeparator=","
              {...form.getInputProps("share")}
            />
            <DateField
              label={t("milestoneBy")}
              value={form.values.milestoneBy || null}
              onChange={(d) => form.setFieldValue("milestoneBy", d ?? "")}
              apply="live"
              error={form.errors.milestoneBy}
            />
          </Group>
        ) : null}
        <Textarea label={t("note")} autosize minRows={1} {...form.getInputProps("note")} />
        {form.errors.scheme ? (
          <Text c="red" size="sm" role="alert">
            {form.errors.scheme}
          </Text>
        ) : null}
        <Group justify="end">
          <Button type="submit" loading={save.isPending} data-testid="target-save">
            {t("save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
