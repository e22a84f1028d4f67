"use client";

import { PagedTable } from "@/components/paged-table";
import { queryKeyOf, useApiQuery } from "@/trpc/hooks";
import { Alert, Anchor, Button, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { CampaignForm, useMayManage, type CampaignRow } from "./campaign-forms";

const PAGE = 20;

export default function CampaignsPage() {
  const t = useTranslations("campaigns");
  const qc = useQueryClient();
  const mayManage = useMayManage();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<CampaignRow | null>(null);
  const list = useApiQuery(
    "campaigns.list",
    { ...(debounced ? { search: debounced } : {}), limit: PAGE, offset: (page - 1) * PAGE },
    { placeholderData: keepPreviousData },
  );
  const n = new Intl.NumberFormat("vi-VN");
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        {mayManage ? <Button onClick={() => setCreating(true)}>{t("create")}</Button> : null}
      </Group>
      <Text size="sm" c="dimmed">
        {t("intro")}
      </Text>
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
      {saved ? (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t("close")} onClose={() => setSaved(null)} data-testid="saved">
          {t("created", { name: saved.name })}{" "}
          <Anchor component={Link} href={`/campaigns/${saved.id}`}>
            {t("open")}
          </Anchor>
        </Alert>
      ) : null}
      <PagedTable<CampaignRow>
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
              <Anchor component={Link} href={`/campaigns/${r.id}`}>
                {r.name}
              </Anchor>
            ),
          },
          { accessor: "period", title: t("period"), render: (r) => `${formatDisplayDate(r.startDate)} – ${formatDisplayDate(r.endDate)}` },
          { accessor: "partners", title: t("partners"), render: (r) => r.partners.join(", ") },
          { accessor: "events", title: t("events"), textAlign: "right" },
          { accessor: "attendances", title: t("attendances"), textAlign: "right", render: (r) => n.format(r.attendances) },
          { accessor: "enrolments", title: t("enrolments"), textAlign: "right", render: (r) => n.format(r.enrolments) },
        ]}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title={t("create")} size="lg">
        {creating ? (
          <CampaignForm
            campaign={null}
            onDone={(c) => {
              setCreating(false);
              setSaved(c);
              void qc.invalidateQueries({ queryKey: queryKeyOf("campaigns.list") });
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
