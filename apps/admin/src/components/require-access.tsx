"use client";

import { useMe } from "@/lib/session";
import { Alert, Anchor, Loader, Stack, Title } from "@mantine/core";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { can } from "@ansinh/domain/access";

/**
 * A page only some roles may open: others see one sentence in their language and the way back,
 * never the page's buttons over an empty "forbidden" table. (The API refuses them regardless.)
 */
export function RequireAccess({ need, children }: { need: "admin" | "nationalAdmin" | "write" | "manage"; children: ReactNode }) {
  const t = useTranslations("access");
  const me = useMe();
  if (me.isPending) return <Loader size="sm" />;
  const allowed =
    me.data != null &&
    (need === "nationalAdmin"
      ? me.data.nationalAdmin
      : need === "admin"
        ? me.data.assignments.some((a) => a.role === "admin")
        : me.data.assignments.some((a) => can(a.role, need)));
  if (!allowed && me.data != null)
    return (
      <Stack>
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Alert color="orange" data-testid="no-access">
          {need === "write" || need === "manage" ? t(need === "write" ? "bodyWrite" : "bodyManage") : t("body")}
        </Alert>
        <Anchor component={Link} href="/dashboard">
          {t("back")}
        </Anchor>
      </Stack>
    );
  return children;
}
