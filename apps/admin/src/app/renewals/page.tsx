"use client";

import { DateField } from "@/components/date-field";
import { PagedTable, useKeysetPages } from "@/components/paged-table";
import { ExportButton, filterInput, RegistryFilterBar, showDate, showPhone, useRegistryFilters } from "@/components/registry/registry-ui";
import { useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Button, Group, SegmentedControl, SimpleGrid, Stack, Switch, Table, Tabs, Text, Title } from "@mantine/core";
import { keepPreviousData } from "@tanstack/react-query";
import type { DataTableSortStatus } from "mantine-datatable";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { formatVnd } from "@ansinh/domain/contributions";

type Row = QueryOutput<"renewals.list">["rows"][number] & { key: string };
const PAGE = 20;
const columnSort: Record<string, "date" | "name" | "agent" | "commune"> = {
  coveredUntil: "date",
  fullName: "name",
  agentName: "agent",
  communeName: "commune",
};

/** Who is due in the next 30 days and who lapsed, per agent and area: the list a collector works from. */
export default function RenewalsPage() {
  const t = useTranslations("registry");
  const lang = useLocale() === "en" ? "en" : "vi";
  const [kind, setKind] = useState<"due" | "lapsed">("due");
  const pager = useKeysetPages();
  const [mine, setMine] = useState<boolean | undefined>(undefined);
  // Due: the next 30 days, or by calendar month (offices plan by month); lapsed: when cover ended.
  const [dueWindow, setDueWindow] = useState<"next30" | "thisMonth" | "nextMonth">("next30");
  const [lapsedFrom, setLapsedFrom] = useState<string | null>(null);
  const [lapsedTo, setLapsedTo] = useState<string | null>(null);
  const { filters, set, search, clear } = useRegistryFilters(() => pager.reset());
  const [sort, setSort] = useState<DataTableSortStatus<Row>>({ columnAccessor: "coveredUntil", direction: "asc" });
  const { status: _status, ...shared } = filterInput(filters, search);
  const input = {
    ...shared,
    kind,
    ...(dueWindow === "next30" ? {} : { dueWindow }),
    ...(lapsedFrom ? { lapsedFrom } : {}),
    ...(lapsedTo ? { lapsedTo } : {}),
    ...(mine === undefined ? {} : { mine }),
    sort: columnSort[sort.columnAccessor as string] ?? "date",
    direction: sort.direction,
    limit: PAGE,
    ...(pager.after ? { after: pager.after } : {}),
  };
  const q = useApiQuery("renewals.list", input, { placeholderData: keepPreviousData });
  const { kind: _kind, sort: _sort, direction: _direction, limit: _limit, after: _after, ...summaryInput } = input;
  const summary = useApiQuery("renewals.summary", summaryInput, { placeholderData: keepPreviousData });
  const masked = q.data?.rows.some((r) => r.masked) ?? false;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t("renewalsTitle")}
        </Title>
        <ExportButton list="renewals" input={input} />
      </Group>
      <Text size="sm">{t("renewalsIntro")}</Text>
      {summary.data && summary.data.length > 0 ? (
        <Stack gap={4}>
          <Text fw={600}>{t("summary")}</Text>
          <Text size="xs">{t("summaryHint")}</Text>
          <Table.ScrollContainer minWidth={420} scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("summary") } }}>
            <Table striped withTableBorder data-testid="renewals-summary">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("agent")}</Table.Th>
                  <Table.Th>{t("commune")}</Table.Th>
                  <Table.Th ta="right">{t("due")}</Table.Th>
                  <Table.Th ta="right">{t("lapsed")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.data.map((c) => (
                  <Table.Tr key={`${c.agentId ?? "-"}-${c.communeCode}-${c.communeValidOn}`}>
                    <Table.Td>{c.agentName ?? t("noAgent")}</Table.Td>
                    <Table.Td>{c.communeName ?? c.communeCode}</Table.Td>
                    <Table.Td ta="right">{c.due}</Table.Td>
                    <Table.Td ta="right">{c.lapsed}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`${t("show")}: ${c.agentName ?? t("noAgent")}, ${c.communeName ?? c.communeCode}`}
                        onClick={() => set({ agentId: c.agentId === null ? "" : String(c.agentId), areaCode: c.communeCode, areaValidOn: c.communeValidOn })}
                      >
                        {t("show")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ) : null}
      <Tabs
        value={kind}
        onChange={(v) => {
          setKind(v === "lapsed" ? "lapsed" : "due");
          pager.reset();
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="due">{t("dueTab")}</Tabs.Tab>
          <Tabs.Tab value="lapsed">{t("lapsed")}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {kind === "due" ? (
        <div>
          <Text size="sm" fw={500} id="due-window-label">
            {t("dueWindow")}
          </Text>
          <SegmentedControl
            aria-labelledby="due-window-label"
            value={dueWindow}
            onChange={(v) => {
              setDueWindow(v as typeof dueWindow);
              pager.reset();
            }}
            data={(["next30", "thisMonth", "nextMonth"] as const).map((w) => ({ value: w, label: t(`dueWindows.${w}`) }))}
            data-testid="due-window"
          />
        </div>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="xs">
          <DateField
            label={t("lapsedFrom")}
            description={t("lapsedPeriodHint")}
            clearable
            value={lapsedFrom}
            onChange={(v) => {
              setLapsedFrom(v);
              pager.reset();
            }}
          />
          <DateField
            label={t("lapsedTo")}
            clearable
            value={lapsedTo}
            onChange={(v) => {
              setLapsedTo(v);
              pager.reset();
            }}
          />
        </SimpleGrid>
      )}
      <RegistryFilterBar filters={filters} set={set} clear={clear} withStatus={false} withPeriod={false} />
      {q.data?.worksForAgents ? (
        <Switch
          label={t("mine")}
          checked={mine ?? q.data.mine}
          onChange={(e) => {
            setMine(e.currentTarget.checked);
            pager.reset();
          }}
        />
      ) : null}
      {masked ? (
        <Alert color="blue" data-testid="masked-note">
          {t("masked")}
        </Alert>
      ) : null}
      <PagedTable
        data={q.data ? { total: q.data.total, rows: q.data.rows.map((r) => ({ ...r, key: `${r.participantId}-${r.scheme}` })) } : undefined}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        pageSize={PAGE}
        keyset
        page={pager.page}
        onPageChange={(p) => pager.go(p, q.data?.nextCursor)}
        noRecordsText={kind === "due" ? (dueWindow === "next30" ? t("emptyDue") : t(`dueWindowsEmpty.${dueWindow}`)) : t("emptyLapsed")}
        label={kind === "due" ? (dueWindow === "next30" ? t("due") : t(`dueWindowsList.${dueWindow}`)) : t("lapsed")}
        idAccessor="key"
        sortStatus={sort}
        onSortStatusChange={(s) => {
          setSort(s);
          pager.reset();
        }}
        columns={[
          {
            accessor: "fullName",
            title: t("name"),
            noWrap: true,
            sortable: true,
            render: (r) => (
              <Anchor component={Link} href={`/participants/${r.participantId}`}>
                {r.fullName}
              </Anchor>
            ),
          },
          { accessor: "phone", title: t("phone"), noWrap: true, render: (r) => <span data-testid="phone">{showPhone(r.phone)}</span> },
          { accessor: "scheme", title: t("scheme"), render: (r) => t(`schemes.${r.scheme}`) },
          {
            accessor: "coveredUntil",
            title: kind === "due" ? t("coveredUntil") : t("since"),
            noWrap: true,
            sortable: true,
            render: (r) => (kind === "due" ? `${showDate(r.coveredUntil)} (${t("daysLeftCount", { count: r.daysLeft ?? 0 })})` : showDate(r.since)),
          },
          {
            accessor: "lastAmount",
            title: t("lastPayment"),
            noWrap: true,
            textAlign: "right",
            render: (r) =>
              r.lastAmount === null
                ? "—"
                : r.lastMonths === null
                  ? formatVnd(r.lastAmount, lang)
                  : `${formatVnd(r.lastAmount, lang)} / ${t("monthsCount", { count: r.lastMonths })}`,
          },
          { accessor: "agentName", title: t("agent"), sortable: true, render: (r) => r.agentName ?? "—" },
          { accessor: "collectorName", title: t("collector"), render: (r) => r.collectorName ?? "—" },
          { accessor: "communeName", title: t("commune"), sortable: true, render: (r) => r.communeName ?? r.communeCode },
          { accessor: "personalId", title: t("personalId"), noWrap: true, render: (r) => <span data-testid="personal-id">{r.personalId}</span> },
        ]}
      />
    </Stack>
  );
}
