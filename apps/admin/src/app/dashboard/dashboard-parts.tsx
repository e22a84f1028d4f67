"use client";

import { Badge, Group, Loader, Text } from "@mantine/core";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { AppRouter } from "@ansinh/api";
import { todayInVietnam as today } from "@ansinh/domain/dates";

export type Summary = inferRouterOutputs<AppRouter>["dashboard"]["summary"];
export type ChildRow = Summary["children"][number];
export type Scheme = Summary["scheme"];
export type Status = "achieved" | "ahead" | "on_track" | "at_risk" | "behind";
export const dashboardSchemes: readonly Scheme[] = ["voluntary_social_insurance", "household_health_insurance"];

/** The page's state in the address: ?area=&date=&scheme= (drill-down and back work with the browser's history and new tabs). */
export function useDashboardParams() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const area = params.get("area");
  const date = params.get("date") ?? today();
  const scheme: Scheme = params.get("scheme") === "household_health_insurance" ? "household_health_insurance" : "voluntary_social_insurance";
  const hrefWith = (next: Record<string, string | null>, path = pathname) => {
    const q = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v == null || v === "") q.delete(k);
      else q.set(k, v);
    }
    return `${path}?${q.toString()}`;
  };
  return {
    area,
    date,
    scheme,
    dateGiven: params.has("date"),
    hrefWith,
    push: (next: Record<string, string | null>) => router.push(hrefWith(next)),
    replace: (next: Record<string, string | null>) => router.replace(hrefWith(next)),
  };
}

/**
 * Status colours: dark enough against white for text and for the bar's track (WCAG 1.4.11), and
 * never the only cue — the status is always written.
 */
export const statusColour: Record<Status | "none", string> = {
  achieved: "teal.9",
  ahead: "green.9",
  on_track: "blue.8",
  at_risk: "orange.9",
  behind: "red.9",
  none: "gray.7",
};

export function StatusBadge({ status }: { status: Status | null | undefined }) {
  const t = useTranslations("dashboard.status");
  const s = status ?? "none";
  return (
    <Badge
      variant="outline"
      color={statusColour[s]}
      tt="none"
      maw="none"
      style={{ flexShrink: 0, overflow: "visible" }}
      styles={{ label: { overflow: "visible" } }}
      data-testid="status"
    >
      {t(s)}
    </Badge>
  );
}

/** Numbers and percentages as the reader's language writes them. */
export function useFigures() {
  const format = useFormatter();
  return {
    n: (v: number | null | undefined) => (v == null ? "—" : format.number(Math.round(v))),
    pct: (percent: number | null | undefined) => (percent == null ? "—" : format.number(percent / 100, { style: "percent", maximumFractionDigits: 2 })),
  };
}

export const reportHref = (s: { code: string; onDate: string; scheme: Scheme }, locale: string) =>
  `/api/trpc/export/progress-report?input=${encodeURIComponent(JSON.stringify({ code: s.code, onDate: s.onDate, scheme: s.scheme }))}&lang=${locale === "en" ? "en" : "vi"}`;

/** Loading, said in words too (a spinner alone tells a screen reader nothing). */
export function Loading({ label }: { label: string }) {
  return (
    <Group gap="xs" role="status">
      <Loader size="sm" />
      <Text size="sm">{label}</Text>
    </Group>
  );
}
