"use client";

import { PagedTable } from "@/components/paged-table";
import { QueryError } from "@/components/query-error";
import { RequireAccess } from "@/components/require-access";
import { trpc } from "@/trpc/client";
import { errorMessage, issueText, type ApiIssue } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { useMediaQuery } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { formatVietnamDateTime } from "@ansinh/domain/dates";

type Kind = "population" | "insured";
type Outcome = "imported" | "unchanged" | "rejected";
const PAGE = 20;

interface Uploaded {
  hash: string;
  format: "csv" | "xlsx";
  size: number;
  fileName: string;
}

type Row = QueryOutput<"figures.rows">["rows"][number];
type Past = QueryOutput<"figures.batches">["rows"][number];

export default function FiguresPage() {
  return (
    <RequireAccess need="manage">
      <FiguresContent />
    </RequireAccess>
  );
}

function FiguresContent() {
  const t = useTranslations("figures");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const [kind, setKind] = useState<Kind>("population");
  const [uploaded, setUploaded] = useState<(Uploaded & { kind: Kind }) | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<number | null>(null);
  const [existing, setExisting] = useState(false);

  const run = useMutation({
    mutationFn: ({ file, dryRun }: { file: Uploaded & { kind: Kind }; dryRun: boolean }) =>
      trpc.figures.run.mutate({ kind: file.kind, hash: file.hash, format: file.format, fileName: file.fileName, dryRun }),
    onSuccess: (r) => {
      setBatchId(r.batch.id);
      setExisting(r.existing);
      void queryClient.invalidateQueries({ queryKey: queryKeyOf("figures.batches") });
    },
  });

  const upload = async (file: File) => {
    setUploading(true);
    setUploadError(null);
    setUploaded(null);
    setBatchId(null);
    setExisting(false);
    try {
      const res = await fetch(`/api/figures/upload?kind=${kind}&fileName=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: file,
      });
      const body = (await res.json().catch(() => null)) as (Uploaded & { issues?: ApiIssue[] }) | null;
      if (!res.ok || !body) {
        const issues = body?.issues ?? [];
        setUploadError(issues.length ? issues.map((i) => issueText(i, locale)).join("; ") : t("uploadFailed"));
        return;
      }
      const u = { ...body, kind };
      setUploaded(u);
      // A dry run straight away: the report shows what the import would do.
      run.mutate({ file: u, dryRun: true });
    } catch {
      setUploadError(t("uploadFailed"));
    } finally {
      setUploading(false);
    }
  };

  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Text>{t("intro")}</Text>

      <Card withBorder>
        <Stack>
          <Title order={3}>{t("step1")}</Title>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="figures-kind-label">
              {t("kind")}
            </Text>
            <SegmentedControl
              aria-labelledby="figures-kind-label"
              orientation={phone ? "vertical" : "horizontal"}
              value={kind}
              onChange={(v) => {
                setKind(v as Kind);
                setUploaded(null);
                setBatchId(null);
                setUploadError(null);
              }}
              data={[
                { value: "population", label: t("kinds.population") },
                { value: "insured", label: t("kinds.insured") },
              ]}
              fullWidth
              data-testid="figures-kind"
            />
          </Stack>
          <Text size="sm">{t(kind === "population" ? "columnsPopulation" : "columnsInsured")}</Text>
          <Group gap="md" wrap="wrap">
            <Anchor href={`/api/figures/template.xlsx?kind=${kind}`} download data-testid="template-xlsx">
              {t("templateXlsx")}
            </Anchor>
            <Anchor href={`/api/figures/template.csv?kind=${kind}`} download>
              {t("templateCsv")}
            </Anchor>
          </Group>
          <Dropzone
            onDrop={(files) => files[0] && void upload(files[0])}
            onReject={() => setUploadError(t("wrongType"))}
            accept={["text/csv", "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv", ".xlsx"]}
            maxSize={50 * 1024 * 1024}
            multiple={false}
            loading={uploading || (run.isPending && run.variables?.dryRun === true)}
            aria-label={t("dropLabel")}
            data-testid="figures-dropzone"
          >
            <Stack align="center" gap={4} p="md" mih={90} justify="center">
              <Text fw={500}>{t("drop")}</Text>
              <Text size="sm" c="dimmed">
                {t("dropHint")}
              </Text>
            </Stack>
          </Dropzone>
          {uploadError ? (
            <Text c="red" size="sm" role="alert" data-testid="upload-error">
              {uploadError}
            </Text>
          ) : null}
          {run.isError ? (
            <Text c="red" size="sm" role="alert">
              {errorMessage(run.error, locale)}
            </Text>
          ) : null}
        </Stack>
      </Card>

      {batchId !== null ? (
        <BatchView
          id={batchId}
          existing={existing}
          confirming={run.isPending && run.variables?.dryRun === false}
          onConfirm={uploaded ? () => run.mutate({ file: uploaded, dryRun: false }) : null}
        />
      ) : null}

      <PastBatches
        onOpen={(id) => {
          setBatchId(id);
          setExisting(false);
          setUploaded(null);
        }}
      />
    </Stack>
  );
}

/** A batch: its counts, the confirm button after a dry run, the report a page at a time. */
function BatchView({ id, existing, confirming, onConfirm }: { id: number; existing: boolean; confirming: boolean; onConfirm: (() => void) | null }) {
  const t = useTranslations("figures");
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const [outcome, setOutcome] = useState<"all" | Outcome>("all");
  // Four outcomes do not fit side by side on a phone: stack them there.
  const phone = useMediaQuery("(max-width: 36em)") ?? false;
  const batch = useApiQuery("figures.batch", { id });
  const rows = useApiQuery(
    "figures.rows",
    { batchId: id, outcome: outcome === "all" ? undefined : outcome, limit: PAGE, offset: (page - 1) * PAGE },
    { placeholderData: keepPreviousData },
  );
  if (batch.isError) return <QueryError error={batch.error} onRetry={() => void batch.refetch()} />;
  const b = batch.data;
  if (!b) return <Loader size="sm" />;
  const outcomeLabel = (o: Outcome) => t(`outcomes.${b.dryRun && o === "imported" ? "wouldImport" : o}`);
  const badge = (o: Outcome) => (
    <Badge
      color={o === "imported" ? "green" : o === "unchanged" ? "gray" : "red"}
      variant="light"
      styles={{ root: { maxWidth: "none", overflow: "visible" }, label: { overflow: "visible" } }}
    >
      {outcomeLabel(o)}
    </Badge>
  );
  const period = (r: Row) => (b.kind === "population" ? (r.raw.year ?? "") : (r.raw.asOf ?? ""));
  const value = (r: Row) =>
    b.kind === "population"
      ? [r.raw.total, r.raw.workingAge].filter((v) => v !== undefined && v !== "").join(" / ")
      : [r.raw.scheme, r.raw.insuredGroup, r.raw.count].filter((v) => v !== undefined && v !== "").join(" · ");
  return (
    <Card withBorder data-testid="figures-batch">
      <Stack>
        <Title order={3}>
          {b.dryRun ? t("dryRunResult") : t("runResult")} — {b.fileName}
        </Title>
        <Text size="sm">
          {t(`kinds.${b.kind}`)} · {formatVietnamDateTime(b.createdAt)}
        </Text>
        {existing ? (
          <Alert color="blue" data-testid="figures-existing">
            {t("existing", { id: b.id })}
          </Alert>
        ) : null}
        <Group gap="lg" data-testid="figures-counts">
          <Text>{t(b.dryRun ? "countWouldImport" : "countImported", { n: b.imported })}</Text>
          <Text>{t("countUnchanged", { n: b.unchanged })}</Text>
          <Text>{t("countRejected", { n: b.rejected })}</Text>
        </Group>
        <Group>
          <Anchor href={`/api/figures/batches/${id}/report.xlsx`} download data-testid="figures-report">
            {t("downloadReport")}
          </Anchor>
          {b.dryRun && onConfirm ? (
            <Button onClick={onConfirm} loading={confirming} disabled={b.imported === 0} data-testid="figures-confirm">
              {t("confirm", { n: b.imported })}
            </Button>
          ) : null}
        </Group>
        {b.dryRun && onConfirm && b.imported === 0 ? (
          <Text size="sm" c="dimmed">
            {t("nothingToImport")}
          </Text>
        ) : null}
        <SegmentedControl
          aria-label={t("filterOutcome")}
          orientation={phone ? "vertical" : "horizontal"}
          value={outcome}
          onChange={(v) => {
            setOutcome(v as typeof outcome);
            setPage(1);
          }}
          data={[
            { value: "all", label: t("all") },
            { value: "imported", label: outcomeLabel("imported") },
            { value: "unchanged", label: outcomeLabel("unchanged") },
            { value: "rejected", label: outcomeLabel("rejected") },
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
            { accessor: "outcome", title: t("outcome"), width: 150, render: (r) => badge(r.outcome) },
            { accessor: "code", title: t("unit"), render: (r) => [r.raw.areaCode, r.raw.areaName].filter(Boolean).join(" · ") },
            { accessor: "period", title: t(b.kind === "population" ? "year" : "asOf"), render: period },
            { accessor: "value", title: t(b.kind === "population" ? "populationValue" : "insuredValue"), render: value },
            { accessor: "problems", title: t("reasons"), render: (r) => r.problems.map((p) => (locale === "en" ? p.en : p.vi)).join("; ") },
          ]}
        />
      </Stack>
    </Card>
  );
}

function PastBatches({ onOpen }: { onOpen: (id: number) => void }) {
  const t = useTranslations("figures");
  const [page, setPage] = useState(1);
  const q = useApiQuery("figures.batches", { limit: 10, offset: (page - 1) * 10 }, { placeholderData: keepPreviousData });
  return (
    <Stack>
      <Title order={3}>{t("past")}</Title>
      <PagedTable<Past>
        data={q.data}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => void q.refetch()}
        pageSize={10}
        page={page}
        onPageChange={setPage}
        noRecordsText={t("noPast")}
        label={t("past")}
        idAccessor="id"
        columns={[
          { accessor: "createdAt", title: t("when"), render: (r) => formatVietnamDateTime(r.createdAt) },
          { accessor: "kind", title: t("kind"), render: (r) => t(`kinds.${r.kind}`) },
          {
            accessor: "fileName",
            title: t("file"),
            render: (r) => (
              <Anchor component="button" type="button" onClick={() => onOpen(r.id)}>
                {r.fileName}
              </Anchor>
            ),
          },
          { accessor: "status", title: t("status"), render: (r) => (r.dryRun ? t("statusDryRun") : t("statusDone")) },
          { accessor: "counts", title: t("counts"), render: (r) => `${r.imported} / ${r.unchanged} / ${r.rejected}` },
        ]}
      />
    </Stack>
  );
}
