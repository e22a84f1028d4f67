"use client";

import { PagedTable } from "@/components/paged-table";
import { ExportButton } from "@/components/registry/registry-ui";
import { queryKeyOf, useApiQuery } from "@/trpc/hooks";
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { AgentForm, useMayManage, type AgentRow } from "./agent-form";

const PAGE = 20;

export default function AgentsPage() {
  const t = useTranslations("agents");
  const qc = useQueryClient();
  const mayManage = useMayManage();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [activeOnly, setActiveOnly] = useState(true);
  const [debounced] = useDebouncedValue(search, 300);
  const [editing, setEditing] = useState<AgentRow | "new" | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const filters = { ...(debounced ? { search: debounced } : {}), ...(activeOnly ? { active: true } : {}) };
  const list = useApiQuery("agents.list", { ...filters, limit: PAGE, offset: (page - 1) * PAGE }, { placeholderData: keepPreviousData });
  const done = (a: AgentRow) => {
    setSaved(editing === "new" ? t("created", { name: a.name }) : t("saved", { name: a.name }));
    setEditing(null);
    void qc.invalidateQueries({ queryKey: queryKeyOf("agents.list") });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Group gap="xs">
          <ExportButton list="agents" input={filters} />
          {mayManage ? <Button onClick={() => setEditing("new")}>{t("create")}</Button> : null}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t("intro")}
      </Text>
      <Group align="end">
        <TextInput
          type="search"
          label={t("search")}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          maw={360}
          w="100%"
        />
        <Switch
          label={t("activeOnly")}
          checked={activeOnly}
          onChange={(e) => {
            setActiveOnly(e.currentTarget.checked);
            setPage(1);
          }}
        />
      </Group>
      {saved ? (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t("close")} onClose={() => setSaved(null)} data-testid="saved">
          {saved}
        </Alert>
      ) : null}
      <PagedTable<AgentRow>
        data={list.data}
        fetching={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        pageSize={PAGE}
        page={page}
        onPageChange={setPage}
        noRecordsText={mayManage ? t("emptyManage") : t("empty")}
        label={t("title")}
        columns={[
          {
            accessor: "name",
            title: t("name"),
            render: (r) => (
              <Anchor component={Link} href={`/agents/${r.id}`}>
                {r.name}
              </Anchor>
            ),
          },
          { accessor: "kind", title: t("kind"), render: (r) => t(`kinds.${r.kind}`) },
          { accessor: "areaName", title: t("area"), render: (r) => `${r.areaName ?? ""} (${r.areaCode})` },
          { accessor: "collectors", title: t("collectors"), textAlign: "right" },
          {
            accessor: "active",
            title: t("status"),
            render: (r) => (
              <Badge tt="none" color={r.active ? "green" : "gray"} variant="dot">
                {r.active ? t("active") : t("inactive")}
              </Badge>
            ),
          },
          ...(mayManage
            ? [
                {
                  accessor: "actions",
                  title: t("actions"),
                  render: (r: AgentRow) => (
                    <Button size="compact-xs" variant="default" onClick={() => setEditing(r)} aria-label={`${t("edit")}: ${r.name}`}>
                      {t("edit")}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("create") : `${t("edit")}: ${editing?.name ?? ""}`}
        size="lg"
      >
        {editing !== null ? <AgentForm agent={editing === "new" ? null : editing} onDone={done} /> : null}
      </Modal>
    </Stack>
  );
}
