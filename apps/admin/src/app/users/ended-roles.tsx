"use client";

import { useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Button, List, Stack, Text } from "@mantine/core";
import { useTranslations } from "next-intl";
import { formatDisplayDate } from "@ansinh/domain/dates";

export type EndedRole = QueryOutput<"users.endedRoles">[number];

/**
 * One ended role in words: the role, its unit, the day the unit ended and the units that took
 * over its territory (/users and /staff say it the same way); `max`: name at most that many of
 * them and count the others (a province's territory is taken over by dozens of communes).
 */
export function useEndedRoleText(max = Infinity): (e: Omit<EndedRole, "proposed">) => string {
  const t = useTranslations("users");
  const roles = useTranslations("roles");
  return (e) => {
    const units = e.successors
      .slice(0, max)
      .map((s) => `${s.name} (${s.code})`)
      .join(", ");
    const more = e.successors.length - Math.min(max, e.successors.length);
    return `${t("endedRole", { role: roles(e.role), area: e.areaName ?? e.areaCode, code: e.areaCode, date: e.endedOn ? formatDisplayDate(e.endedOn) : "—" })} ${
      e.successors.length === 0 ? t("endedNoSuccessors") : more > 0 ? t("endedSuccessorsMore", { units, more }) : t("endedSuccessors", { units })
    }`;
  };
}

/**
 * The user's roles whose unit has ended in a reform: said in words, with the day it
 * ended and the units that took over its territory, and offered as a one-step reassignment onto
 * those units (written when the admin saves the roles: users.setRoles, audited).
 */
export function EndedRolesNotice({ userId, onReassign }: { userId: string; onReassign: (ended: EndedRole) => void }) {
  const t = useTranslations("users");
  const text = useEndedRoleText();
  const ended = useApiQuery("users.endedRoles", { id: userId });
  if (!ended.data || ended.data.length === 0) return null;
  return (
    <Alert color="yellow" title={t("endedTitle")} data-testid="ended-roles">
      <Stack gap="xs">
        <List spacing={4} size="sm">
          {ended.data.map((e) => (
            <List.Item key={`${e.role}-${e.areaCode}`}>
              <Text size="sm" component="span">
                {text(e)}
              </Text>{" "}
              {e.proposed.length > 0 ? (
                <Button size="compact-xs" variant="light" onClick={() => onReassign(e)}>
                  {t("reassign")}
                </Button>
              ) : null}
            </List.Item>
          ))}
        </List>
        <Text size="xs">{t("reassignHint")}</Text>
      </Stack>
    </Alert>
  );
}
