"use client";

import { PagedTable } from "@/components/paged-table";
import { RoleBadges } from "@/components/roles";
import { useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Badge, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { checkPhone, formatPhone } from "@ansinh/domain/registry";
import { EditRolesModal } from "../users/edit-roles";
import { useEndedRoleText } from "../users/ended-roles";

const PAGE = 20;
type StaffRow = QueryOutput<"staff.list">["rows"][number];

/** A phone as people read it (0912 345 678); a masked one (09*****678) as it is. */
function showPhone(phone: string): string {
  const checked = checkPhone(phone);
  return checked.ok ? formatPhone(checked.phone) : phone;
}

export default function StaffPage() {
  const t = useTranslations("staff");
  const users = useTranslations("users");
  const endedText = useEndedRoleText(5);
  const [editing, setEditing] = useState<StaffRow | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const q = useApiQuery("staff.list", { search: debounced || undefined, limit: PAGE, offset: (page - 1) * PAGE }, { placeholderData: keepPreviousData });
  const masked = q.data?.rows.some((r) => r.masked) ?? false;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <TextInput
        type="search"
        label={t("search")}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
        maw={360}
      />
      {masked ? (
        <Alert color="blue" data-testid="masked-note">
          {t("masked")}
        </Alert>
      ) : null}
      {saved ? (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={users("close")} onClose={() => setSaved(null)} data-testid="saved">
          {saved}
        </Alert>
      ) : null}
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
          {
            accessor: "assignments",
            title: t("roles"),
            // A role whose unit has ended is said in words, with the one-step
            // reassignment of /users for those who may manage the person.
            render: (r) => (
              <Stack gap={4}>
                <RoleBadges assignments={r.assignments} />
                {r.ended.map((e) => (
                  <Text key={`${e.role}-${e.areaCode}`} size="xs" c="orange.9" data-testid="staff-ended">
                    {endedText(e)}
                  </Text>
                ))}
                {r.ended.length > 0 && r.mayManage ? (
                  <Button size="compact-xs" variant="light" w="fit-content" onClick={() => setEditing(r)} aria-label={`${t("reassign")}: ${r.name}`}>
                    {t("reassign")}
                  </Button>
                ) : null}
              </Stack>
            ),
          },
          {
            accessor: "disabled",
            title: t("status"),
            render: (r) => (
              <Badge tt="none" color={r.disabled ? "gray" : "green"} variant="dot">
                {r.disabled ? t("disabled") : t("active")}
              </Badge>
            ),
          },
        ]}
      />
      <EditRolesModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(name) => {
          setEditing(null);
          setSaved(users("rolesSaved", { name }));
        }}
      />
    </Stack>
  );
}
