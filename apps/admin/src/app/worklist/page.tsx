"use client";

import { DateField } from "@/components/date-field";
import { useKeysetPages } from "@/components/paged-table";
import { QueryError } from "@/components/query-error";
import { showDate, showPhone } from "@/components/registry/registry-ui";
import { trpc } from "@/trpc/client";
import { apiError, errorMessage, issueText } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Button, Group, Menu, Modal, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQueryClient } from "@tanstack/react-query";
import { DataTable } from "mantine-datatable";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { formatVnd } from "@ansinh/domain/contributions";
import { addDays, todayInVietnam } from "@ansinh/domain/dates";
import { contactOutcomes, type ContactOutcome } from "@ansinh/domain/registry";

type Row = QueryOutput<"worklist.list">["rows"][number] & { key: string };
const PAGE = 30;

/** What one tap on a menu item records; `ask`: a date (and note) is asked first. */
interface OutcomeChoice {
  row: Row;
  outcome: ContactOutcome;
  promisedOn?: string;
}

/**
 * The collector's first page on a phone: their agent's people due this month and next
 * or lapsed lately, a promise that has come first; call with one tap, record what happened in two
 * (the row's menu, then the outcome), and download the reminders of a selection for the office's
 * SMS/Zalo tool. A payment recorded for a person takes them off the list.
 */
