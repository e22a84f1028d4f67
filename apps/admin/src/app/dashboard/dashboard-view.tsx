"use client";

import "@mantine/charts/styles.css";
import { DateField } from "@/components/date-field";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/lib/session";
import { useApiQuery } from "@/trpc/hooks";
import { BarChart, LineChart } from "@mantine/charts";
import { Anchor, Box, Breadcrumbs, Button, Card, Group, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useState } from "react";
import { can } from "@ansinh/domain/access";
import { formatDisplayDate, todayInVietnam as today } from "@ansinh/domain/dates";
import {
  dashboardSchemes,
  Loading,
  reportHref,
  StatusBadge,
  statusColour,
  useDashboardParams,
  useFigures,
  type ChildRow,
  type Summary,
} from "./dashboard-parts";
import { RetentionCard } from "./retention-card";

function Kpi({ label, value, hint, testId, children }: { label: string; value: string; hint?: string; testId: string; children?: React.ReactNode }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text fw={700} fz={26} lh={1.2} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
      {children}
    </Card>
  );
}

function Kpis({ s }: { s: Summary }) {
  const t = useTranslations("dashboard.kpi");
  const { n, pct } = useFigures();
  const k = s.kpis;
  const hc = k.healthCoverage;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 5 }} spacing="sm">
      <Kpi
        testId="kpi-new"
        label={t("newEnrolments")}
        value={
          k.newEnrolments.target == null
            ? t("noTarget", { achieved: n(k.newEnrolments.achieved) })
            : t("ofPlan", { achieved: n(k.newEnrolments.achieved), target: n(k.newEnrolments.target) })
        }
      >
        {k.newEnrolments.target != null ? (
          <Group gap="xs" mt={4}>
            <Text fw={700} data-testid="kpi-new-percent">
              {pct(k.newEnrolments.percent)}
            </Text>
            <StatusBadge status={k.newEnrolments.status} />
          </Group>
        ) : null}
      </Kpi>
      <Kpi
        testId="kpi-expected"
        label={t("expected")}
        value={n(k.expectedToDate)}
        hint={k.projectedAtEnd != null ? t("projected", { n: n(k.projectedAtEnd) }) : t("expectedHint")}
      />
      <Kpi testId="kpi-active" label={t("active")} value={n(k.active)} hint={t("activeHint")} />
      <Kpi testId="kpi-lapsed" label={t("lapsed")} value={n(k.lapsed)} hint={t("lapsedHint")} />
      <Kpi
        testId="kpi-coverage"
        label={t("coverage")}
        value={hc.known ? pct(hc.percent) : t("unknown")}
        hint={
          hc.goal
            ? t(hc.goal.setFor !== hc.goal.year ? "goalCarried" : "goal", {
                year: String(hc.goal.year),
                setFor: String(hc.goal.setFor),
                percent: pct(hc.goal.percent),
                source: hc.goal.source,
              })
            : t("noGoal")
        }
      />
    </SimpleGrid>
  );
}

function ProgressCell({ r }: { r: ChildRow }) {
  const { pct } = useFigures();
  if (!r.progress) return <Text size="sm">—</Text>;
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress value={Math.min(100, r.progress.percent ?? 0)} w={{ base: 60, sm: 120 }} size="lg" color={statusColour[r.progress.status]} aria-hidden />
      <Text size="sm" fw={600} data-testid="child-percent">
        {pct(r.progress.percent)}
      </Text>
    </Group>
  );
}

