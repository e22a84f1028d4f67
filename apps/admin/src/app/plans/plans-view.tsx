"use client";

import { AreaPicker } from "@/components/area-picker";
import { QueryError } from "@/components/query-error";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery } from "@/trpc/hooks";
import { Alert, Badge, Button, Group, Modal, NumberInput, ScrollArea, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { formatDisplayDate, todayInVietnam } from "@ansinh/domain/dates";
import { AllocationPanel } from "./allocation-panel";
import { MappedView } from "./mapped-view";
import { schemes, TargetForm, type TargetRow } from "./target-form";

/** Kế hoạch, chỉ tiêu: an area's and its children's targets for a year and scheme; create, edit, copy, allocate. */
export function PlansView() {
  const t = useTranslations("plans");
  const locale = useLocale();
  const qc = useQueryClient();
  const nf = new Intl.NumberFormat(locale === "en" ? "en-US" : "vi-VN", { maximumFractionDigits: 2 });
  const params = useSearchParams();
  const [areaCode, setAreaCode] = useState(params.get("area") ?? "");
  const [year, setYear] = useState(Number(params.get("year")) || Number(todayInVietnam().slice(0, 4)));
  const [scheme, setScheme] = useState<string>(params.get("scheme") ?? "voluntary_social_insurance");
  const [editing, setEditing] = useState<TargetRow | "new" | null>(null);
  const [allocating, setAllocating] = useState<TargetRow | null>(null);
  const [copying, setCopying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // The day the plan's units are read on (the list's own default): a reused code is named as then.
  const planDate = `${year}-01-01`;
  const input = areaCode ? { areaCode, year, scheme: scheme as TargetRow["scheme"] } : null;
  const list = useApiQuery("targets.list", input, { retry: false });
  const refresh = () => void qc.invalidateQueries({ queryKey: queryKeyOf("targets.list") });
  const mayManage = list.data?.mayManage ?? false;
  const copyPreview = useMutation({
    mutationFn: (save: boolean) => trpc.targets.copyFromLastYear.mutate({ areaCode, year, scheme: scheme as TargetRow["scheme"], save }),
  });
  const period = (r: TargetRow) => `${formatDisplayDate(r.periodStart)} – ${formatDisplayDate(r.periodEnd)}`;
  const whole = new Intl.NumberFormat(locale === "en" ? "en-US" : "vi-VN", { maximumFractionDigits: 0 });
  const rows = list.data?.rows ?? [];
  // A milestone shows its people against the plan in force (whole people, as on the dashboard).
  const valueOf = (r: (typeof rows)[number]) =>
    r.measure === "coverage_percent" ? `${nf.format(r.value)}%` : r.milestone ? whole.format(r.milestone.required) : nf.format(r.value);
  // How a value was allocated: the basis, or (for a locked or raised value) why.
  const basisLabel = (b: string) =>
    (["population", "working_age", "last_year_result", "equal"] as const).find((x) => x === b)
      ? t(`bases.${b as "population"}`)
      : (["locked", "minimum", "weight"] as const).find((x) => x === b)
        ? t(`allocation.by.${b as "locked"}`)
        : b;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("intro")}
      </Text>
      <Group align="end" wrap="wrap">
        <AreaPicker
          label={t("area")}
          description={t("areaOnDate", { date: formatDisplayDate(planDate) })}
          onDate={planDate}
          value={areaCode}
          onChange={(c) => {
            setAreaCode(c);
            setAllocating(null);
          }}
        />
        <NumberInput
          label={t("year")}
          value={year}
          onChange={(v) => typeof v === "number" && setYear(v)}
          min={1990}
          max={2100}
          allowDecimal={false}
          w={110}
          thousandSeparator=""
        />
        <Select
          label={t("scheme")}
          value={scheme}
          allowDeselect={false}
          onChange={(v) => v && setScheme(v)}
          data={schemes.map((s) => ({ value: s, label: t(`schemes.${s}`) }))}
          w={260}
        />
      </Group>
      {notice ? (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t("close")} onClose={() => setNotice(null)} data-testid="plans-notice">
          {notice}
        </Alert>
      ) : null}
      {!areaCode ? (
        <Alert color="blue" data-testid="plans-choose">
          {t("chooseArea")}
        </Alert>
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data ? (
        <>
          {mayManage ? (
            <Group>
              <Button onClick={() => setEditing("new")} data-testid="target-create">
                {t("create")}
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setCopying(true);
                  copyPreview.mutate(false);
                }}
                data-testid="copy-last-year"
              >
                {t("copy.button", { year: year - 1 })}
              </Button>
            </Group>
          ) : (
            <Alert color="gray" data-testid="plans-read-only">
              {t("readOnly")}
            </Alert>
          )}
          {(list.data.sumChecks ?? []).map((c) => (
            <Alert key={c.targetId} color="orange" role="status" title={t("sumCheck.title")} data-testid={`sum-check-${c.targetId}`}>
              {t(c.difference > 0 ? "sumCheck.over" : "sumCheck.under", {
                children: c.children,
                sum: whole.format(c.childrenSum),
                plan: whole.format(c.plan),
                difference: whole.format(Math.abs(c.difference)),
                scheme: t(`schemes.${c.scheme as "health_insurance"}`),
              })}
            </Alert>
          ))}
          {rows.length === 0 ? (
            <Alert color="yellow" data-testid="plans-empty">
              {mayManage ? t("emptyManage", { year }) : t("empty", { year })}
            </Alert>
          ) : (
            <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": t("scrollTargets") }}>
              <Table striped highlightOnHover withTableBorder miw={760} data-testid="targets-table">
                <Table.Caption>{t("tableCaption", { year })}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("area")}</Table.Th>
                    <Table.Th>{t("kind")}</Table.Th>
                    <Table.Th>{t("measure")}</Table.Th>
                    <Table.Th>{t("period")}</Table.Th>
                    <Table.Th ta="right">{t("value")}</Table.Th>
                    <Table.Th>{t("milestone")}</Table.Th>
                    {mayManage ? <Table.Th>{t("actions")}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.id} data-testid={`target-row-${r.areaCode}-${r.kind}`}>
                      <Table.Td fw={r.areaCode === areaCode ? 600 : undefined}>
                        {r.areaName ?? ""} ({r.areaCode})
                      </Table.Td>
                      <Table.Td>
                        <Badge tt="none" variant="light" color={r.kind === "plan" ? "blue" : r.kind === "minimum" ? "grape" : "teal"}>
                          {t(`kinds.${r.kind}`)}
                        </Badge>
                        {r.allocation ? (
                          <Text size="xs" c="dimmed">
                            {t("allocatedBy", { basis: basisLabel(r.allocation.basis) })}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{t(`measures.${r.measure}`)}</Table.Td>
                      <Table.Td>{period(r)}</Table.Td>
                      <Table.Td ta="right" data-testid={`target-value-${r.id}`}>
                        {valueOf(r)}
                      </Table.Td>
                      <Table.Td data-testid={r.milestone ? `milestone-${r.id}` : undefined}>
                        {r.kind === "milestone" && r.milestoneBy
                          ? r.milestone?.planValue != null
                            ? t("milestoneOfPlan", {
                                share: nf.format(r.milestone.share * 100),
                                plan: whole.format(r.milestone.planValue),
                                date: formatDisplayDate(r.milestoneBy),
                              })
                            : t("milestoneText", { share: nf.format((r.milestone?.share ?? r.share ?? 0) * 100), date: formatDisplayDate(r.milestoneBy) })
                          : ""}
                      </Table.Td>
                      {mayManage ? (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button
                              size="compact-xs"
                              variant="default"
                              onClick={() => setEditing(r)}
                              aria-label={`${t("edit")}: ${r.areaName ?? r.areaCode} ${t(`kinds.${r.kind}`)}`}
                            >
                              {t("edit")}
                            </Button>
                            {r.kind === "plan" && r.measure !== "coverage_percent" && r.areaCode === areaCode ? (
                              <Button size="compact-xs" variant="light" onClick={() => setAllocating(r)} data-testid={`allocate-${r.id}`}>
                                {t("allocate")}
                              </Button>
                            ) : null}
                          </Group>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
          {allocating ? (
            <AllocationPanel
              key={allocating.id}
              parent={allocating}
              onClose={() => setAllocating(null)}
              onSaved={(sum) => {
                setNotice(t("allocation.saved", { sum: nf.format(sum) }));
                setAllocating(null);
                refresh();
              }}
            />
          ) : null}
          {year <= 2025 ? <MappedView areaCode={areaCode} year={year} scheme={scheme} /> : null}
        </>
      ) : null}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === "new" ? t("create") : t("edit")} size="lg">
        {editing !== null ? (
          <TargetForm
            target={editing === "new" ? null : editing}
            areaCode={areaCode}
            scheme={scheme}
            year={year}
            onDone={() => {
              setNotice(t(editing === "new" ? "created" : "saved"));
              setEditing(null);
              refresh();
            }}
          />
        ) : null}
      </Modal>
      <Modal opened={copying} onClose={() => setCopying(false)} title={t("copy.title", { from: year - 1, to: year })} size="xl">
        <Stack>
          {copyPreview.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(copyPreview.error, locale)}
            </Alert>
          ) : null}
          {copyPreview.data ? (
            copyPreview.data.rows.length === 0 ? (
              <Text>{t("copy.none", { year: year - 1 })}</Text>
            ) : (
              <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": t("scrollCopy") }}>
                <Table withTableBorder miw={560} data-testid="copy-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("area")}</Table.Th>
                      <Table.Th>{t("kind")}</Table.Th>
                      <Table.Th>{t("period")}</Table.Th>
                      <Table.Th ta="right">{t("value")}</Table.Th>
                      <Table.Th>{t("copy.status")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {copyPreview.data.rows.map((r) => (
                      <Table.Tr key={r.from.id}>
                        <Table.Td>
                          {r.from.areaName ?? ""} ({r.from.areaCode})
                        </Table.Td>
                        <Table.Td>{t(`kinds.${r.from.kind}`)}</Table.Td>
                        <Table.Td>{`${formatDisplayDate(r.to.periodStart)} – ${formatDisplayDate(r.to.periodEnd)}`}</Table.Td>
                        <Table.Td ta="right">{nf.format(r.to.value)}</Table.Td>
                        <Table.Td>{t(`copy.statuses.${r.status}`)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            )
          ) : null}
          <Group justify="end">
            <Button
              disabled={!copyPreview.data || copyPreview.data.saved || !copyPreview.data.rows.some((r) => r.status === "new")}
              loading={copyPreview.isPending}
              onClick={() =>
                copyPreview.mutate(true, {
                  onSuccess: (r) => {
                    setNotice(t("copy.done", { count: r.created }));
                    setCopying(false);
                    refresh();
                  },
                })
              }
              data-testid="copy-save"
            >
              {t("copy.save")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
