"use client";

import { BatchAttribution } from "@/app/campaigns/attribution-select";
import { DateField } from "@/components/date-field";
import { PagedTable, useKeysetPages } from "@/components/paged-table";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/lib/session";
import { trpc } from "@/trpc/client";
import { apiError, errorMessage, issueText, type ApiIssue } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Progress, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { useMediaQuery } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useState } from "react";
import { formatVietnamDateTime, todayInVietnam } from "@ansinh/domain/dates";
import type { Scheme } from "@ansinh/domain/eligibility";
import { agentRowFieldNames, agentRowFields } from "@ansinh/domain/registry";

const PAGE = 20;
const fields = [...agentRowFields, "receiptNumber"] as const;
type Field = (typeof fields)[number];
const fieldNames: Record<Field, { vi: string; en: string }> = { ...agentRowFieldNames, receiptNumber: { vi: "Số biên lai", en: "Receipt number" } };
const required: Record<Scheme, Field[]> = {
  voluntary_social_insurance: ["fullName", "birthDate", "gender", "personalId", "monthsPaid", "amountPaid", "receiptDate", "communeCode", "incomeOrBaseShare"],
  household_health_insurance: [
    "fullName",
    "birthDate",
    "gender",
    "personalId",
    "monthsPaid",
    "amountPaid",
    "receiptDate",
    "communeCode",
    "householdCode",
    "householdRank",
    "facilityCode",
  ],
};

interface Uploaded {
  hash: string;
  format: "csv" | "xlsx";
  size: number;
  fileName: string;
  headers: string[];
  suggested: Partial<Record<Field, string>>;
}

type Row = QueryOutput<"imports.rows">["rows"][number];
type Past = QueryOutput<"imports.batches">["rows"][number];

export default function ImportsPage() {
  const t = useTranslations("imports");
  const me = useMe();
  if (me.isPending) return <Loader size="sm" />;
  const mayWrite = me.data?.assignments.some((a) => a.role !== "viewer") ?? false;
  if (!mayWrite)
    return (
      <Stack>
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Alert color="orange" data-testid="no-access">
          {t("noAccess")}
        </Alert>
        <Anchor component={Link} href="/dashboard">
          {t("back")}
        </Anchor>
      </Stack>
    );
  return <ImportsContent />;
}

