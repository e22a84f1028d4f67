"use client";

import { PagedTable } from "@/components/paged-table";
import { RequireAccess } from "@/components/require-access";
import { RoleBadges } from "@/components/roles";
import { useMe } from "@/lib/session";
import { trpc } from "@/trpc/client";
import { apiError, errorMessage, issueText } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery } from "@/trpc/hooks";
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { AppRouter } from "@ansinh/api";
import { PASSWORD_MIN_LENGTH } from "@ansinh/domain/access";
import { AssignmentsEditor, EditRolesModal, toAssignments } from "./edit-roles";

type UserRow = inferRouterOutputs<AppRouter>["users"]["list"]["rows"][number];
const PAGE = 20;

export default function UsersPage() {
  return (
    <RequireAccess need="admin">
      <UsersPageContent />
    </RequireAccess>
  );
}

function UsersPageContent() {
  const t = useTranslations("users");
  const locale = useLocale();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 300);
  const [createOpen, create] = useDisclosure(false);
  const [editing, setEditing] = useState<UserRow | null>(null);

  const list = useApiQuery("users.list", { search: debounced || undefined, limit: PAGE, offset: (page - 1) * PAGE }, { placeholderData: keepPreviousData });
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeyOf("users.list") });

  const me = useMe();
  const [confirming, setConfirming] = useState<UserRow | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", email: "", password: "", phone: "", personalId: "", assignments: [{ role: "viewer", areaCode: "" }] },
    // What the form can tell before asking (in the reader's language, under each field); the
    // API checks everything again and its issues land under the same fields.
    validate: {
      name: (v) => (v.trim() === "" ? t("errors.name") : null),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t("errors.email")),
      password: (v) => (v.length >= PASSWORD_MIN_LENGTH ? null : t("errors.password", { min: PASSWORD_MIN_LENGTH })),
      assignments: (v) => (v.length === 0 ? t("errors.roles") : v.some((a) => a.role !== "admin" && a.areaCode === "") ? t("errors.area") : null),
    },
  });
  /** The API's issues under the form's fields, by the first element of their path. */
  const showApiErrors = (error: unknown) => {
    const api = apiError(error);
    if (!api) return false;
    const byField: Record<string, string[]> = {};
    for (const issue of api.issues) {
      const field = typeof issue.path[0] === "string" && issue.path[0] in form.values ? issue.path[0] : null;
      if (field) (byField[field] ??= []).push(issueText(issue, locale));
    }
    form.setErrors(Object.fromEntries(Object.entries(byField).map(([f, texts]) => [f, texts.join("; ")])));
    return Object.keys(byField).length === api.issues.length;
  };
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
    onSuccess: (u) => {
      create.close();
      form.reset();
      setSaved(t("created", { name: u.name }));
      refresh();
    },
    onError: (e) => void showApiErrors(e),
  });
  const setDisabled = useMutation({
    mutationFn: (v: { id: string; disabled: boolean }) => trpc.users.setDisabled.mutate(v),
    onSuccess: (u) => {
      setConfirming(null);
      setSaved(u.disabled ? t("disabledDone", { name: u.name }) : t("enabledDone", { name: u.name }));
      refresh();
    },
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Button onClick={create.open} data-testid="user-create">
          {t("create")}
        </Button>
      </Group>
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
      {saved ? (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t("close")} onClose={() => setSaved(null)} data-testid="saved">
          {saved}
        </Alert>
      ) : null}
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
                <Button size="compact-xs" variant="default" onClick={() => setEditing(r)}>
                  {t("editRoles")}
                </Button>
                {r.id === me.data?.user.id ? null : (
                  <Button
                    size="compact-xs"
                    color={r.disabled ? "teal" : "red"}
                    variant="light"
                    onClick={() => (r.disabled ? setDisabled.mutate({ id: r.id, disabled: false }) : setConfirming(r))}
                  >
                    {r.disabled ? t("enable") : t("disable")}
                  </Button>
                )}
              </Group>
            ),
          },
        ]}
      />
      <Modal opened={createOpen} onClose={create.close} title={t("create")} size="lg">
        <form noValidate onSubmit={form.onSubmit((v) => createUser.mutate(v))}>
          <Stack>
            {createUser.isError && !Object.keys(form.errors).length ? (
              <Alert color="red" role="alert">
                {errorMessage(createUser.error, locale)}
              </Alert>
            ) : null}
            <TextInput label={t("name")} withAsterisk {...form.getInputProps("name")} />
            <TextInput label={t("email")} type="email" withAsterisk {...form.getInputProps("email")} />
            <PasswordInput label={t("password")} withAsterisk {...form.getInputProps("password")} />
            <Group grow align="start">
              <TextInput label={t("phone")} description={t("phoneHint")} inputMode="tel" {...form.getInputProps("phone")} />
              <TextInput label={t("personalId")} inputMode="numeric" {...form.getInputProps("personalId")} />
            </Group>
            <AssignmentsEditor
              value={form.values.assignments}
              onChange={(v) => form.setFieldValue("assignments", v)}
              error={typeof form.errors.assignments === "string" ? form.errors.assignments : undefined}
            />
            <Group justify="end">
              <Button variant="default" onClick={create.close}>
                {t("cancel")}
              </Button>
              <Button type="submit" loading={createUser.isPending}>
                {t("save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={confirming != null} onClose={() => setConfirming(null)} title={t("confirmDisableTitle")}>
        <Stack>
          <Text>{t("confirmDisable", { name: confirming?.name ?? "" })}</Text>
          {setDisabled.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(setDisabled.error, locale)}
            </Alert>
          ) : null}
          <Group justify="end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t("cancel")}
            </Button>
            <Button color="red" loading={setDisabled.isPending} onClick={() => confirming && setDisabled.mutate({ id: confirming.id, disabled: true })}>
              {t("disable")}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <EditRolesModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(name) => {
          setEditing(null);
          setSaved(t("rolesSaved", { name }));
        }}
      />
    </Stack>
  );
}
