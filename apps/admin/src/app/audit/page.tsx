"use client";

import { Code, Group, Stack, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { formatVietnamDateTime } from "@ansinh/domain/dates";
import { DateField } from "@/components/date-field";
import { PagedTable } from "@/components/paged-table";
import { useApiQuery } from "@/trpc/hooks";

const PAGE = 25;

export default function AuditPage() {
  const t = useTranslations("audit");
  const [page, setPage] = useState(1);
  const [actor, setActor] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [debouncedActor] = useDebouncedValue(actor, 300);
  const q = useApiQuery(
    "audit.list",
    { actor: debouncedActor || undefined, from: from || undefined, to: to || undefined, limit: PAGE, offset: (page - 1) * PAGE },
    { placeholderData: keepPreviousData },
  );
  const json = (v: unknown) => (v == null ? "—" : <Code block style={{ maxWidth: 360, whiteSpace: "pre-wrap" }}>{JSON.stringify(v, null, 1)}</Code>);
  return (
    <Stack>
      <Title order={2}>{t("title")}</Title>
      <Group align="end">
        <TextInput label={t("filterActor")} value={actor} onChange={(e) => { setActor(e.currentTarget.value); setPage(1); }} w={260} />
        <DateField clearable label={t("from")} value={from} onChange={(d) => { setFrom(d ?? ""); setPage(1); }} w={160} />
        <DateField clearable label={t("to")} value={to} onChange={(d) => { setTo(d ?? ""); setPage(1); }} w={160} />
      </Group>
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
          { accessor: "at", title: t("at"), render: (r) => t("atVietnam", { time: formatVietnamDateTime(r.at) }) },
          { accessor: "actorEmail", title: t("actor"), render: (r) => r.actorEmail ?? t("system") },
          { accessor: "action", title: t("action"), render: (r) => (t.has(`actions.${r.action}`) ? t(`actions.${r.action}`) : r.action) },
          {
            accessor: "entity",
            title: t("entity"),
            render: (r) => `${t.has(`entities.${r.entity}`) ? t(`entities.${r.entity}`) : r.entity} ${r.entityId.slice(0, 8)}`,
          },
          { accessor: "before", title: t("before"), render: (r) => json(r.before) },
          { accessor: "after", title: t("after"), render: (r) => json(r.after) },
        ]}
      />
    </Stack>
  );
}
