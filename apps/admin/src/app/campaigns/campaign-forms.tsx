"use client";

import { AreaPicker } from "@/components/area-picker";
import { DateField } from "@/components/date-field";
import { useMe } from "@/lib/session";
import { trpc } from "@/trpc/client";
import { apiError, errorMessage, issueText } from "@/trpc/error-message";
import type { QueryOutput } from "@/trpc/hooks";
import { Alert, Button, Group, NumberInput, Select, Stack, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { todayInVietnam } from "@ansinh/domain/dates";

export type CampaignRow = QueryOutput<"campaigns.list">["rows"][number];
export type EventRow = QueryOutput<"campaigns.events">["rows"][number];
export const eventTypes = ["launch_ceremony", "communication_session", "parade", "door_to_door", "consultation"] as const;

/** Whether the signed-in user holds a role that manages campaigns somewhere (admins, managers). */
export function useMayManage(): boolean {
  const me = useMe();
  return me.data?.assignments.some((a) => a.role === "admin" || a.role === "manager") ?? false;
}

/** Puts the API's issues under their fields; true when at least one landed on a field. */
function setIssues(e: unknown, values: object, setErrors: (errors: Record<string, string>) => void, locale: string, conflictCode: string): boolean {
  const api = apiError(e);
  if (!api || api.code === conflictCode) return false;
  const errors: Record<string, string> = {};
  for (const issue of api.issues) {
    const field = typeof issue.path[0] === "string" && issue.path[0] in values ? issue.path[0] : null;
    if (field) errors[field] = [errors[field], issueText(issue, locale)].filter(Boolean).join("; ");
  }
  setErrors(errors);
  return Object.keys(errors).length > 0;
}

interface CampaignValues {
  name: string;
  theme: string;
  startDate: string | null;
  endDate: string | null;
  areaCodes: string[];
  partners: string[];
}

/** Create or edit a campaign: the API's issues land under their fields; a conflict says so above the form. */
export function CampaignForm({ campaign, onDone }: { campaign: CampaignRow | null; onDone: (saved: CampaignRow) => void }) {
  const t = useTranslations("campaigns");
  const locale = useLocale();
  const form = useForm<CampaignValues>({
    initialValues: {
      name: campaign?.name ?? "",
      theme: campaign?.theme ?? "",
      startDate: campaign?.startDate ?? null,
      endDate: campaign?.endDate ?? null,
      areaCodes: campaign?.areaCodes ?? [],
      partners: campaign?.partners ?? [],
    },
    validate: {
      name: (v) => (v.trim() === "" ? t("errors.name") : null),
      startDate: (v) => (v ? null : t("errors.date")),
      endDate: (v, all) => (!v ? t("errors.date") : all.startDate && v < all.startDate ? t("errors.period") : null),
      areaCodes: (v) => (v.length === 0 ? t("errors.areas") : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: CampaignValues) => {
      const body = { name: v.name, theme: v.theme.trim() || null, startDate: v.startDate!, endDate: v.endDate!, areaCodes: v.areaCodes, partners: v.partners };
      return campaign ? trpc.campaigns.update.mutate({ id: campaign.id, version: campaign.version, ...body }) : trpc.campaigns.create.mutate(body);
    },
    onSuccess: (c) => onDone(c as CampaignRow),
    onError: (e) => setIssues(e, form.values, form.setErrors, locale, "CAMPAIGN.CONFLICT"),
  });
  const fieldErrors = Object.keys(form.errors).length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack>
        {save.isError && !fieldErrors ? (
          <Alert color="red" role="alert" data-testid="campaign-form-error">
            {errorMessage(save.error, locale)}
          </Alert>
        ) : null}
        <TextInput label={t("name")} withAsterisk {...form.getInputProps("name")} />
        <TextInput label={t("theme")} {...form.getInputProps("theme")} />
        <Group grow align="start">
          <DateField
            label={t("startDate")}
            withAsterisk
            value={form.values.startDate}
            onChange={(d) => form.setFieldValue("startDate", d)}
            error={form.errors.startDate}
          />
          <DateField
            label={t("endDate")}
            withAsterisk
            value={form.values.endDate}
            onChange={(d) => form.setFieldValue("endDate", d)}
            error={form.errors.endDate}
          />
        </Group>
        <AreaPicker
          multiple
          label={t("areas")}
          description={t("areasHint")}
          withAsterisk
          onDate={form.values.startDate ?? todayInVietnam()}
          value={form.values.areaCodes}
          onChange={(codes) => form.setFieldValue("areaCodes", codes)}
          error={form.errors.areaCodes}
        />
        <TagsInput label={t("partners")} description={t("partnersHint")} {...form.getInputProps("partners")} />
        <Group justify="end">
          <Button type="submit" loading={save.isPending}>
            {t("save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface EventValues {
  type: string;
  title: string;
  eventDate: string | null;
  areaCode: string;
  organiser: string;
  partner: string;
  attendances: number | string;
  notes: string;
}

/** Create or edit an outreach event of a campaign. */
export function EventForm({
  campaign,
  event,
  onDone,
}: {
  campaign: { id: number; startDate: string; partners: string[] };
  event: EventRow | null;
  onDone: () => void;
}) {
  const t = useTranslations("campaigns");
  const locale = useLocale();
  const form = useForm<EventValues>({
    initialValues: {
      type: event?.type ?? "communication_session",
      title: event?.title ?? "",
      eventDate: event?.eventDate ?? null,
      areaCode: event?.areaCode ?? "",
      organiser: event?.organiser ?? "",
      partner: event?.partner ?? "",
      attendances: event?.attendances ?? "",
      notes: event?.notes ?? "",
    },
    validate: {
      eventDate: (v) => (v ? null : t("errors.date")),
      areaCode: (v) => (v ? null : t("errors.area")),
      attendances: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? null : t("errors.attendances")),
    },
  });
  const save = useMutation({
    mutationFn: (v: EventValues) => {
      const body = {
        campaignId: campaign.id,
        type: v.type as (typeof eventTypes)[number],
        title: v.title.trim() || null,
        eventDate: v.eventDate!,
        areaCode: v.areaCode,
        organiser: v.organiser.trim() || null,
        partner: v.partner.trim() || null,
        attendances: Number(v.attendances),
        notes: v.notes.trim() || null,
      };
      return event ? trpc.campaigns.updateEvent.mutate({ id: event.id, version: event.version, ...body }) : trpc.campaigns.createEvent.mutate(body);
    },
    onSuccess: () => onDone(),
    onError: (e) => setIssues(e, form.values, form.setErrors, locale, "OUTREACH_EVENT.CONFLICT"),
  });
  const fieldErrors = Object.keys(form.errors).length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack>
        {save.isError && !fieldErrors ? (
          <Alert color="red" role="alert" data-testid="event-form-error">
            {errorMessage(save.error, locale)}
          </Alert>
        ) : null}
        <Select label={t("type")} data={eventTypes.map((k) => ({ value: k, label: t(`types.${k}`) }))} allowDeselect={false} {...form.getInputProps("type")} />
        <TextInput label={t("eventTitle")} {...form.getInputProps("title")} />
        <DateField
          label={t("eventDate")}
          withAsterisk
          value={form.values.eventDate}
          onChange={(d) => form.setFieldValue("eventDate", d)}
          error={form.errors.eventDate}
        />
        <AreaPicker
          label={t("eventArea")}
          description={t("areasHint")}
          withAsterisk
          onDate={form.values.eventDate ?? campaign.startDate}
          value={form.values.areaCode}
          onChange={(c) => form.setFieldValue("areaCode", c)}
          error={form.errors.areaCode}
        />
        <TextInput label={t("organiser")} {...form.getInputProps("organiser")} />
        <Select
          label={t("partner")}
          data={[...new Set([...campaign.partners, ...(form.values.partner ? [form.values.partner] : [])])]}
          searchable
          clearable
          comboboxProps={{ withinPortal: true }}
          value={form.values.partner || null}
          onChange={(p) => form.setFieldValue("partner", p ?? "")}
        />
        <NumberInput
          label={t("attendances")}
          description={t("attendancesHint")}
          withAsterisk
          min={0}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator="."
          decimalSeparator=","
          {...form.getInputProps("attendances")}
        />
        <Textarea label={t("notes")} autosize minRows={2} {...form.getInputProps("notes")} />
        <Group justify="end">
          <Button type="submit" loading={save.isPending}>
            {t("save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