function ChildrenTable({ s, hrefFor }: { s: Summary; hrefFor: (code: string) => string }) {
  const t = useTranslations("dashboard");
  const { n, pct } = useFigures();
  if (s.children.length === 0) return <Text c="dimmed">{t("noChildren")}</Text>;
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table striped highlightOnHover aria-label={t("children")} data-testid="children">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("col.rank")}</Table.Th>
            <Table.Th>{t("col.area")}</Table.Th>
            <Table.Th ta="right">{t("col.achieved")}</Table.Th>
            <Table.Th>{t("col.progress")}</Table.Th>
            <Table.Th>{t("col.status")}</Table.Th>
            <Table.Th ta="right">{t("col.minimum")}</Table.Th>
            <Table.Th>{t("col.milestone")}</Table.Th>
            <Table.Th ta="right">{t("col.active")}</Table.Th>
            <Table.Th ta="right">{t("col.coverage")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.children.map((r) => (
            <Table.Tr key={r.code} data-testid={`child-${r.code}`}>
              <Table.Td>{r.rank ?? "—"}</Table.Td>
              <Table.Td>
                <Anchor component={Link} href={hrefFor(r.code)} aria-label={t("drill", { name: r.name })}>
                  {r.name}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right" data-testid="child-achieved">
                {r.progress ? `${n(r.achieved)} / ${n(r.progress.target)}` : n(r.achieved)}
              </Table.Td>
              <Table.Td>
                <ProgressCell r={r} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <StatusBadge status={r.progress?.status} />
              </Table.Td>
              <Table.Td ta="right">{r.minimum ? `${n(r.minimum.achieved)} / ${n(r.minimum.target)}` : "—"}</Table.Td>
              <Table.Td>
                {r.milestone ? (
                  <Text size="sm">
                    {n(r.milestone.achieved)} / {t("milestoneBy", { required: n(r.milestone.required), by: formatDisplayDate(r.milestone.by) })}
                  </Text>
                ) : (
                  "—"
                )}
              </Table.Td>
              <Table.Td ta="right">{n(r.active)}</Table.Td>
              <Table.Td ta="right">{r.coverage.known ? pct(r.coverage.percent) : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SeriesChart({ s }: { s: Summary }) {
  const t = useTranslations("dashboard");
  const { n } = useFigures();
  const data = s.series.points.map((p) => ({ date: formatDisplayDate(p.date), achieved: p.achieved, expected: Math.round(p.expected * 100) / 100 }));
  const description = t("seriesDescription", { start: formatDisplayDate(s.plan.period.start), end: formatDisplayDate(s.plan.period.end) });
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        {t("series")}
      </Title>
      <Box role="img" aria-label={description}>
        <LineChart
          h={260}
          data={data}
          dataKey="date"
          curveType="linear"
          withLegend
          withDots={false}
          valueFormatter={(v) => n(v)}
          series={[
            { name: "achieved", label: t("seriesAchieved"), color: "teal.8" },
            { name: "expected", label: t("seriesExpected"), color: "gray.7", strokeDasharray: "6 4" },
          ]}
        />
      </Box>
      <details>
        <summary>{t("showTable")}</summary>
        <Table.ScrollContainer minWidth={300} type="native">
          <Table data-testid="series-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("seriesDate")}</Table.Th>
                <Table.Th ta="right">{t("seriesAchieved")}</Table.Th>
                <Table.Th ta="right">{t("seriesExpected")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.series.points.map((p) => (
                <Table.Tr key={p.date}>
                  <Table.Td>{formatDisplayDate(p.date)}</Table.Td>
                  <Table.Td ta="right">{n(p.achieved)}</Table.Td>
                  <Table.Td ta="right">{n(p.expected)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </details>
    </Card>
  );
}

function CoverageChart({ s }: { s: Summary }) {
  const t = useTranslations("dashboard");
  const { pct } = useFigures();
  const rows = s.children.filter((c) => c.coverage.known);
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        {t("coverageBars")}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{t("noCoverage")}</Text>
      ) : (
        <>
          <Box role="img" aria-label={t("coverageDescription")}>
            <BarChart
              h={Math.max(160, rows.length * 26 + 40)}
              data={rows.map((c) => ({ name: c.name, percent: c.coverage.percent }))}
              dataKey="name"
              orientation="vertical"
              valueFormatter={(v) => pct(v)}
              xAxisProps={{ domain: [0, 100] }}
              yAxisProps={{ width: 110, interval: 0 }}
              series={[{ name: "percent", label: t("col.coverage"), color: "teal.8" }]}
            />
          </Box>
          <details>
            <summary>{t("showTable")}</summary>
            <Table data-testid="coverage-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("col.area")}</Table.Th>
                  <Table.Th ta="right">{t("col.coverage")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.code}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td ta="right">{pct(c.coverage.percent)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </details>
        </>
      )}
    </Card>
  );
}

export function FunnelCard({ s }: { s: Summary }) {
  const t = useTranslations("dashboard");
  const { n, pct } = useFigures();
  const f = s.funnel;
  return (
    <Card withBorder data-testid="funnel">
      <Title order={3} size="h4">
        {t("funnel")}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t("funnelPeriod", { start: formatDisplayDate(f.period.start), end: formatDisplayDate(f.period.end) })} · {t("events", { count: f.events })}
      </Text>
      {f.events === 0 ? (
        <Group>
          <Text c="dimmed">{t("noEvents")}</Text>
          <Anchor component={Link} href="/campaigns">
            {t("logEvent")}
          </Anchor>
        </Group>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Box>
            <Text size="sm">{t("attendances")}</Text>
            <Text fw={700} fz={24} data-testid="funnel-attendances">
              {n(f.attendances)}
            </Text>
          </Box>
          <Box>
            <Text size="sm">→ {t("funnelVoluntary")}</Text>
            <Text fw={700} fz={24} data-testid="funnel-voluntary">
              {n(f.voluntary.enrolments)}
            </Text>
            <Text size="xs">{t("rate", { percent: pct(f.voluntary.percent) })}</Text>
            {f.voluntary.exceedsAttendances ? (
              <Text size="xs" c="dimmed">
                {t("rateExceeds")}
              </Text>
            ) : null}
          </Box>
          <Box>
            <Text size="sm">+ {t("funnelHousehold")}</Text>
            <Text fw={700} fz={24} data-testid="funnel-household">
              {n(f.household.enrolments)}
            </Text>
            <Text size="xs">{t("rate", { percent: pct(f.household.percent) })}</Text>
            {f.household.exceedsAttendances ? (
              <Text size="xs" c="dimmed">
                {t("rateExceeds")}
              </Text>
            ) : null}
          </Box>
        </SimpleGrid>
      )}
    </Card>
  );
}

export function DashboardView() {
  const t = useTranslations("dashboard");
  const locale = useLocale();
  const { area, date, scheme, dateGiven, hrefWith, replace } = useDashboardParams();
  // Landing without an area: the caller's first area today (or on the nearest date it is in force).
  const landing = useApiQuery("dashboard.defaultArea", area ? null : { onDate: date });
  // Why the first screen opened where it did: said in words, with a way back to today.
  const [opened, setOpened] = useState<{ reason: "own" | "successors" | "nearest"; onDate: string; unitNames: string[] } | null>(null);
  useEffect(() => {
    if (!area && landing.data) {
      setOpened({ reason: landing.data.reason, onDate: landing.data.onDate, unitNames: landing.data.unitNames });
      replace({ area: landing.data.code, date: dateGiven || landing.data.onDate === today() ? date : landing.data.onDate });
    }
  }, [area, landing.data]); // only when the answer changes
  const summary = useApiQuery("dashboard.summary", area ? { code: area, onDate: date, scheme } : null);
  const me = useMe();
  const mayManage = me.data?.assignments.some((a) => can(a.role, "manage")) ?? false;
  const s = summary.data;

  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      {opened ? (
        <Group gap="xs" data-testid="dashboard-why">
          <Text size="sm">
            {t(opened.reason === "own" ? "whyOwn" : opened.reason === "successors" ? "whySuccessors" : "whyNearest", {
              date: formatDisplayDate(opened.onDate),
              units: opened.unitNames.join(", "),
            })}
          </Text>
          {date !== today() ? (
            <Button size="xs" variant="light" onClick={() => replace({ date: today() })}>
              {t("showToday")}
            </Button>
          ) : null}
        </Group>
      ) : null}
      <Group align="end" wrap="wrap">
        <DateField label={t("date")} value={date} onChange={(d) => d && replace({ date: d })} w={180} data-testid="dashboard-date" />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="dashboard-scheme-label">
            {t("scheme")}
          </Text>
          <SegmentedControl
            aria-labelledby="dashboard-scheme-label"
            value={scheme}
            onChange={(v) => replace({ scheme: v })}
            data={dashboardSchemes.map((v) => ({ value: v, label: t(`schemes.${v}`) }))}
          />
        </Stack>
        {s ? (
          <Group gap="xs">
            <Button
              component="a"
              href={reportHref({ code: s.area.code, onDate: s.onDate, scheme: s.scheme }, locale)}
              download
              variant="light"
              data-testid="report-xlsx"
            >
              {t("report")}
            </Button>
            <Button component={Link} href={hrefWith({}, "/dashboard/print")} variant="default" data-testid="report-print">
              {t("print")}
            </Button>
          </Group>
        ) : null}
      </Group>
      {!area ? (
        landing.isPending ? (
          <Loading label={t("loading")} />
        ) : landing.isError ? (
          <QueryError title={t("error")} error={landing.error} onRetry={() => void landing.refetch()} />
        ) : landing.data === null ? (
          <Text c="dimmed">{t("noArea")}</Text>
        ) : null
      ) : summary.isPending ? (
        <Loading label={t("loading")} />
      ) : summary.isError ? (
        <QueryError title={t("error")} error={summary.error} onRetry={() => void summary.refetch()} />
      ) : s ? (
        <Stack>
          <Box component="nav" aria-label={t("breadcrumb")}>
            <Breadcrumbs separatorMargin={6} style={{ flexWrap: "wrap" }}>
              {s.path.map((p) => (
                <Anchor key={p.code} component={Link} href={hrefWith({ area: p.code })}>
                  {p.name}
                </Anchor>
              ))}
              <Text aria-current="page" fw={600} data-testid="dashboard-area">
                {s.area.name}
              </Text>
            </Breadcrumbs>
          </Box>
          {s.plan.source === "none" ? (
            <Group gap="xs">
              <Text c="dimmed">{t("noPlan", { year: s.onDate.slice(0, 4) })}</Text>
              {/* offered only to those who may set plans (a collector or a viewer may not) */}
              {mayManage ? (
                <Anchor component={Link} href="/plans">
                  {t("setPlan")}
                </Anchor>
              ) : null}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t("planPeriod", { start: formatDisplayDate(s.plan.period.start), end: formatDisplayDate(s.plan.period.end) })}
              {s.plan.source === "children" ? ` · ${t("planFromChildren")}` : ""}
            </Text>
          )}
          <Kpis s={s} />
          <Title order={3} size="h4">
            {t("children")}
          </Title>
          <ChildrenTable s={s} hrefFor={(code) => hrefWith({ area: code })} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <SeriesChart s={s} />
            <CoverageChart s={s} />
          </SimpleGrid>
          <FunnelCard s={s} />
          <RetentionCard key={`${s.area.code}|${s.onDate}`} code={s.area.code} onDate={s.onDate} scheme={s.scheme} />
        </Stack>
      ) : null}
    </Stack>
  );
}
