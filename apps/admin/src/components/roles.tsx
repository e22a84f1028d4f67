"use client";

import { Badge, Group } from "@mantine/core";
import { useTranslations } from "next-intl";
import type { RoleAssignment } from "@ansinh/domain/access";

export function RoleBadges({ assignments }: { assignments: readonly RoleAssignment[] }) {
  const t = useTranslations("roles");
  return (
    <Group gap={4}>
      {assignments.map((a) => (
        <Badge
          key={`${a.role}-${a.areaCode}`}
          tt="none"
          variant="light"
          color={a.role === "admin" ? "red" : a.role === "viewer" ? "gray" : "teal"}
          h="auto"
          py={2}
          // The whole text, wrapped if need be, never cut with an ellipsis.
          styles={{ label: { whiteSpace: "normal", overflow: "visible", textOverflow: "clip" } }}
        >
          {t(a.role)} · {a.areaCode ?? t("national")}
        </Badge>
      ))}
    </Group>
  );
}
