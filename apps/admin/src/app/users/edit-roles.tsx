"use client";

import { AreaPicker } from "@/components/area-picker";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { queryKeyOf } from "@/trpc/hooks";
import { ActionIcon, Alert, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { AppRouter } from "@ansinh/api";
import { roles, type RoleAssignment } from "@ansinh/domain/access";
import { EndedRolesNotice } from "./ended-roles";

export type Assignment = inferRouterInputs<AppRouter>["users"]["create"]["assignments"][number];
type Editable = { role: string; areaCode: string };

export const toAssignments = (v: Editable[]) => v.map((a) => ({ role: a.role, areaCode: a.areaCode === "" ? null : a.areaCode }) as Assignment);

/** A user's roles as rows of role + area, to add, change and remove. */
export function AssignmentsEditor({ value, onChange, error }: { value: Editable[]; onChange: (v: Editable[]) => void; error?: string | undefined }) {
  const t = useTranslations();
  return (
    <Stack gap="xs">
      {error ? (
        <Text size="sm" c="red.9" role="alert">
          {error}
        </Text>
      ) : null}
      {value.map((a, i) => (
        <Group key={i} align="end" wrap="wrap" gap="xs">
          <Select
            label={t("users.role")}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={a.role}
            onChange={(role) => onChange(value.map((x, j) => (j === i ? { ...x, role: role ?? "viewer" } : x)))}
            w={{ base: "100%", xs: 150 }}
            allowDeselect={false}
          />
          <AreaPicker
            label={t("users.area")}
            description={i === 0 ? t("users.areaHint") : undefined}
            value={a.areaCode}
            onChange={(code) => onChange(value.map((x, j) => (j === i ? { ...x, areaCode: code } : x)))}
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

/**
 * Editing a user's roles (/users and /staff): the roles whose unit has ended are said
 * in words with a one-step reassignment onto the units that took over; Save writes them
 * (users.setRoles, audited).
 */
export function EditRolesModal({
  user,
  onClose,
  onSaved,
}: {
  user: { id: string; name: string; assignments: readonly RoleAssignment[] } | null;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const t = useTranslations("users");
  const locale = useLocale();
  const qc = useQueryClient();
  const [editRoles, setEditRoles] = useState<Editable[]>([]);
  useEffect(() => {
    if (user) setEditRoles(user.assignments.map((a) => ({ role: a.role, areaCode: a.areaCode ?? "" })));
  }, [user]);
  const setRoles = useMutation({
    mutationFn: (v: { id: string; assignments: Assignment[] }) => trpc.users.setRoles.mutate(v),
    onSuccess: (u) => {
      onSaved(u.name);
      void qc.invalidateQueries({ queryKey: queryKeyOf("users.list") });
      void qc.invalidateQueries({ queryKey: queryKeyOf("staff.list") });
      void qc.invalidateQueries({ queryKey: queryKeyOf("users.endedRoles") });
    },
  });
  return (
    <Modal opened={user != null} onClose={onClose} title={`${t("editRoles")}: ${user?.name ?? ""}`} size="lg">
      <Stack>
        {setRoles.isError ? (
          <Alert color="red" role="alert">
            {errorMessage(setRoles.error, locale)}
          </Alert>
        ) : null}
        {user ? (
          <EndedRolesNotice
            userId={user.id}
            onReassign={(e) =>
              setEditRoles((rs) => [
                ...rs.filter((r) => !(r.role === e.role && r.areaCode === e.areaCode)),
                ...e.proposed
                  .filter((p) => !rs.some((r) => r.role === p.role && r.areaCode === p.areaCode))
                  .map((p) => ({ role: p.role, areaCode: p.areaCode ?? "" })),
              ])
            }
          />
        ) : null}
        <AssignmentsEditor value={editRoles} onChange={setEditRoles} />
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button loading={setRoles.isPending} onClick={() => user && setRoles.mutate({ id: user.id, assignments: toAssignments(editRoles) })}>
            {t("save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
