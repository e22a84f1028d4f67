"use client";

import { Alert, Badge, Stack, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { RoleBadges } from "@/components/roles";
import { PagedTable } from "@/components/paged-table";
import { useApiQuery } from "@/trpc/hooks";
import { checkPhone, formatPhone } from "@ansinh/domain/registry";

const PAGE = 20;

/** A phone as people read it (0912 345 678); a masked one (09*****678) as it is. */
function showPhone(phone: string): string {
  const checked = checkPhone(phone);
  return checked.ok ? formatPhone(checked.phone) : phone;
}

export default function StaffPage() {
  const t = useTranslations("staff");
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const q = useApiQuery("staff.list", { search: debounced || undefined, limit: PAGE, offset: (page - 1) * PAGE }, { placeholderData: keepPreviousData });
  const masked = q.data?.rows.some((r) => r.masked) ?? false;
  return (
    <Stack>
      <Title order={1} size="h2">{t("title")}</Title>
      <TextInput type="search" label={t("search")} value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} maw={360} />
      {masked ? <Alert color="blue" data-testid="masked-note">{t("masked")}</Alert> : null}
      <PagedTable
        data={q.data}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        pageSize={PAGE}
        page={page}
        onPageChange={setPage}
        noRecordsText={t("empty")}
        label={t("title")}
        columns={[
          { accessor: "name", title: t("name"), noWrap: true },
          { accessor: "email", title: t("email") },
          { accessor: "phone", title: t("phone"), noWrap: true, render: (r) => (r.phone ? showPhone(r.phone) : "—") },
          { accessor: "personalId", title: t("personalId"), render: (r) => <span data-testid="personal-id">{r.personalId ?? "—"}</span> },
          { accessor: "assignments", title: t("roles"), render: (r) => <RoleBadges assignments={r.assignments} /> },
          {
            accessor: "disabled",
            title: t("status"),
            render: (r) => <Badge tt="none" color={r.disabled ? "gray" : "green"} variant="dot">{r.disabled ? t("disabled") : t("active")}</Badge>,
          },
        ]}
      />
    </Stack>
  );
}
