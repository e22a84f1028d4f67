"use client";

import {
  Anchor,
  Box,
  Button,
  ColorSwatch,
  Breadcrumbs,
  Card,
  Grid,
  Group,
  Loader,
  NavLink,
  Progress,
  RingProgress,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import type { inferRouterOutputs } from "@trpc/server";
import { DataTable } from "mantine-datatable";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useDisclosure } from "@mantine/hooks";
import { useEffect } from "react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { AppRouter, AreaTreeNode } from "@ansinh/api";
import { DateField } from "@/components/date-field";
import { QueryError } from "@/components/query-error";
import { formatDisplayDate, todayInVietnam as today } from "@ansinh/domain/dates";
import { coverageSchemes, type CoverageScheme } from "@ansinh/domain/coverage";
import { useApiQuery } from "@/trpc/hooks";

type CoverageOutput = inferRouterOutputs<AppRouter>["areas"]["coverage"];
type Row = CoverageOutput["children"][number];
type Scheme = CoverageScheme;


function useParams() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const date = params.get("date") ?? today();
  const area = params.get("area");
  const scheme: Scheme = params.get("scheme") === "social_insurance" ? "social_insurance" : "health_insurance";
  /** The address of this page with some parameters changed: links open areas, so keyboards and new tabs work. */
  const hrefWith = (next: Record<string, string | null>) => {
    const q = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v == null || v === "") q.delete(k);
      else q.set(k, v);
    }
    return `${pathname}?${q.toString()}`;
  };
  const set = (next: Record<string, string | null>) => router.replace(hrefWith(next));
  return { date, area, scheme, set, hrefWith, dateGiven: params.has("date") };
}

function CoverageBar({ row }: { row: Pick<Row, "coverage"> }) {
  const t = useTranslations("coverage");
  const format = useFormatter();
  const c = row.coverage;
  if (!c.known) return <Text c="dimmed" size="sm">{t("unknown")}</Text>;
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress value={Math.min(100, c.percent)} w={{ base: 80, sm: 160 }} size="lg" color={coverageColor(c.percent)} aria-hidden />
      <Text size="sm" fw={600} data-testid="coverage-percent">
        {format.number(c.percent / 100, { style: "percent", maximumFractionDigits: 2 })}
      </Text>
    </Group>
  );
}

/**
 * One colour rule for coverage, the same on rings and bars, with its legend: dark enough against
 * white and against the bar's track (WCAG 1.4.11, 3:1), and never the only cue (the figure is
 * always written beside it).
 */
const coverageBands = [
  { min: 90, color: "teal.9", key: "high" },
  { min: 80, color: "orange.9", key: "middle" },
  { min: 0, color: "red.9", key: "low" },
] as const;
function coverageColor(percent: number): string {
  return coverageBands.find((b) => percent >= b.min)!.color;
}

