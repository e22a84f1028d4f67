"use client";

import { AreaPicker } from "@/components/area-picker";
import { DateField } from "@/components/date-field";
import { useMe } from "@/lib/session";
import { trpc } from "@/trpc/client";
import { apiError, errorMessage, issueText } from "@/trpc/error-message";
import { Alert, Button, Checkbox, Group, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import type { AppRouter } from "@ansinh/api";
import { todayInVietnam } from "@ansinh/domain/dates";

export type AgentRow = inferRouterOutputs<AppRouter>["agents"]["list"]["rows"][number];
export const agentKinds = ["post_office", "commune_agent", "partner", "online"] as const;

/** Whether the signed-in user holds a role that manages agents somewhere (admins, managers). */
export function useMayManage(): boolean {
  const me = useMe();
  return me.data?.assignments.some((a) => a.role === "admin" || a.role === "manager") ?? false;
}

interface AgentFormValues {
  name: string;
  kind: string;
  areaCode: string;
  areaValidOn: string;
  active: boolean;
}

/**
 * The agent form (create and edit): the API's issues land under their fields; a version conflict
 * (someone else saved first) says so above the form.
 */
export function AgentForm({ agent, onDone }: { agent: (AgentRow & { version: number }) | null; onDone: (saved: AgentRow) => void }) {
  const t = useTranslations("agents");
  const locale = useLocale();
  const form = useForm<AgentFormValues>({
    initialValues: {
      name: agent?.name ?? "",
      kind: agent?.kind ?? "post_office",
      areaCode: agent?.areaCode ?? "",
      areaValidOn: agent?.areaValidOn ?? todayInVietnam(),
      active: agent?.active ?? true,
    },
    validate: {
      name: (v) => (v.trim() === "" ? t("errors.name") : null),
      areaCode: (v) => (v === "" ? t("errors.area") : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: AgentFormValues) =>
      agent
        ? trpc.agents.update.mutate({
            id: agent.id,
            version: agent.version,
            name: v.name,
            kind: v.kind as AgentRow["kind"],
            areaCode: v.areaCode,
            areaValidOn: v.areaValidOn,
            active: v.active,
          })
        : trpc.agents.create.mutate({ name: v.name, kind: v.kind as AgentRow["kind"], areaCode: v.areaCode, areaValidOn: v.areaValidOn }),
    onSuccess: (a) => onDone(a as AgentRow),
    onError: (e) => {
      const api = apiError(e);
      if (!api) return;
      const errors: Record<string, string> = {};
      for (const issue of api.issues) {
        const field = typeof issue.path[0] === "string" && issue.path[0] in form.values ? issue.path[0] : null;
        if (field && api.code !== "AGENT.CONFLICT") errors[field] = [errors[field], issueText(issue, locale)].filter(Boolean).join("; ");
      }
      form.setErrors(errors);
    },
  });
  const fieldErrors = Object.keys(form.errors).length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack>
        {save.isError && !fieldErrors ? (
          <Alert color="red" role="alert" data-testid="agent-form-error">
            {errorMessage(save.error, locale)}
          </Alert>
        ) : null}
        <TextInput label={t("name")} withAsterisk {...form.getInputProps("name")} />
        <Select label={t("kind")} data={agentKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} allowDeselect={false} {...form.getInputProps("kind")} />
        <AreaPicker
          onDate={form.values.areaValidOn}
          label={t("area")}
          description={t("areaHint")}
          value={form.values.areaCode}
          onChange={(code) => form.setFieldValue("areaCode", code)}
          error={typeof form.errors.areaCode === "string" ? form.errors.areaCode : undefined}
          unknownError={t("errors.areaNotOnDate")}
        />
        <DateField
          label={t("areaValidOn")}
          description={t("areaValidOnHint")}
          value={form.values.areaValidOn}
          onChange={(d) => form.setFieldValue("areaValidOn", d ?? todayInVietnam())}
          apply="live"
          error={form.errors.areaValidOn}
        />
        {agent ? <Checkbox label={t("activeLabel")} {...form.getInputProps("active", { type: "checkbox" })} /> : null}
        <Group justify="end">
          <Button type="submit" loading={save.isPending}>
            {t("save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
