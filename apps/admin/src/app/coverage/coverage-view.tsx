"use client";

import {
  Alert,
  Anchor,
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
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { DataTable } from "mantine-datatable";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { AppRouter, AreaTreeNode } from "@ansinh/api";
import { DateField } from "@/components/date-field";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { formatDisplayDate, todayInVietnam as today } from "@ansinh/domain/dates";
import { coverageSchemes, type CoverageScheme } from "@ansinh/domain/coverage";

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
  const set = (next: Record<string, string | null>) => {
    const q = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v == null || v === "") q.delete(k);
      else q.set(k, v);
    }
    router.replace(`${pathname}?${q.toString()}`);
  };
  return { date, area, scheme, set };
}

function CoverageBar({ row }: { row: Pick<Row, "coverage"> }) {
  const t = useTranslations("coverage");
  const format = useFormatter();
  const c = row.coverage;
  if (!c.known) return <Text c="dimmed" size="sm">{t("unknown")}</Text>;
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress value={Math.min(100, c.percent)} w={160} size="lg" color={c.percent >= 90 ? "teal" : c.percent >= 80 ? "yellow" : "red"} aria-hidden />
      <Text size="sm" fw={600} data-testid="coverage-percent">
        {format.number(c.percent / 100, { style: "percent", maximumFractionDigits: 2 })}
      </Text>
    </Group>
  );
}

function TreeNav({ nodes, selected, onSelect }: { nodes: AreaTreeNode[]; selected: string | null; onSelect: (code: string) => void }) {
  return nodes.map((n) => (
    <NavLink
      key={n.code}
      label={n.name}
      description={n.unitType}
      active={n.code === selected}
      onClick={() => onSelect(n.code)}
      defaultOpened
      childrenOffset={16}
    >
      {n.children.length > 0 ? <TreeNav nodes={n.children} selected={selected} onSelect={onSelect} /> : undefined}
    </NavLink>
  ));
}

export function CoverageView() {
  const t = useTranslations("coverage");
  const format = useFormatter();
  const locale = useLocale();
  const { date, area, scheme, set } = useParams();

  const tree = useQuery({
    queryKey: ["areas.tree", date],
    queryFn: () => trpc.areas.tree.query({ onDate: date, depth: 1 }),
  });
  const selected = area ?? tree.data?.roots[0]?.code ?? null;
  const coverage = useQuery({
    queryKey: ["areas.coverage", selected, date, scheme],
    queryFn: () => trpc.areas.coverage.query({ code: selected!, onDate: date, scheme }),
    enabled: selected != null,
  });

  const number = (n: number | null) => (n == null ? "—" : format.number(n));
  const populationLabel = scheme === "social_insurance" ? t("populationWorking") : t("population");

  return (
    <Stack>
      <Title order={2}>{t("title")}</Title>
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
              <Alert color="red" title={t("error")}>{errorMessage(tree.error, locale)}</Alert>
            ) : tree.data.roots.length === 0 ? (
              <Stack gap="xs">
                <Text c="dimmed" size="sm">{t("noAreas")}</Text>
                {tree.data.nearestDate ? (
                  <Anchor size="sm" onClick={() => set({ date: tree.data.nearestDate, area: null })}>
                    {t("goToNearest", { date: formatDisplayDate(tree.data.nearestDate) })}
                  </Anchor>
                ) : null}
              </Stack>
            ) : (
              <ScrollArea.Autosize mah={600}>
                <TreeNav nodes={tree.data.roots} selected={selected} onSelect={(code) => set({ area: code })} />
              </ScrollArea.Autosize>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {selected == null ? (
            tree.data && tree.data.roots.length > 0 ? <Text c="dimmed">{t("selectArea")}</Text> : null
          ) : coverage.isPending ? (
            <Loader />
          ) : coverage.isError ? (
            <Alert color="red" title={t("error")}>{errorMessage(coverage.error, locale)}</Alert>
          ) : (
            <Stack>
              <Breadcrumbs>
                {coverage.data.path.map((p) => (
                  <Anchor key={p.code} onClick={() => set({ area: p.code })}>{p.name}</Anchor>
                ))}
                <Text>{coverage.data.area.name}</Text>
              </Breadcrumbs>
              <Card withBorder>
                <Group>
                  <RingProgress
                    size={110}
                    thickness={12}
                    sections={coverage.data.area.coverage.known ? [{ value: Math.min(100, coverage.data.area.coverage.percent), color: "teal" }] : []}
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
                      {coverage.data.area.unitType || t(`levels.${coverage.data.area.level}`)} {coverage.data.area.name}
                    </Title>
                    <Text size="sm">
                      {t("insured")}: <b>{number(coverage.data.area.coverage.insured)}</b> · {populationLabel}:{" "}
                      <b>{number(coverage.data.area.coverage.population)}</b>
                    </Text>
                    {coverage.data.area.coverage.missing > 0 ? (
                      <Text size="sm" c="orange.8">{t("missing", { count: coverage.data.area.coverage.missing })}</Text>
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
                records={coverage.data.children}
                idAccessor="code"
                onRowClick={({ record }) => set({ area: record.code })}
                columns={[
                  { accessor: "name", title: t("area"), render: (r) => <Anchor component="span">{r.name}</Anchor> },
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
