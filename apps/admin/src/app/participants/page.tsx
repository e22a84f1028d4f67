"use client";

import { PagedTable, useKeysetPages } from "@/components/paged-table";
import {
  ExportButton,
  filterInput,
  isFiltered,
  RegistryEmpty,
  RegistryFilterBar,
  showDate,
  showPhone,
  StatusBadge,
  useRegistryFilters,
} from "@/components/registry/registry-ui";
import { useMayWrite } from "@/lib/session";
import { useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Button, Group, Stack, Title } from "@mantine/core";
import { keepPreviousData } from "@tanstack/react-query";
import type { DataTableSortStatus } from "mantine-datatable";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";

type Row = QueryOutput<"participants.list">["rows"][number];
const PAGE = 20;
type Sort = "name" | "birthDate" | "commune" | "createdAt";
const columnSort: Record<string, Sort> = { fullName: "name", birthDate: "birthDate", communeName: "commune" };

export default function ParticipantsPage() {
  const t = useTranslations("registry");
  const pager = useKeysetPages();
  const { filters, set, search, clear } = useRegistryFilters(() => pager.reset());
  const [sort, setSort] = useState<DataTableSortStatus<Row>>({ columnAccessor: "fullName", direction: "asc" });
  const input = {
    ...filterInput(filters, search),
    sort: columnSort[sort.columnAccessor as string] ?? "name",
    direction: sort.direction,
    limit: PAGE,
    ...(pager.after ? { after: pager.after } : {}),
  };
  const q = useApiQuery("participants.list", input, { placeholderData: keepPreviousData });
  const masked = q.data?.rows.some((r) => r.masked) ?? false;
  const mayWrite = useMayWrite(); // a viewer is not offered recording
  const empty = q.data?.total === 0 && !isFiltered(filters);
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t("participantsTitle")}
        </Title>
        <Group gap="xs">
          <ExportButton list="participants" input={input} />
          {mayWrite ? (
            <Button component={Link} href="/enrolments/new" prefetch={false} variant="filled">
              {t("newParticipant")}
            </Button>
          ) : null}
        </Group>
      </Group>
      <RegistryFilterBar filters={filters} set={set} clear={clear} />
      {masked ? (
        <Alert color="blue" data-testid="masked-note">
          {t("masked")}
        </Alert>
      ) : null}
      {empty ? <RegistryEmpty /> : null}
      <PagedTable
        data={q.data}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        pageSize={PAGE}
        keyset
        page={pager.page}
        onPageChange={(p) => pager.go(p, q.data?.nextCursor)}
        noRecordsText={t("noMatch")}
        label={t("participantsTitle")}
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
              <Anchor component={Link} href={`/participants/${r.id}`} data-testid="participant-name">
                {r.fullName}
              </Anchor>
            ),
          },
          { accessor: "personalId", title: t("personalId"), noWrap: true, render: (r) => <span data-testid="personal-id">{r.personalId}</span> },
          { accessor: "birthDate", title: t("birthDate"), noWrap: true, sortable: true, render: (r) => showDate(r.birthDate) },
          { accessor: "phone", title: t("phone"), noWrap: true, render: (r) => <span data-testid="phone">{showPhone(r.phone)}</span> },
          { accessor: "communeName", title: t("commune"), sortable: true, render: (r) => r.communeName ?? r.communeCode },
          {
            accessor: "statuses",
            title: t("status"),
            render: (r) => (
              <Group gap={4}>
                {r.statuses.map((s) => (
                  <StatusBadge key={s.scheme} status={s.status} scheme={s.scheme} />
                ))}
              </Group>
            ),
          },
        ]}
      />
    </Stack>
  );
}
