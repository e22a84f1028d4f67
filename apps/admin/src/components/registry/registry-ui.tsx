"use client";

import { AreaPicker } from "@/components/area-picker";
import { DateField } from "@/components/date-field";
import { useMayWrite } from "@/lib/session";
import { useApiQuery } from "@/trpc/hooks";
import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { checkPhone, formatPhone } from "@ansinh/domain/registry";

export const schemeValues = ["voluntary_social_insurance", "household_health_insurance"] as const;
export const statusValues = ["active", "due", "lapsed", "not_started"] as const;
export type SchemeValue = (typeof schemeValues)[number];
export type StatusValue = (typeof statusValues)[number];

/** The filters every registry list shares (the API's one filter schema). */
export interface RegistryFilters {
  search: string;
  areaCode: string;
  /** A day the code names the wanted unit (set by a line that names a unit of another era); "" for today. */
  areaValidOn: string;
  scheme: SchemeValue | "";
  status: StatusValue | "";
  agentId: string;
  from: string | null;
  to: string | null;
}

export const emptyFilters: RegistryFilters = { search: "", areaCode: "", areaValidOn: "", scheme: "", status: "", agentId: "", from: null, to: null };

export const isFiltered = (f: RegistryFilters) => Object.entries(f).some(([, v]) => v !== "" && v !== null);

