"use client";

import { PagedTable, useKeysetPages } from "@/components/paged-table";
import { RequireAccess } from "@/components/require-access";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { checkPhone, formatPhone } from "@ansinh/domain/registry";

type Row = QueryOutput<"duplicates.list">["rows"][number];
type Person = Row["participant"];
type Status = "open" | "merged" | "dismissed";
const PAGE = 20;

export default function DuplicatesPage() {
  return (
    <RequireAccess need="manage">
      <Duplicates />
    </RequireAccess>
  );
}

function showPhone(phone: string | null): string {
  if (!phone) return "—";
  const c = checkPhone(phone);
  return c.ok ? formatPhone(c.phone) : phone;
}

/** The two records side by side, field by field, with what they share marked. */
function Compare({ row }: { row: Row }) {
  const t = useTranslations("duplicates");
  // A record outside the caller's area comes as "a person in <area>" only (the API's rule): its fields are not shown.
  const hidden = (p: Person) => p.outOfScope;
  const fields: { key: string; show: (p: Person) => string }[] = [
    { key: "fullName", show: (p) => p.fullName },
    { key: "birthDate", show: (p) => formatDisplayDate(p.birthDate) },
    { key: "gender", show: (p) => t(`genders.${p.gender}`) },
    { key: "personalId", show: (p) => p.personalId },
    { key: "phone", show: (p) => showPhone(p.phone) },
    { key: "commune", show: (p) => p.communeCode },
    { key: "enrolments", show: (p) => String(p.enrolments) },
  ];
  return (
    <Table withTableBorder fz="sm" aria-label={t("compare")}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th>
            {hidden(row.participant) ? (
              t("newer")
            ) : (
              <Anchor component={Link} href={`/participants/${row.participant.id}`}>
                {t("newer")}
              </Anchor>
            )}
          </Table.Th>
          <Table.Th>
            {hidden(row.match) ? (
              t("older")
            ) : (
              <Anchor component={Link} href={`/participants/${row.match.id}`}>
                {t("older")}
              </Anchor>
            )}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((f) => (
          <Table.Tr key={f.key}>
            <Table.Th scope="row" fw={400}>
              {t(`fields.${f.key}`)}
            </Table.Th>
            <Table.Td>{hidden(row.participant) && f.key !== "fullName" ? "—" : f.show(row.participant)}</Table.Td>
            <Table.Td>{hidden(row.match) && f.key !== "fullName" ? "—" : f.show(row.match)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Duplicates() {
  const t = useTranslations("duplicates");
  const locale = useLocale();
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status>("open");
  const pager = useKeysetPages();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const list = useApiQuery("duplicates.list", { status, limit: PAGE, ...(pager.after ? { after: pager.after } : {}) }, { placeholderData: keepPreviousData });
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeyOf("duplicates.list") });
  const act = useMutation({
    mutationFn: async ({ action, row }: { action: "merge" | "dismiss" | "undo"; row: Row }) => {
      const pair = { id: row.id, participantId: row.participant.id, matchId: row.match.id };
      if (action === "merge") await trpc.duplicates.merge.mutate(pair);
      else if (action === "dismiss") await trpc.duplicates.dismiss.mutate(pair);
      else await trpc.duplicates.undoMerge.mutate({ id: row.id, mergedId: row.participant.mergedIntoId === row.match.id ? row.participant.id : row.match.id });
      return { action, row };
    },
    onSuccess: ({ action, row }) => {
      setMessage({ ok: true, text: t(`done.${action}`, { name: row.participant.fullName }) });
      void refresh();
    },
    onError: (e) => setMessage({ ok: false, text: errorMessage(e, locale) }),
  });
  const busy = (row: Row) => act.isPending && act.variables?.row.id === row.id;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("intro")}
      </Text>
      <SegmentedControl
        aria-label={t("status")}
        value={status}
        onChange={(s) => {
          setStatus(s as Status);
          pager.reset();
          setMessage(null);
        }}
        data={(["open", "merged", "dismissed"] as const).map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        w="fit-content"
      />
      {message ? (
        <Alert color={message.ok ? "green" : "red"} role={message.ok ? "status" : "alert"} data-testid="duplicates-message">
          {message.text}
        </Alert>
      ) : null}
      <PagedTable<Row>
        data={list.data}
        fetching={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        pageSize={PAGE}
        keyset
        page={pager.page}
        onPageChange={(p) => pager.go(p, list.data?.nextCursor)}
        noRecordsText={status === "open" ? t("emptyOpen") : t("empty")}
        label={t("title")}
        columns={[
          {
            accessor: "participant",
            title: t("people"),
            render: (r) => (
              <Stack gap={4} data-testid="duplicate-row">
                <Text size="sm" fw={600}>
                  {r.participant.fullName} · {r.match.fullName}
                </Text>
                <Compare row={r} />
              </Stack>
            ),
          },
          {
            accessor: "reasons",
            title: t("reasons"),
            render: (r) => (
              <Stack gap={4}>
                <Badge tt="none" variant="light" w="fit-content">
                  {t("score", { score: r.score })}
                </Badge>
                {r.reasons.map((x) => (
                  <Text size="sm" key={x.code}>
                    {locale === "en" ? x.en : x.vi}
                  </Text>
                ))}
              </Stack>
            ),
          },
          {
            accessor: "id",
            title: t("decision"),
            render: (r) =>
              r.status === "open" && (r.participant.outOfScope || r.match.outOfScope) ? (
                <Text size="sm">{t("elsewhere")}</Text>
              ) : r.status === "open" ? (
                <Group gap="xs">
                  <Button
                    size="xs"
                    onClick={() => act.mutate({ action: "merge", row: r })}
                    loading={busy(r) && act.variables?.action === "merge"}
                    aria-label={t("mergeLabel", { name: r.participant.fullName })}
                  >
                    {t("merge")}
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => act.mutate({ action: "dismiss", row: r })}
                    loading={busy(r) && act.variables?.action === "dismiss"}
                    aria-label={t("dismissLabel", { name: r.participant.fullName })}
                  >
                    {t("dismiss")}
                  </Button>
                </Group>
              ) : r.status === "merged" ? (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => act.mutate({ action: "undo", row: r })}
                  loading={busy(r)}
                  aria-label={t("undoLabel", { name: r.participant.fullName })}
                >
                  {t("undo")}
                </Button>
              ) : (
                <Text size="sm">{t("statuses.dismissed")}</Text>
              ),
          },
        ]}
      />
    </Stack>
  );
}