export default function WorklistPage() {
  const t = useTranslations("worklist");
  const locale = useLocale();
  const lang = locale === "en" ? "en" : "vi";
  const qc = useQueryClient();
  const pager = useKeysetPages();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const input = { limit: PAGE, ...(debounced ? { search: debounced } : {}), ...(pager.after ? { after: pager.after } : {}) };
  const q = useApiQuery("worklist.list", input, { placeholderData: keepPreviousData });
  const rows: Row[] = (q.data?.rows ?? []).map((r) => ({ ...r, key: `${r.participantId}-${r.scheme}` }));
  const [selected, setSelected] = useState<Row[]>([]);
  const [asking, setAsking] = useState<Row | null>(null);
  const [promisedOn, setPromisedOn] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const record = useMutation({
    mutationFn: (p: OutcomeChoice & { note?: string }) =>
      trpc.worklist.recordOutcome.mutate({
        participantId: p.row.participantId,
        scheme: p.row.scheme,
        outcome: p.outcome,
        ...(p.promisedOn ? { promisedOn: p.promisedOn } : {}),
        ...(p.note ? { note: p.note } : {}),
      }),
    onSuccess: (_r, p) => {
      setDone(t("recorded", { name: p.row.fullName, outcome: t(`outcomes.${p.outcome}`) }));
      setAsking(null);
      setNote("");
      setFormError(null);
      void qc.invalidateQueries({ queryKey: queryKeyOf("worklist.list") });
    },
    onError: (e) => {
      const api = apiError(e);
      setFormError(api ? api.issues.map((i) => issueText(i, locale)).join("; ") : errorMessage(e, locale));
    },
  });

  const reminders = useMutation({
    mutationFn: (items: Row[]) => trpc.worklist.reminders.mutate({ items: items.map((r) => ({ participantId: r.participantId, scheme: r.scheme })) }),
    onSuccess: (out) => {
      const url = URL.createObjectURL(new Blob([out.csv], { type: "text/csv;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = out.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });

  const today = q.data?.onDate ?? todayInVietnam();
  const kept = useApiQuery("worklist.retention", { from: addDays(today, -365), to: today });
  const pct = (f: { share: number | null; renewed: number; ended: number } | undefined) =>
    f && f.share !== null
      ? `${new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { style: "percent", maximumFractionDigits: 0 }).format(f.share)} (${f.renewed}/${f.ended})`
      : "—";
  const masked = rows.some((r) => r.masked);
  const chosen = selected.length > 0 ? selected : rows;

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Group gap="xs">
          <Button component={Link} href="/worklist/print" variant="default" data-testid="rounds-link">
            {t("roundsLink")}
          </Button>
          <Button variant="light" data-testid="reminders" disabled={chosen.length === 0} loading={reminders.isPending} onClick={() => reminders.mutate(chosen)}>
            {selected.length > 0 ? t("remindersSelected", { count: selected.length }) : t("remindersAll")}
          </Button>
        </Group>
      </Group>
      <Text size="sm">{t("intro")}</Text>
      {kept.data ? (
        <Text size="sm" data-testid="retention">
          {t("retention", { d30: pct(kept.data.total[0]), d90: pct(kept.data.total[1]) })}
        </Text>
      ) : null}
      {q.data && !q.data.worksForAgents ? (
        <Text size="sm" c="dimmed">
          {t("notACollector")}
        </Text>
      ) : null}
      <TextInput
        label={t("search")}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          pager.reset();
        }}
        data-testid="worklist-search"
      />
      {masked ? (
        <Alert color="blue" data-testid="masked-note">
          {t("masked")}
        </Alert>
      ) : null}
      {done ? (
        <Alert color="teal" role="status" data-testid="recorded" withCloseButton closeButtonLabel={t("close")} onClose={() => setDone(null)}>
          {done}
        </Alert>
      ) : null}
      {reminders.error ? <Alert color="red">{errorMessage(reminders.error, locale)}</Alert> : null}
      {record.error && !asking ? (
        <Alert color="red" data-testid="record-error">
          {formError}
        </Alert>
      ) : null}
      {q.error && !q.data ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div>
          <DataTable<Row>
            withTableBorder
            striped
            minHeight={160}
            fetching={q.isFetching}
            records={rows}
            idAccessor="key"
            noRecordsText={t("empty")}
            aria-label={t("title")}
            scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("title") } }}
            selectedRecords={selected}
            onSelectedRecordsChange={setSelected}
            allRecordsSelectionCheckboxProps={{ "aria-label": t("selectAll") }}
            getRecordSelectionCheckboxProps={(r) => ({ "aria-label": t("select", { name: r.fullName }) })}
            columns={[
              {
                accessor: "fullName",
                title: t("person"),
                render: (r) => (
                  <Stack gap={2} data-testid="worklist-row">
                    <Text fw={600} size="sm" data-testid="worklist-name">
                      {r.fullName}
                    </Text>
                    {r.phone && !r.masked ? (
                      <Anchor href={`tel:${r.phone}`} size="sm" data-testid="call" aria-label={t("call", { name: r.fullName, phone: showPhone(r.phone) })}>
                        {showPhone(r.phone)}
                      </Anchor>
                    ) : (
                      <Text size="sm">{showPhone(r.phone)}</Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {[r.communeName ?? r.communeCode, r.householdCode ? `${t("household")} ${r.householdCode}` : null, r.address].filter(Boolean).join(" · ")}
                    </Text>
                    <Group gap={6} wrap="wrap">
                      <Text size="xs">{t(`schemes.${r.scheme}`)}</Text>
                      <Text size="xs" fw={700} c={r.status === "lapsed" ? "red.9" : undefined} data-testid="cover">
                        {r.status === "lapsed"
                          ? t("lapsedSince", { date: showDate(addDays(r.coveredUntil, 1)) })
                          : t("dueOn", { date: showDate(r.coveredUntil) })}
                      </Text>
                    </Group>
                    <Text size="sm" data-testid="amount-due">
                      {t("amountDue")}: <b>{r.amountDue === null ? "—" : formatVnd(r.amountDue, lang)}</b>
                      {r.dueMonths ? ` / ${t("months", { count: r.dueMonths })}` : ""}
                    </Text>
                    <Text size="sm" data-testid="last-outcome-line">
                      {t("lastOutcome")}:{" "}
                      <span data-testid="last-outcome">
                        {r.lastOutcome ? t(`outcomes.${r.lastOutcome}`) : "—"}
                        {r.promisedOn ? ` ${showDate(r.promisedOn)}` : ""}
                      </span>
                    </Text>
                  </Stack>
                ),
              },
              {
                accessor: "actions",
                title: t("record"),
                render: (r) => (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="xs" variant="default" data-testid="record" aria-label={t("recordFor", { name: r.fullName })}>
                        {t("record")}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => record.mutate({ row: r, outcome: "promised", promisedOn: addDays(today, 1) })}>
                        {t("promisedTomorrow")}
                      </Menu.Item>
                      <Menu.Item
                        onClick={() => {
                          setAsking(r);
                          setPromisedOn(addDays(today, 7));
                          setFormError(null);
                        }}
                      >
                        {t("promisedOther")}
                      </Menu.Item>
                      <Menu.Divider />
                      {contactOutcomes
                        .filter((o) => o !== "promised")
                        .map((o) => (
                          <Menu.Item
                            key={o}
                            color={o === "died" || o === "compulsory_insurance" ? "red" : undefined}
                            onClick={() => record.mutate({ row: r, outcome: o })}
                          >
                            {t(`outcomes.${o}`)}
                          </Menu.Item>
                        ))}
                    </Menu.Dropdown>
                  </Menu>
                ),
              },
            ]}
          />
          <Group justify="space-between" mt="xs" wrap="wrap">
            <Text size="sm" data-testid="pager-range">
              {t("count", { total: q.data?.total ?? 0 })}
            </Text>
            <Group gap="xs">
              <Button variant="default" size="xs" disabled={pager.page <= 1 || q.isFetching} onClick={() => pager.go(pager.page - 1, null)}>
                {t("previous")}
              </Button>
              <Button variant="default" size="xs" disabled={!q.data?.nextCursor || q.isFetching} onClick={() => pager.go(pager.page + 1, q.data?.nextCursor)}>
                {t("next")}
              </Button>
            </Group>
          </Group>
        </div>
      )}
      <Modal opened={asking !== null} onClose={() => setAsking(null)} title={asking ? t("promiseTitle", { name: asking.fullName }) : ""}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!asking) return;
            if (!promisedOn) {
              setFormError(t("needDate"));
              return;
            }
            record.mutate({ row: asking, outcome: "promised", promisedOn, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          <Stack>
            <DateField label={t("promisedOn")} value={promisedOn} onChange={setPromisedOn} apply="live" required />
            <Textarea label={t("note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} autosize minRows={2} />
            {formError ? (
              <Text c="red" size="sm" role="alert">
                {formError}
              </Text>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                {t("cancel")}
              </Button>
              <Button type="submit" loading={record.isPending}>
                {t("save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