/** The filters as the API's input: nothing for what is not set; the search debounced by the caller. */
export function filterInput(f: RegistryFilters, search: string) {
  return {
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(f.areaCode ? { areaCode: f.areaCode } : {}),
    ...(f.areaCode && f.areaValidOn ? { areaValidOn: f.areaValidOn } : {}),
    ...(f.scheme ? { scheme: f.scheme } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.agentId ? { agentId: Number(f.agentId) } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
  };
}

/** Filter state with the search debounced (300 ms), and a page reset on every change. */
export function useRegistryFilters(onChange: () => void) {
  const [filters, setFilters] = useState<RegistryFilters>(emptyFilters);
  const [search] = useDebouncedValue(filters.search, 300);
  const set = (patch: Partial<RegistryFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    onChange();
  };
  return { filters, set, search, clear: () => set(emptyFilters) };
}

/**
 * The filter bar: search, area, scheme, status (unless hidden), agent, period. On a phone the
 * search stays and the other filters fold behind one button (saying how many are in use), so the
 * results come first.
 */
export function RegistryFilterBar({
  filters,
  set,
  clear,
  withStatus = true,
  withPeriod = true,
  extra,
  extraInUse = false,
}: {
  filters: RegistryFilters;
  set: (patch: Partial<RegistryFilters>) => void;
  clear: () => void;
  withStatus?: boolean;
  withPeriod?: boolean;
  /** A list's own filters, after the shared ones (folded with them on a phone). */
  extra?: ReactNode;
  /** One of the list's own filters is set (counted on the phone's button, offers "clear"). */
  extraInUse?: boolean;
}) {
  const t = useTranslations("registry");
  const agents = useApiQuery("registry.agents", undefined);
  const phone = useMediaQuery("(max-width: 48em)") ?? false;
  const [unfolded, setUnfolded] = useState(false);
  const foldId = useId();
  const inUse = [
    filters.areaCode,
    filters.scheme,
    withStatus ? filters.status : "",
    filters.agentId,
    withPeriod ? filters.from : null,
    withPeriod ? filters.to : null,
  ];
  const inUseCount = inUse.filter((v) => v !== "" && v !== null).length + (extraInUse ? 1 : 0);
  return (
    <>
      <TextInput
        type="search"
        label={t("search")}
        description={t("searchHint")}
        value={filters.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        maw={560}
        data-testid="registry-search"
      />
      {phone ? (
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => setUnfolded((o) => !o)}
            aria-expanded={unfolded}
            aria-controls={foldId}
            data-testid="filters-toggle"
          >
            {unfolded ? t("hideFilters") : t("showFilters", { count: inUseCount })}
          </Button>
        </Group>
      ) : null}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="xs" id={foldId} display={phone && !unfolded ? "none" : undefined}>
        <AreaPicker label={t("area")} value={filters.areaCode} onChange={(code) => set({ areaCode: code, areaValidOn: "" })} />
        <Select
          label={t("scheme")}
          placeholder={t("anyScheme")}
          clearable
          value={filters.scheme || null}
          onChange={(v) => set({ scheme: (v ?? "") as SchemeValue | "" })}
          data={schemeValues.map((s) => ({ value: s, label: t(`schemes.${s}`) }))}
        />
        {withStatus ? (
          <Select
            label={t("status")}
            placeholder={t("anyStatus")}
            clearable
            value={filters.status || null}
            onChange={(v) => set({ status: (v ?? "") as StatusValue | "" })}
            data={statusValues.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          />
        ) : null}
        <Select
          label={t("agent")}
          placeholder={t("anyAgent")}
          clearable
          searchable
          value={filters.agentId || null}
          onChange={(v) => set({ agentId: v ?? "" })}
          data={(agents.data ?? []).map((a) => ({ value: String(a.id), label: a.name }))}
        />
        {withPeriod ? (
          <>
            <DateField label={t("from")} description={t("periodHint")} clearable value={filters.from} onChange={(v) => set({ from: v })} />
            <DateField label={t("to")} clearable value={filters.to} onChange={(v) => set({ to: v })} />
          </>
        ) : null}
        {extra}
      </SimpleGrid>
      {isFiltered(filters) || extraInUse ? (
        <Group>
          <Button variant="subtle" size="xs" onClick={clear}>
            {t("clearFilters")}
          </Button>
        </Group>
      ) : null}
    </>
  );
}

/** Downloads the list as shown: the same input the list was asked with, in the reader's language. */
export function ExportButton({ list, input }: { list: "participants" | "enrolments" | "renewals" | "agents"; input: Record<string, unknown> }) {
  const t = useTranslations("registry");
  const locale = useLocale();
  const { limit: _limit, offset: _offset, ...filters } = input;
  const href = `/api/trpc/export/${list}?input=${encodeURIComponent(JSON.stringify(filters))}&lang=${locale === "en" ? "en" : "vi"}`;
  return (
    <Tooltip label={t("exportHint")}>
      <Button component="a" href={href} download variant="light" data-testid="export">
        {t("export")}
      </Button>
    </Tooltip>
  );
}

const statusColour: Record<StatusValue, string> = { active: "green", due: "orange", lapsed: "red", not_started: "gray" };

export function StatusBadge({ status, scheme }: { status: StatusValue; scheme?: SchemeValue }) {
  const t = useTranslations("registry");
  return (
    <Badge tt="none" variant="dot" color={statusColour[status]}>
      {scheme ? `${t(`schemes.${scheme}`)}: ` : ""}
      {t(`statuses.${status}`)}
    </Badge>
  );
}

/** dd/MM/yyyy, or — */
export const showDate = (d: string | null | undefined) => (d ? formatDisplayDate(d) : "—");

/** A phone as people read it (0912 345 678); a masked one (09*****678) as it is. */
export function showPhone(phone: string | null | undefined): string {
  if (!phone) return "—";
  const checked = checkPhone(phone);
  return checked.ok ? formatPhone(checked.phone) : phone;
}

/**
 * What an empty registry offers: the next step, recording or importing. Not prefetched: a
 * prefetch of a page that is not there (yet) never settles in the browser, and keeps the page
 * "loading" for tools that wait for the network to go quiet.
 */
export function RegistryEmpty() {
  const t = useTranslations("registry");
  // Recording and importing are for the roles that may write: a viewer is not offered them.
  const mayWrite = useMayWrite();
  return (
    <Paper withBorder p="md" data-testid="registry-empty">
      <Stack gap="xs">
        <Text fw={600}>{t("emptyTitle")}</Text>
        <Text size="sm">{t("emptyBody")}</Text>
        {mayWrite ? (
          <Group>
            <Button component={Link} href="/enrolments/new" prefetch={false}>
              {t("newParticipant")}
            </Button>
            <Button component={Link} href="/imports" prefetch={false} variant="default">
              {t("importList")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