function CoverageLegend() {
  const t = useTranslations("coverage.legend");
  return (
    <Group gap="md" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("title")}>
      {coverageBands.map((b) => (
        <Group key={b.key} gap={6} component="li" wrap="nowrap">
          <ColorSwatch color={`var(--mantine-color-${b.color.replace(".", "-")})`} size={14} withShadow={false} aria-hidden />
          <Text size="sm">{t(b.key)}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** A unit type as the list names it (Huyện, Xã…), in English when the page is. */
function useUnitType() {
  const locale = useLocale();
  const t = useTranslations();
  return (type: string) => (locale === "en" && type && t.has(`unitTypes.${type}`) ? t(`unitTypes.${type}`) : type);
}

function TreeNav({ nodes, selected, hrefFor }: { nodes: AreaTreeNode[]; selected: string | null; hrefFor: (code: string) => string }) {
  const unitType = useUnitType();
  return nodes.map((n) => (
    <NavLink
      key={n.code}
      component={Link}
      href={hrefFor(n.code)}
      replace
      label={n.name}
      description={unitType(n.unitType)}
      active={n.code === selected}
      aria-current={n.code === selected ? "page" : undefined}
      defaultOpened
      childrenOffset={16}
    >
      {n.children.length > 0 ? <TreeNav nodes={n.children} selected={selected} hrefFor={hrefFor} /> : undefined}
    </NavLink>
  ));
}

export function CoverageView() {
  const t = useTranslations("coverage");
  const format = useFormatter();
  const { date, area, scheme, set, hrefWith, dateGiven } = useParams();
  const areaHref = (code: string) => hrefWith({ area: code });
  const unitType = useUnitType();
  const [treeOpened, treeToggle] = useDisclosure(false);

  const tree = useApiQuery("areas.tree", { onDate: date, depth: 1 });
  const selected = area ?? tree.data?.roots[0]?.code ?? null;
  // First screen: with no date asked for and nothing in force today in the caller's areas,
  // open on the nearest date that has them instead of an empty page.
  const nearest = tree.data?.roots.length === 0 ? tree.data.nearestDate : null;
  useEffect(() => {
    if (!dateGiven && nearest) set({ date: nearest, area: null });
  }, [dateGiven, nearest]); // only when the answer changes
  const coverage = useApiQuery("areas.coverage", selected == null ? null : { code: selected, onDate: date, scheme });
  // Likewise when the caller's areas are in force today but nobody has reported on them yet
  // (a new era's units): open on the latest date with figures.
  const figuresDate = !dateGiven && !area && coverage.data && !coverage.data.area.coverage.known ? tree.data?.figuresDate : null;
  useEffect(() => {
    if (figuresDate && figuresDate !== date) set({ date: figuresDate, area: null });
  }, [figuresDate]); // only when the answer changes

  const number = (n: number | null) => (n == null ? "—" : format.number(n));
  const populationLabel = scheme === "social_insurance" ? t("populationWorking") : t("population");

  return (
    <Stack>
      <Title order={1} size="h2">{t("title")}</Title>
      <Group align="end">
        <DateField label={t("date")} value={date} onChange={(d) => d && set({ date: d })} w={180} data-testid="coverage-date" />
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t("scheme")}</Text>
          <SegmentedControl
            value={scheme}
            onChange={(v) => set({ scheme: v })}
            data={coverageSchemes.map((s) => ({ value: s, label: t(`schemes.${s}`) }))}
          />
        </Stack>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card withBorder padding="xs">
            <Text fw={600} mb="xs">{t("tree")}</Text>
            {tree.isPending ? (
              <Loader size="sm" />
            ) : tree.isError ? (
              <QueryError title={t("error")} error={tree.error} onRetry={() => void tree.refetch()} />
            ) : tree.data.roots.length === 0 ? (
              <Stack gap="xs">
                <Text c="dimmed" size="sm">{t("noAreas")}</Text>
                {tree.data.nearestDate ? (
                  <Anchor size="sm" component={Link} replace href={hrefWith({ date: tree.data.nearestDate, area: null })}>
                    {t("goToNearest", { date: formatDisplayDate(tree.data.nearestDate) })}
                  </Anchor>
                ) : null}
              </Stack>
            ) : (
              <>
                <Button
                  hiddenFrom="md"
                  variant="subtle"
                  size="xs"
                  onClick={treeToggle.toggle}
                  aria-expanded={treeOpened}
                  aria-controls="area-tree"
                  mb="xs"
                  justify="flex-start"
                  px={0}
                >
                  {treeOpened ? t("hideTree") : t("showTree")}
                </Button>
                <Box id="area-tree" visibleFrom={treeOpened ? undefined : "md"}>
                  <ScrollArea.Autosize mah={600}>
                    <TreeNav nodes={tree.data.roots} selected={selected} hrefFor={areaHref} />
                  </ScrollArea.Autosize>
                </Box>
              </>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {selected == null ? (
            tree.data && tree.data.roots.length > 0 ? <Text c="dimmed">{t("selectArea")}</Text> : null
          ) : coverage.isPending ? (
            <Loader />
          ) : coverage.isError ? (
            <QueryError title={t("error")} error={coverage.error} onRetry={() => void coverage.refetch()} />
          ) : (
            <Stack>
              <Breadcrumbs>
                {coverage.data.path.map((p) => (
                  <Anchor key={p.code} component={Link} replace href={areaHref(p.code)}>{p.name}</Anchor>
                ))}
                <Text aria-current="page">{coverage.data.area.name}</Text>
              </Breadcrumbs>
              <CoverageLegend />
              <Card withBorder>
                <Group>
                  <RingProgress
                    size={110}
                    thickness={12}
                    sections={
                      coverage.data.area.coverage.known
                        ? [{ value: Math.min(100, coverage.data.area.coverage.percent), color: coverageColor(coverage.data.area.coverage.percent) }]
                        : []
                    }
                    label={
                      <Text ta="center" fw={700} data-testid="area-coverage">
                        {coverage.data.area.coverage.known
                          ? format.number(coverage.data.area.coverage.percent / 100, { style: "percent", maximumFractionDigits: 2 })
                          : t("unknown")}
                      </Text>
                    }
                  />
                  <Stack gap={2}>
                    <Title order={3}>
                      {unitType(coverage.data.area.unitType) || t(`levels.${coverage.data.area.level}`)} {coverage.data.area.name}
                    </Title>
                    <Text size="sm">
                      {t("insured")}: <b>{number(coverage.data.area.coverage.insured)}</b> · {populationLabel}:{" "}
                      <b>{number(coverage.data.area.coverage.population)}</b>
                    </Text>
                    {coverage.data.area.coverage.missing > 0 ? (
                      <Text size="sm" c="orange.9">{t("missing", { count: coverage.data.area.coverage.missing })}</Text>
                    ) : null}
                  </Stack>
                </Group>
              </Card>
              <Title order={4}>{t("children")}</Title>
              <DataTable<Row>
                withTableBorder
                striped
                highlightOnHover
                minHeight={coverage.data.children.length === 0 ? 150 : undefined}
                noRecordsText={t("noChildren")}
                aria-label={t("children")}
                scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("children") } }}
                records={coverage.data.children}
                idAccessor="code"
                onRowClick={({ record }) => set({ area: record.code })}
                columns={[
                  {
                    accessor: "name",
                    title: t("area"),
                    noWrap: true,
                    render: (r) => (
                      <Anchor component={Link} replace href={areaHref(r.code)}>
                        {r.name}
                      </Anchor>
                    ),
                  },
                  { accessor: "insured", title: t("insured"), textAlign: "right", render: (r) => number(r.coverage.insured) },
                  { accessor: "population", title: populationLabel, textAlign: "right", render: (r) => number(r.coverage.population) },
                  { accessor: "coverage", title: t("coverage"), render: (r) => <CoverageBar row={r} /> },
                  {
                    accessor: "reportedOn",
                    title: t("reportedOn"),
                    render: (r) => (r.reportedOn ? formatDisplayDate(r.reportedOn) : "—"),
                  },
                ]}
              />
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
