"use client";

import { ActionIcon, Alert, Button, Group, Modal, PasswordInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { AppRouter } from "@ansinh/api";
import { RoleBadges } from "@/components/roles";
import { PagedTable } from "@/components/paged-table";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { roles } from "@ansinh/domain/access";
import { queryKeyOf, useApiQuery } from "@/trpc/hooks";

type UserRow = inferRouterOutputs<AppRouter>["users"]["list"]["rows"][number];
type Assignment = inferRouterInputs<AppRouter>["users"]["create"]["assignments"][number];
const PAGE = 20;

function AssignmentsEditor({ value, onChange }: { value: { role: string; areaCode: string }[]; onChange: (v: { role: string; areaCode: string }[]) => void }) {
  const t = useTranslations();
  return (
    <Stack gap="xs">
      {value.map((a, i) => (
        <Group key={i} align="end" wrap="nowrap">
          <Select
            label={t("users.role")}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={a.role}
            onChange={(role) => onChange(value.map((x, j) => (j === i ? { ...x, role: role ?? "viewer" } : x)))}
            w={150}
            allowDeselect={false}
          />
          <TextInput
            label={t("users.area")}
            description={i === 0 ? t("users.areaHint") : undefined}
            value={a.areaCode}
            onChange={(e) => onChange(value.map((x, j) => (j === i ? { ...x, areaCode: e.currentTarget.value.trim() } : x)))}
            w={170}
          />
          <ActionIcon variant="subtle" color="red" aria-label={t("users.remove")} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button variant="light" size="xs" onClick={() => onChange([...value, { role: "viewer", areaCode: "" }])} w="fit-content">
        {t("users.addRole")}
      </Button>
    </Stack>
  );
}

const toAssignments = (v: { role: string; areaCode: string }[]) =>
  v.map((a) => ({ role: a.role, areaCode: a.areaCode === "" ? null : a.areaCode }) as Assignment);

export default function UsersPage() {
  const t = useTranslations("users");
  const locale = useLocale();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const [createOpen, create] = useDisclosure(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [editRoles, setEditRoles] = useState<{ role: string; areaCode: string }[]>([]);

  const list = useApiQuery("users.list", { search: debounced || undefined, limit: PAGE, offset: (page - 1) * PAGE }, { placeholderData: keepPreviousData });
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeyOf("users.list") });

  const form = useForm({
    initialValues: { name: "", email: "", password: "", phone: "", personalId: "", assignments: [{ role: "viewer", areaCode: "" }] },
  });
  const createUser = useMutation({
    mutationFn: (v: typeof form.values) =>
      trpc.users.create.mutate({
        name: v.name,
        email: v.email,
        password: v.password,
        phone: v.phone || null,
        personalId: v.personalId || null,
        assignments: toAssignments(v.assignments),
      }),
    onSuccess: () => {
      create.close();
      form.reset();
      refresh();
    },
  });
  const setDisabled = useMutation({
    mutationFn: (v: { id: string; disabled: boolean }) => trpc.users.setDisabled.mutate(v),
    onSuccess: refresh,
  });
  const setRoles = useMutation({
    mutationFn: (v: { id: string; assignments: Assignment[] }) => trpc.users.setRoles.mutate(v),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t("title")}</Title>
        <Button onClick={create.open}>{t("create")}</Button>
      </Group>
      <TextInput type="search" label={t("search")} value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} maw={360} />
      {setDisabled.isError ? <Alert color="red">{errorMessage(setDisabled.error, locale)}</Alert> : null}
      <PagedTable<UserRow>
        data={list.data}
        fetching={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        pageSize={PAGE}
        page={page}
        onPageChange={setPage}
        label={t("title")}
        columns={[
          { accessor: "name", title: t("name") },
          { accessor: "email", title: t("email") },
          { accessor: "assignments", title: t("role"), render: (r) => <RoleBadges assignments={r.assignments} /> },
          {
            accessor: "actions",
            title: t("actions"),
            render: (r) => (
              <Group gap="xs">
                <Button size="compact-xs" variant="default" onClick={() => { setEditing(r); setEditRoles(r.assignments.map((a) => ({ role: a.role, areaCode: a.areaCode ?? "" }))); }}>
                  {t("editRoles")}
                </Button>
                <Button size="compact-xs" color={r.disabled ? "teal" : "red"} variant="light" onClick={() => setDisabled.mutate({ id: r.id, disabled: !r.disabled })}>
                  {r.disabled ? t("enable") : t("disable")}
                </Button>
              </Group>
            ),
          },
        ]}
      />
      <Modal opened={createOpen} onClose={create.close} title={t("create")} size="lg">
        <form onSubmit={form.onSubmit((v) => createUser.mutate(v))}>
          <Stack>
            {createUser.isError ? <Alert color="red" role="alert">{errorMessage(createUser.error, locale)}</Alert> : null}
            <TextInput label={t("name")} required {...form.getInputProps("name")} />
            <TextInput label={t("email")} type="email" required {...form.getInputProps("email")} />
            <PasswordInput label={t("password")} required {...form.getInputProps("password")} />
            <Group grow>
              <TextInput label={t("phone")} {...form.getInputProps("phone")} />
              <TextInput label={t("personalId")} {...form.getInputProps("personalId")} />
            </Group>
            <AssignmentsEditor value={form.values.assignments} onChange={(v) => form.setFieldValue("assignments", v)} />
            <Group justify="end">
              <Button variant="default" onClick={create.close}>{t("cancel")}</Button>
              <Button type="submit" loading={createUser.isPending}>{t("save")}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={editing != null} onClose={() => setEditing(null)} title={`${t("editRoles")}: ${editing?.name ?? ""}`} size="lg">
        <Stack>
          {setRoles.isError ? <Alert color="red" role="alert">{errorMessage(setRoles.error, locale)}</Alert> : null}
          <AssignmentsEditor value={editRoles} onChange={setEditRoles} />
          <Group justify="end">
            <Button variant="default" onClick={() => setEditing(null)}>{t("cancel")}</Button>
            <Button loading={setRoles.isPending} onClick={() => editing && setRoles.mutate({ id: editing.id, assignments: toAssignments(editRoles) })}>
              {t("save")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
