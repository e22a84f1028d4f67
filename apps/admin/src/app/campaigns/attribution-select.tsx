"use client";

import { useApiQuery } from "@/trpc/hooks";
import { NativeSelect } from "@mantine/core";
import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";

/** The select's value as the enrolment procedures take it: "" none, "c:7" a campaign, "e:12" an event. */
export function attributionOf(value: string): { campaignId?: number; outreachEventId?: number } {
  const m = /^([ce]):(\d+)$/.exec(value);
  if (!m) return {};
  return m[1] === "c" ? { campaignId: Number(m[2]) } : { outreachEventId: Number(m[2]) };
}

/**
 * "Đợt vận động / sự kiện": the campaigns and events an enrolment in `communeCode` paid on
 * `onDate` may be attributed to (the API applies the domain's rule); a choice that is no longer
 * offered (another commune or date) is cleared.
 */
export function AttributionSelect({
  communeCode,
  onDate,
  value,
  onChange,
  error,
}: {
  communeCode: string;
  onDate: string | null;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const t = useTranslations("campaigns.attribution");
  const tt = useTranslations("campaigns.types");
  const ready = /^\d{2,5}$/.test(communeCode) && !!onDate;
  const choices = useApiQuery("campaigns.choices", ready ? { communeCode, onDate: onDate! } : null);
  const options = [
    ...(choices.data?.events ?? []).map((e) => ({
      value: `e:${e.id}`,
      label: `${t("event", { date: formatDisplayDate(e.eventDate), title: e.title || tt(e.type) })}${e.campaignName ? ` — ${e.campaignName}` : ""}`,
    })),
    ...(choices.data?.campaigns ?? []).map((c) => ({ value: `c:${c.id}`, label: t("campaign", { name: c.name }) })),
  ];
  const offered = options.some((o) => o.value === value);
  useEffect(() => {
    if (value && choices.isSuccess && !offered) onChange("");
  }, [value, choices.isSuccess, offered, onChange]);
  return (
    <NativeSelect
      label={t("label")}
      description={ready ? t("hint") : t("pickCommune")}
      value={offered ? value : ""}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      disabled={!ready}
      data-testid="attribution-select"
      data={[{ value: "", label: t("none") }, ...options]}
    />
  );
}

/**
 * The campaign (and, optionally, one of its events) a whole import is attributed to; each line
 * is still checked by the domain's rule, and a line's own event column chooses its event.
 */
export function BatchAttribution({
  value,
  onChange,
}: {
  value: { campaignId: number | null; outreachEventId: number | null };
  onChange: (v: { campaignId: number | null; outreachEventId: number | null }) => void;
}) {
  const t = useTranslations("campaigns.attribution");
  const tt = useTranslations("campaigns.types");
  const campaigns = useApiQuery("campaigns.list", { limit: 200 });
  const events = useApiQuery("campaigns.events", value.campaignId !== null ? { campaignId: value.campaignId, limit: 200 } : null);
  return (
    <>
      <NativeSelect
        label={t("batch")}
        description={t("batchHint")}
        value={value.campaignId === null ? "" : String(value.campaignId)}
        onChange={(e) => onChange({ campaignId: e.currentTarget.value ? Number(e.currentTarget.value) : null, outreachEventId: null })}
        data-testid="batch-campaign"
        data={[
          { value: "", label: t("none") },
          ...(campaigns.data?.rows ?? []).map((c) => ({
            value: String(c.id),
            label: `${c.name} (${formatDisplayDate(c.startDate)} – ${formatDisplayDate(c.endDate)})`,
          })),
        ]}
      />
      {value.campaignId !== null ? (
        <NativeSelect
          label={t("batchEvent")}
          value={value.outreachEventId === null ? "" : String(value.outreachEventId)}
          onChange={(e) => onChange({ ...value, outreachEventId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
          data-testid="batch-event"
          data={[
            { value: "", label: t("campaign", { name: campaigns.data?.rows.find((c) => c.id === value.campaignId)?.name ?? "" }) },
            ...(events.data?.rows ?? []).map((e) => ({
              value: String(e.id),
              label: t("event", { date: formatDisplayDate(e.eventDate), title: e.title || tt(e.type) }),
            })),
          ]}
        />
      ) : null}
    </>
  );
}
