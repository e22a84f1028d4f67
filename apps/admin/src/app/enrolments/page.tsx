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
import { useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Checkbox, Group, Stack, Title } from "@mantine/core";
import { keepPreviousData } from "@tanstack/react-query";
import type { DataTableSortStatus } from "mantine-datatable";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { formatVnd } from "@ansinh/domain/contributions";

type Row = QueryOutput<"registry.enrolments">["rows"][number];
const PAGE = 20;
const columnSort: Record<string, "startDate" | "name" | "amount" | "receiptDate"> = {
  startDate: "startDate",
  fullName: "name",
  amount: "amount",
  receiptDate: "receiptDate",
};

export default function EnrolmentsPage() {
  const t = useTranslations("registry");
  const lang = useLocale() === "en" ? "en" : "vi";
  const pager = useKeysetPages();
  const { filters, set, search, clear } = useRegistryFilters(() => pager.reset());
  // Poor / near-poor claims recorded without their evidence (the domain's claimLacksEvidence).
  const [withoutEvidence, setWithoutEvidence] = useState(false);
  const [sort, setSort] = useState<DataTableSortStatus<Row>>({ columnAccessor: "startDate", direction: "desc" });
  const input = {
    ...filterInput(filters, search),
    ...(withoutEvidence ? { withoutEvidence: true } : {}),
    sort: columnSort[sort.columnAccessor as string] ?? "startDate",
    direction: sort.direction,
    limit: PAGE,
    ...(pager.after ? { after: pager.after } : {}),
  };
  const q = useApiQuery("registry.enrolments", input, { placeholderData: keepPreviousData });
  const masked = q.data?.rows.some((r) => r.masked) ?? false;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t("enrolmentsTitle")}
        </Title>
        <ExportButton list="enrolments" input={input} />
      </Group>
      <RegistryFilterBar
        filters={filters}
        set={set}
        clear={() => {
          setWithoutEvidence(false);
          clear();
        }}
        extraInUse={withoutEvidence}
        extra={
          <Checkbox
            mt={{ base: 0, xs: "lg" }}
            label={t("withoutEvidence")}
            description={t("withoutEvidenceHint")}
            checked={withoutEvidence}
            onChange={(e) => {
              setWithoutEvidence(e.currentTarget.checked);
              pager.reset();
            }}
            data-testid="without-evidence"
          />
        }
      />
      {masked ? (
        <Alert color="blue" data-testid="masked-note">
          {t("masked")}
        </Alert>
      ) : null}
      {q.data?.total === 0 && !isFiltered(filters) && !withoutEvidence ? <RegistryEmpty /> : null}
      <PagedTable
        data={q.data}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        pageSize={PAGE}
        keyset
        page={pager.page}
        onPageChange={(p) => pager.go(p, q.data?.nextCursor)}
        noRecordsText={t("emptyEnrolments")}
        label={t("enrolmentsTitle")}
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
          { accessor: "personalId", title: t("personalId"), noWrap: true, render: (r) => <span data-testid="personal-id">{r.personalId}</span> },
          { accessor: "phone", title: t("phone"), noWrap: true, render: (r) => showPhone(r.phone) },
          { accessor: "scheme", title: t("scheme"), render: (r) => t(`schemes.${r.scheme}`) },
          { accessor: "kind", title: t("kind"), render: (r) => t(`kinds.${r.kind}`) },
          { accessor: "startDate", title: t("start"), noWrap: true, sortable: true, render: (r) => showDate(r.startDate) },
          { accessor: "months", title: t("months"), textAlign: "right" },
          { accessor: "amount", title: t("amount"), noWrap: true, sortable: true, textAlign: "right", render: (r) => formatVnd(r.amount, lang) },
          { accessor: "receiptDate", title: t("receiptDate"), noWrap: true, sortable: true, render: (r) => showDate(r.receiptDate) },
          { accessor: "agentName", title: t("agent"), render: (r) => r.agentName ?? "—" },
          { accessor: "communeName", title: t("commune"), render: (r) => r.communeName ?? r.communeCode },
          { accessor: "status", title: t("status"), render: (r) => <StatusBadge status={r.status} /> },
        ]}
      />
    </Stack>
  );
}
