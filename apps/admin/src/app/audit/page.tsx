"use client";

import { DateField } from "@/components/date-field";
import { PagedTable, useKeysetPages } from "@/components/paged-table";
import { RequireAccess } from "@/components/require-access";
import { useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Code, Group, List, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { RoleAssignment } from "@ansinh/domain/access";
import { formatVnd } from "@ansinh/domain/contributions";
import { formatVietnamDateTime } from "@ansinh/domain/dates";

const PAGE = 25;
const actions = [
  "create",
  "update",
  "delete",
  "disable",
  "enable",
  "set_roles",
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "change_password",
  "import",
  "import_dry_run",
  "import_started",
  "import_cancelled",
  "merge",
  "undo_merge",
  "dismiss",
  "allocate",
  "copy_from_last_year",
  "export",
] as const;

type Entry = QueryOutput<"audit.list">["rows"][number];

/** An audited value in words: yes/no, roles by name, nothing as a dash. */
function useValueText() {
  const t = useTranslations();
  const lang = useLocale() === "en" ? "en" : "vi";
  return function text(field: string, v: unknown): string {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return v ? t("audit.yes") : t("audit.no");
    // Codes in words: the kind and scheme of an enrolment, money as money.
    if (field === "kind" && typeof v === "string" && t.has(`audit.kinds.${v}`)) return t(`audit.kinds.${v}`);
    if (field === "scheme" && typeof v === "string" && t.has(`audit.schemes.${v}`)) return t(`audit.schemes.${v}`);
    if (field === "amount" && typeof v === "number") return formatVnd(v, lang);
    if (field === "assignments" && Array.isArray(v))
      return (v as RoleAssignment[]).map((a) => `${t(`roles.${a.role}`)} · ${a.areaCode ?? t("roles.national")}`).join(", ") || "—";
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  };
}

/** What changed, one line per field: "Trạng thái khoá: Không → Có". */
function Changes({ entry }: { entry: Entry }) {
  const t = useTranslations("audit");
  const text = useValueText();
  if (entry.changes.length === 0) return <Text size="sm">—</Text>;
  return (
    <List size="sm" spacing={2}>
      {entry.changes.map((c) => (
        <List.Item key={c.field}>
          <b>{t.has(`fields.${c.field}`) ? t(`fields.${c.field}`) : c.field}</b>:{" "}
          {c.before === null ? text(c.field, c.after) : `${text(c.field, c.before)} → ${text(c.field, c.after)}`}
        </List.Item>
      ))}
    </List>
  );
}

export default function AuditPage() {
  return (
    <RequireAccess need="nationalAdmin">
      <AuditPageContent />
    </RequireAccess>
  );
}

function AuditPageContent() {
  const t = useTranslations("audit");
  const pager = useKeysetPages();
  const [actor, setActor] = useState("");
  const [subject, setSubject] = useState("");
  const [action, setAction] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [debouncedActor] = useDebouncedValue(actor, 300);
  const [debouncedSubject] = useDebouncedValue(subject, 300);
  const q = useApiQuery(
    "audit.list",
    {
      actor: debouncedActor || undefined,
      subject: debouncedSubject || undefined,
      action: action ?? undefined,
      from: from || undefined,
      to: to || undefined,
      limit: PAGE,
      ...(pager.after ? { after: pager.after } : {}),
    },
    { placeholderData: keepPreviousData },
  );
  const actionText = (a: string) => (t.has(`actions.${a}`) ? t(`actions.${a}`) : a);
  const reset = () => pager.reset();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Group align="end" gap="sm">
        <Select
          label={t("filterAction")}
          clearable
          value={action}
          onChange={(v) => {
            setAction(v);
            reset();
          }}
          data={actions.map((a) => ({ value: a, label: actionText(a) }))}
          placeholder={t("allActions")}
          w={200}
        />
        <TextInput
          type="search"
          label={t("filterActor")}
          placeholder={t("filterPlaceholder")}
          value={actor}
          onChange={(e) => {
            setActor(e.currentTarget.value);
            reset();
          }}
          w={220}
        />
        <TextInput
          type="search"
          label={t("filterSubject")}
          placeholder={t("filterPlaceholder")}
          value={subject}
          onChange={(e) => {
            setSubject(e.currentTarget.value);
            reset();
          }}
          w={220}
        />
        <DateField
          clearable
          label={t("from")}
          value={from}
          onChange={(d) => {
            setFrom(d ?? "");
            reset();
          }}
          w={150}
        />
        <DateField
          clearable
          label={t("to")}
          value={to}
          onChange={(d) => {
            setTo(d ?? "");
            reset();
          }}
          w={150}
        />
      </Group>
      <PagedTable<Entry>
        data={q.data}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        pageSize={PAGE}
        keyset
        page={pager.page}
        onPageChange={(p) => pager.go(p, q.data?.nextCursor)}
        noRecordsText={t("empty")}
        label={t("title")}
        idAccessor="id"
        rowExpansion={{
          content: ({ record }) => (
            <Group align="start" p="sm" gap="lg" wrap="wrap">
              <Stack gap={2}>
                <Text size="xs" fw={600}>
                  {t("before")}
                </Text>
                <Code block style={{ maxWidth: 420, whiteSpace: "pre-wrap" }}>
                  {JSON.stringify(record.before, null, 1) ?? "—"}
                </Code>
              </Stack>
              <Stack gap={2}>
                <Text size="xs" fw={600}>
                  {t("after")}
                </Text>
                <Code block style={{ maxWidth: 420, whiteSpace: "pre-wrap" }}>
                  {JSON.stringify(record.after, null, 1) ?? "—"}
                </Code>
              </Stack>
            </Group>
          ),
        }}
        columns={[
          { accessor: "at", title: t("at"), noWrap: true, render: (r) => t("atVietnam", { time: formatVietnamDateTime(r.at) }) },
          {
            accessor: "actorName",
            title: t("actor"),
            render: (r) => (r.actorEmail ? <span title={r.actorEmail}>{r.actorName ?? r.actorEmail}</span> : t("system")),
          },
          { accessor: "action", title: t("action"), render: (r) => actionText(r.action) },
          {
            accessor: "subjectName",
            title: t("entity"),
            // Users and sessions by the person's name; anything else as "what: whom" (an enrolment: its participant).
            render: (r) => {
              const what = t.has(`entities.${r.entity}`) ? t(`entities.${r.entity}`) : r.entity;
              if (r.entity === "user" || r.entity === "session") return r.subjectName ?? `${what} ${r.entityId.slice(0, 24)}`;
              return r.subjectName ? `${what}: ${r.subjectName}` : `${what} ${r.entityId.slice(0, 24)}`;
            },
          },
          { accessor: "changes", title: t("changes"), render: (r) => <Changes entry={r} /> },
        ]}
      />
      <Text size="sm" c="dimmed">
        {t("detailsHint")}
      </Text>
    </Stack>
  );
}
