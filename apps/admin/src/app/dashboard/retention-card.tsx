"use client";

import { QueryError } from "@/components/query-error";
import { useApiQuery } from "@/trpc/hooks";
import { BarChart } from "@mantine/charts";
import { Box, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { inferRouterOutputs } from "@trpc/server";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AppRouter } from "@ansinh/api";
import { addDays, formatDisplayDate } from "@ansinh/domain/dates";
import { Loading, useFigures, type Scheme } from "./dashboard-parts";

type Retention = inferRouterOutputs<AppRouter>["dashboard"]["retention"];
type Figures = Retention["total"];

/** The year the card opens on: the last calendar year before the date (its windows mostly closed), from 2020. */
export function defaultRetentionYear(onDate: string): number {
  const y = Number(onDate.slice(0, 4));
  return Math.max(Math.min(2020, y), y - 1);
}

function Share({ f, testId }: { f: Figures["within30"]; testId?: string }) {
  const { n, pct } = useFigures();
  return (
    <Text size="sm" span data-testid={testId}>
      <Text span fw={600}>
        {pct(f.share === null ? null : f.share * 100)}
      </Text>{" "}
      <Text span c="dimmed" size="xs">
        ({n(f.renewed)}/{n(f.ended)})
      </Text>
    </Text>
  );
}

function RankedTable({ label, rows, testId }: { label: string; rows: { key: string; rank: number | null; name: string; figures: Figures }[]; testId: string }) {
  const t = useTranslations("dashboard.retention");
  if (rows.length === 0) return null;
  return (
    // Scrolls sideways on a phone: focusable and named, so a keyboard can scroll it (axe).
    <Table.ScrollContainer minWidth={340} type="native" tabIndex={0} aria-label={label}>
      <Table striped aria-label={label} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("col.rank")}</Table.Th>
            <Table.Th>{label}</Table.Th>
            <Table.Th ta="right">{t("col.within30")}</Table.Th>
            <Table.Th ta="right">{t("col.within90")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-testid={`${testId}-row`}>
              <Table.Td>{r.rank ?? "—"}</Table.Td>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td ta="right">
                <Share f={r.figures.within30} />
              </Table.Td>
              <Table.Td ta="right">
                <Share f={r.figures.within90} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Retention on the dashboard: of the people whose cover ended in a calendar year (or a
 * month of it), the share who renewed within 30 and 90 days — the area, its children ranked, its
 * agents and collectors ranked — and a bar of the contact outcomes behind the losses, with the
 * same figures as a table.
 */
export function RetentionCard({ code, onDate, scheme }: { code: string; onDate: string; scheme: Scheme }) {
  const t = useTranslations("dashboard.retention");
  const to = useTranslations("worklist.outcomes");
  const { n } = useFigures();
  const lastYear = Number(onDate.slice(0, 4));
  const [year, setYear] = useState<number>(() => defaultRetentionYear(onDate));
  const [month, setMonth] = useState<number | null>(null);
  const shownYear = Math.min(year, Math.max(lastYear, 2020));
  const q = useApiQuery("dashboard.retention", { code, onDate, scheme, year: shownYear, ...(month === null ? {} : { month }) });
  const r = q.data;
  const years: number[] = [];
  for (let y = Math.max(lastYear, 2020); y >= 2020; y--) years.push(y);
  const reasonLabel = (o: string | null) => (o === null ? t("noContact") : to(o as "paid"));
  const open = r ? addDays(r.period.end, 90) > onDate : false;
  return (
    <Card withBorder data-testid="retention">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("definition")}
        </Text>
        <Group align="end" wrap="wrap">
          <NativeSelect
            label={t("year")}
            value={String(shownYear)}
            onChange={(e) => setYear(Number(e.currentTarget.value))}
            data={years.map((y) => String(y))}
            w={120}
            data-testid="retention-year"
          />
          <NativeSelect
            label={t("month")}
            value={month === null ? "" : String(month)}
            onChange={(e) => setMonth(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}
            data={[{ value: "", label: t("wholeYear") }, ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t("monthN", { m: i + 1 }) }))]}
            w={150}
            data-testid="retention-month"
          />
        </Group>
        {q.isPending ? (
          <Loading label={t("loading")} />
        ) : q.isError ? (
          <QueryError title={t("error")} error={q.error} onRetry={() => void q.refetch()} />
        ) : r ? (
          <Stack gap="sm">
            <Text size="sm">{t("period", { start: formatDisplayDate(r.period.start), end: formatDisplayDate(r.period.end) })}</Text>
            {r.total.within90.ended === 0 && r.total.within30.ended === 0 ? (
              <Text c="dimmed">{t("none")}</Text>
            ) : (
              <>
                <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
                  <Box>
                    <Text size="sm" c="dimmed">
                      {t("ended")}
                    </Text>
                    <Text fw={700} fz={24} data-testid="retention-ended">
                      {n(r.total.within30.ended)}
                    </Text>
                  </Box>
                  <Box>
                    <Text size="sm" c="dimmed">
                      {t("col.within30")}
                    </Text>
                    <Share f={r.total.within30} testId="retention-30" />
                  </Box>
                  <Box>
                    <Text size="sm" c="dimmed">
                      {t("col.within90")}
                    </Text>
                    <Share f={r.total.within90} testId="retention-90" />
                  </Box>
                </SimpleGrid>
                {open ? (
                  <Text size="xs" c="dimmed">
                    {t("stillOpen")}
                  </Text>
                ) : null}
                <RankedTable
                  label={t("col.area")}
                  testId="retention-children"
                  rows={r.children.map((c) => ({ key: c.code, rank: c.rank, name: c.name, figures: c.figures }))}
                />
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                  <RankedTable
                    label={t("col.agent")}
                    testId="retention-agents"
                    rows={r.agents.map((a) => ({ key: String(a.agentId), rank: a.rank, name: a.name ?? t("noAgent"), figures: a.figures }))}
                  />
                  <RankedTable
                    label={t("col.collector")}
                    testId="retention-collectors"
                    rows={r.collectors.map((c) => ({ key: c.collectorId ?? "", rank: c.rank, name: c.name ?? t("noCollector"), figures: c.figures }))}
                  />
                </SimpleGrid>
                {r.losses.length > 0 ? (
                  <Box>
                    <Title order={4} size="h5" mb="xs">
                      {t("losses")}
                    </Title>
                    <Box role="img" aria-label={t("lossesDescription")}>
                      <BarChart
                        h={Math.max(140, r.losses.length * 28 + 40)}
                        data={r.losses.map((l) => ({ reason: reasonLabel(l.outcome), lost: l.lost }))}
                        dataKey="reason"
                        orientation="vertical"
                        valueFormatter={(v) => n(v)}
                        yAxisProps={{ width: 150, interval: 0 }}
                        series={[{ name: "lost", label: t("lost"), color: "red.9" }]}
                      />
                    </Box>
                    <details>
                      <summary>{t("showTable")}</summary>
                      <Table data-testid="retention-losses">
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t("reason")}</Table.Th>
                            <Table.Th ta="right">{t("lost")}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {r.losses.map((l) => (
                            <Table.Tr key={l.outcome ?? ""}>
                              <Table.Td>{reasonLabel(l.outcome)}</Table.Td>
                              <Table.Td ta="right">{n(l.lost)}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </details>
                  </Box>
                ) : null}
              </>
            )}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