function ImportsContent() {
  const t = useTranslations("imports");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const agents = useApiQuery("imports.agents", undefined);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [scheme, setScheme] = useState<Scheme>("voluntary_social_insurance");
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<Field, string>>>({});
  const [mappingIssues, setMappingIssues] = useState<ApiIssue[]>([]);
  const [batchId, setBatchId] = useState<number | null>(null);
  const [attribution, setAttribution] = useState<{ campaignId: number | null; outreachEventId: number | null }>({ campaignId: null, outreachEventId: null });
  const label = (f: Field) => (locale === "en" ? fieldNames[f].en : fieldNames[f].vi);

  const upload = async (file: File) => {
    if (!agentId) return;
    setUploading(true);
    setUploadError(null);
    setUploaded(null);
    setBatchId(null);
    try {
      const res = await fetch(`/api/imports/upload?agentId=${agentId}&scheme=${scheme}&fileName=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: file,
      });
      const body = (await res.json().catch(() => null)) as (Uploaded & { issues?: ApiIssue[]; error?: { data?: { issues?: ApiIssue[] } } }) | null;
      if (!res.ok || !body) {
        const issues = body?.issues ?? body?.error?.data?.issues ?? [];
        setUploadError(issues.length ? issues.map((i) => issueText(i, locale)).join("; ") : t("uploadFailed"));
        return;
      }
      setUploaded(body);
      setMapping(body.suggested);
      setMappingIssues([]);
    } catch {
      setUploadError(t("uploadFailed"));
    } finally {
      setUploading(false);
    }
  };

  const start = useMutation({
    mutationFn: (dryRun: boolean) =>
      trpc.imports.start.mutate({
        agentId: Number(agentId),
        scheme,
        hash: uploaded!.hash,
        format: uploaded!.format,
        fileName: uploaded!.fileName,
        mapping,
        ...attribution,
        dryRun,
      }),
    onMutate: () => setMappingIssues([]),
    onSuccess: (r) => {
      setBatchId(r.batchId);
      void queryClient.invalidateQueries({ queryKey: queryKeyOf("imports.batches") });
    },
    onError: (e) => setMappingIssues(apiError(e)?.issues ?? []),
  });

  const agentOptions = (agents.data ?? []).map((a) => ({ value: String(a.id), label: a.name }));
  const issueFor = (f: Field) =>
    mappingIssues
      .filter((i) => i.path[0] === "mapping" && i.path[1] === f)
      .map((i) => issueText(i, locale))
      .join("; ");
  const otherIssues = mappingIssues.filter((i) => i.path[0] !== "mapping");

  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Text>{t("intro")}</Text>
      <Group gap="md" wrap="wrap">
        <Anchor href={`/api/imports/template.xlsx?scheme=${scheme}`} download>
          {t("templateXlsx")}
        </Anchor>
        <Anchor href={`/api/imports/template.csv?scheme=${scheme}`} download>
          {t("templateCsv")}
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed">
        {t("sampleHint")}{" "}
        <Anchor
          href={scheme === "household_health_insurance" ? "/samples/d03-ts-ho-gia-dinh.xlsx" : "/samples/d05-ts-tu-nguyen.csv"}
          download
          underline="always"
          data-testid="sample-download"
        >
          {t(scheme === "household_health_insurance" ? "sampleHousehold" : "sampleVoluntary")}
        </Anchor>
      </Text>

      {agents.isError ? <QueryError error={agents.error} onRetry={() => void agents.refetch()} /> : null}
      {agents.data && agents.data.length === 0 ? (
        <Alert color="blue" title={t("noAgentsTitle")}>
          {t("noAgents")}
        </Alert>
      ) : null}

      <Card withBorder>
        <Stack>
          <Title order={3}>{t("step1")}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t("agent")}
              placeholder={t("chooseAgent")}
              data={agentOptions}
              value={agentId}
              onChange={(v) => {
                setAgentId(v);
                setUploaded(null);
                setBatchId(null);
              }}
              searchable
              required
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="scheme-label">
                {t("scheme")}
              </Text>
              <SegmentedControl
                aria-labelledby="scheme-label"
                // The two names do not fit side by side on a phone: stack them there.
                orientation={phone ? "vertical" : "horizontal"}
                value={scheme}
                onChange={(v) => {
                  setScheme(v as Scheme);
                  setUploaded(null);
                  setBatchId(null);
                }}
                data={[
                  { value: "voluntary_social_insurance", label: t("voluntary") },
                  { value: "household_health_insurance", label: t("household") },
                ]}
                fullWidth
              />
            </Stack>
          </SimpleGrid>
          <Dropzone
            onDrop={(files) => files[0] && void upload(files[0])}
            onReject={() => setUploadError(t("wrongType"))}
            accept={["text/csv", "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv", ".xlsx"]}
            maxSize={50 * 1024 * 1024}
            multiple={false}
            loading={uploading}
            disabled={!agentId}
            aria-label={t("dropLabel")}
            data-testid="import-dropzone"
          >
            <Stack align="center" gap={4} p="md" mih={90} justify="center">
              <Text fw={500}>{agentId ? t("drop") : t("chooseAgentFirst")}</Text>
              <Text size="sm" c="dimmed">
                {t("dropHint")}
              </Text>
            </Stack>
          </Dropzone>
          {uploadError ? (
            <Text c="red" size="sm" role="alert">
              {uploadError}
            </Text>
          ) : null}
        </Stack>
      </Card>

      {uploaded ? (
        <Card withBorder>
          <Stack>
            <Title order={3}>{t("step2")}</Title>
            <Text size="sm">{t("fileRead", { name: uploaded.fileName, columns: uploaded.headers.length })}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {fields.map((f) => (
                <Select
                  key={f}
                  label={label(f)}
                  required={required[scheme].includes(f)}
                  placeholder={t("notInFile")}
                  data={uploaded.headers.filter((h, i) => h !== "" && uploaded.headers.indexOf(h) === i)}
                  value={mapping[f] ?? null}
                  onChange={(v) => setMapping((m) => ({ ...m, [f]: v ?? undefined }))}
                  clearable
                  error={issueFor(f) || undefined}
                />
              ))}
            </SimpleGrid>
            <BatchAttribution value={attribution} onChange={setAttribution} />
            {otherIssues.length ? (
              <Text c="red" size="sm" role="alert">
                {otherIssues.map((i) => issueText(i, locale)).join("; ")}
              </Text>
            ) : null}
            {start.isError && mappingIssues.length === 0 ? (
              <Text c="red" size="sm" role="alert">
                {errorMessage(start.error, locale)}
              </Text>
            ) : null}
            <Group>
              <Button variant="light" onClick={() => start.mutate(true)} loading={start.isPending && start.variables === true} data-testid="import-dry-run">
                {t("dryRun")}
              </Button>
              <Button onClick={() => start.mutate(false)} loading={start.isPending && start.variables === false}>
                {t("run")}
              </Button>
            </Group>
          </Stack>
        </Card>
      ) : null}

      {batchId !== null ? <BatchView id={batchId} onRunForReal={uploaded ? () => start.mutate(false) : null} onOpen={setBatchId} /> : null}

      <PastBatches onOpen={(id) => setBatchId(id)} />
      <AgentExport agents={agentOptions} />
    </Stack>
  );
}

/** A batch: progress while it runs (polled), then its counts and its report, a page at a time. */
function BatchView({ id, onRunForReal, onOpen }: { id: number; onRunForReal: (() => void) | null; onOpen: (id: number) => void }) {
  const t = useTranslations("imports");
  const locale = useLocale();
  const queryClient = useQueryClient();
  // A dry run reopened from the history: run for real from the file the server kept (no second upload).
  const runStored = useMutation({
    mutationFn: () => trpc.imports.runDryRun.mutate({ id }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: queryKeyOf("imports.batches") });
      onOpen(r.batchId);
    },
  });
  const [page, setPage] = useState(1);
  const [outcome, setOutcome] = useState<"all" | "imported" | "duplicate" | "rejected">("all");
  const batch = useApiQuery(
    "imports.batch",
    { id },
    {
      refetchInterval: (q) => {
        const d = q.state.data;
        return d && (d.finished || d.status === "done" || d.status === "failed") ? false : 1000;
      },
    },
  );
  const b = batch.data;
  const finished = b != null && (b.finished || b.status === "done" || b.status === "failed");
  // Once the batch is finished the history shows its real status and counts.
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: queryKeyOf("imports.batches") });
  }, [finished, queryClient]);
  const rows = useApiQuery(
    "imports.rows",
    finished ? { batchId: id, outcome: outcome === "all" ? undefined : outcome, limit: PAGE, offset: (page - 1) * PAGE } : null,
    { placeholderData: keepPreviousData },
  );
  if (batch.isError) return <QueryError error={batch.error} onRetry={() => void batch.refetch()} />;
  if (!b) return <Loader size="sm" />;
  const percent = b.totalRows ? Math.round((100 * b.processedRows) / b.totalRows) : 0;
  const badge = (o: string) => (
    // Never cut short ("SẼ NH…"): the whole word, in its own case, wrapping if it must.
    <Badge
      color={o === "imported" ? "green" : o === "duplicate" ? "yellow" : "red"}
      variant="light"
      tt="none"
      h="auto"
      maw="none"
      styles={{ label: { overflow: "visible", whiteSpace: "normal", textOverflow: "clip" } }}
    >
      {t(`outcomes.${b.dryRun && o === "imported" ? "wouldImport" : o}`)}
    </Badge>
  );
  return (
    <Card withBorder data-testid="import-batch">
      <Stack>
        <Title order={3}>
          {b.dryRun ? t("dryRunResult") : t("runResult")} — {b.fileName}
        </Title>
        <Text size="sm">
          {b.agentName} · {t(b.scheme === "household_health_insurance" ? "household" : "voluntary")}
        </Text>
        <Progress value={finished ? 100 : percent} aria-label={t("progress")} size="lg" animated={!finished} />
        <Text size="sm" data-testid="import-progress">
          {t("progressText", { processed: b.processedRows, total: b.totalRows ?? "…" })}
        </Text>
        <Group gap="lg" data-testid="import-counts">
          <Text>{t(b.dryRun ? "countWouldImport" : "countImported", { n: b.imported })}</Text>
          <Text>{t("countDuplicates", { n: b.duplicates })}</Text>
          <Text>{t("countRejected", { n: b.rejected })}</Text>
        </Group>
        {b.status === "failed" || b.error ? <Alert color="red">{t("failed", { error: b.error ?? "" })}</Alert> : null}
        {finished ? (
          <>
            <Group>
              <Anchor href={`/api/imports/batches/${id}/report.xlsx?lang=${locale === "en" ? "en" : "vi"}`} download data-testid="report-download">
                {t("downloadReport")}
              </Anchor>
              {b.dryRun && onRunForReal ? (
                <Button size="xs" onClick={onRunForReal}>
                  {t("runNow")}
                </Button>
              ) : b.dryRun && b.canRunForReal ? (
                <Button size="xs" onClick={() => runStored.mutate()} loading={runStored.isPending} data-testid="run-stored">
                  {t("runStored")}
                </Button>
              ) : null}
            </Group>
            {runStored.isError ? (
              <Text c="red.9" size="sm" role="alert">
                {errorMessage(runStored.error, locale)}
              </Text>
            ) : null}
            <SegmentedControl
              aria-label={t("filterOutcome")}
              value={outcome}
              onChange={(v) => {
                setOutcome(v as typeof outcome);
                setPage(1);
              }}
              data={[
                { value: "all", label: t("all") },
                { value: "imported", label: t(b.dryRun ? "outcomes.wouldImport" : "outcomes.imported") },
                { value: "duplicate", label: t("outcomes.duplicate") },
                { value: "rejected", label: t("outcomes.rejected") },
              ]}
            />
            <PagedTable<Row>
              data={rows.data}
              fetching={rows.isFetching}
              error={rows.error}
              onRetry={() => void rows.refetch()}
              pageSize={PAGE}
              page={page}
              onPageChange={setPage}
              noRecordsText={t("noRows")}
              label={t("report")}
              idAccessor="line"
              columns={[
                { accessor: "line", title: t("line") },
                { accessor: "outcome", title: t("outcome"), noWrap: true, render: (r) => badge(r.outcome) },
                { accessor: "name", title: t("name"), render: (r) => r.raw?.fullName ?? "" },
                { accessor: "id", title: t("personalId"), render: (r) => r.raw?.personalId ?? "" },
                { accessor: "problems", title: t("reasons"), render: (r) => r.problems.map((p) => (locale === "en" ? p.en : p.vi)).join("; ") },
              ]}
            />
          </>
        ) : null}
      </Stack>
    </Card>
  );
}

function PastBatches({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useTranslations("imports");
  const pager = useKeysetPages();
  const q = useApiQuery(
    "imports.batches",
    { limit: 10, ...(pager.after ? { after: pager.after } : {}) },
    {
      placeholderData: keepPreviousData,
      // A batch still waiting or running is watched until it is finished.
      refetchInterval: (query) => (query.state.data?.rows.some((r) => r.status === "queued" || r.status === "running") ? 2000 : false),
    },
  );
  return (
    <Stack>
      <Title order={3}>{t("past")}</Title>
      <PagedTable<Past>
        data={q.data}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        pageSize={10}
        keyset
        page={pager.page}
        onPageChange={(p) => pager.go(p, q.data?.nextCursor)}
        noRecordsText={t("noPast")}
        label={t("past")}
        idAccessor="id"
        columns={[
          { accessor: "createdAt", title: t("when"), render: (r) => formatVietnamDateTime(r.createdAt) },
          { accessor: "agentName", title: t("agent") },
          {
            accessor: "fileName",
            title: t("file"),
            render: (r) => (
              <Anchor component="button" type="button" onClick={() => onOpen(r.id)}>
                {r.fileName}
              </Anchor>
            ),
          },
          { accessor: "status", title: t("status"), render: (r) => (r.dryRun ? t("statusDryRun") : t(`statuses.${r.status}`)) },
          { accessor: "counts", title: t("counts"), render: (r) => `${r.imported} / ${r.duplicates} / ${r.rejected}` },
        ]}
      />
    </Stack>
  );
}

/** An agent's batch over a period, in the template's columns, for the agency. */
function AgentExport({ agents }: { agents: { value: string; label: string }[] }) {
  const t = useTranslations("imports");
  const [agentId, setAgentId] = useState<string | null>(null);
  const [scheme, setScheme] = useState<Scheme>("voluntary_social_insurance");
  const today = todayInVietnam();
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const ready = agentId !== null && from !== "" && to !== "" && from <= to;
  return (
    <Card withBorder>
      <Stack>
        <Title order={3}>{t("exportTitle")}</Title>
        <Text size="sm">{t("exportIntro")}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Select label={t("agent")} data={agents} value={agentId} onChange={setAgentId} searchable placeholder={t("chooseAgent")} />
          <Select
            label={t("scheme")}
            data={[
              { value: "voluntary_social_insurance", label: t("voluntary") },
              { value: "household_health_insurance", label: t("household") },
            ]}
            value={scheme}
            onChange={(v) => v && setScheme(v as Scheme)}
            allowDeselect={false}
          />
          <DateField label={t("from")} value={from} onChange={(d) => setFrom(d ?? "")} />
          <DateField label={t("to")} value={to} onChange={(d) => setTo(d ?? "")} error={from && to && from > to ? t("rangeInvalid") : undefined} />
        </SimpleGrid>
        <Group>
          {/* A link only once it leads somewhere; before that a disabled button (what assistive technology reads as unavailable). */}
          {ready ? (
            <Button component="a" href={`/api/imports/agent-batch.xlsx?agentId=${agentId}&scheme=${scheme}&from=${from}&to=${to}`} download>
              {t("exportButton")}
            </Button>
          ) : (
            <Button disabled>{t("exportButton")}</Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
