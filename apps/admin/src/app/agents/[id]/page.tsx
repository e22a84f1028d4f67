"use client";

import { DateField } from "@/components/date-field";
import { QueryError } from "@/components/query-error";
import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { queryKeyOf, useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useMemo, useState } from "react";
import { formatVnd } from "@ansinh/domain/contributions";
import { formatDisplayDate, todayInVietnam } from "@ansinh/domain/dates";
import { AgentForm } from "../agent-form";

type Perf = QueryOutput<"agents.performance">["rows"][number];
const kinds = ["new", "renewal", "returning"] as const;

/** Rows of the performance table: one per collector and scheme, counts by kind and the amount. */
function summarise(rows: Perf[], unassigned: string) {
  const out = new Map<string, { collector: string; scheme: string; counts: Record<string, number>; amount: number }>();
  for (const r of rows) {
    const key = `${r.collectorId ?? ""}|${r.scheme}`;
    const row = out.get(key) ?? { collector: r.collectorName ?? unassigned, scheme: r.scheme, counts: { new: 0, renewal: 0, returning: 0 }, amount: 0 };
    row.counts[r.kind] = (row.counts[r.kind] ?? 0) + r.enrolments;
    row.amount += r.amount;
    out.set(key, row);
  }
  return [...out.values()];
}

export default function AgentPage() {
  const t = useTranslations("agents");
  const locale = useLocale();
  const qc = useQueryClient();
  const params = useParams<{ id: string }>();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0 && id <= 2_147_483_647;
  const agent = useApiQuery("agents.get", valid ? { id } : null, { retry: false });
  const thisYear = todayInVietnam().slice(0, 4);
  const [from, setFrom] = useState(`${thisYear}-01-01`);
  const [to, setTo] = useState(todayInVietnam());
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState<string | null>(null);
  const perf = useApiQuery("agents.performance", valid && from <= to ? { agentId: id, period: { from, to } } : null, { retry: false });
  const a = agent.data;
  const candidates = useApiQuery("agents.candidates", a?.mayManage ? { id } : null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: queryKeyOf("agents.get") });
    void qc.invalidateQueries({ queryKey: queryKeyOf("agents.list") });
  };
  const add = useMutation({
    mutationFn: (userId: string) => trpc.agents.addCollector.mutate({ agentId: id, userId }),
    onSuccess: () => {
      setAdding(null);
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (userId: string) => trpc.agents.removeCollector.mutate({ agentId: id, userId }), onSuccess: refresh });
  const summary = useMemo(() => summarise(perf.data?.rows ?? [], t("unassigned")), [perf.data, t]);
  const years = Array.from({ length: Number(thisYear) - 2019 }, (_, i) => String(Number(thisYear) - i));

  if (!valid) return <Alert color="orange">{t("notFound")}</Alert>;
  if (agent.isPending) return <Loader size="sm" />;
  if (agent.isError || !a) {
    return (
      <Stack>
        <QueryError error={agent.error} onRetry={() => void agent.refetch()} />
        <Anchor component={Link} href="/agents">
          {t("back")}
        </Anchor>
      </Stack>
    );
  }
  const candidateOptions = (candidates.data ?? [])
    .filter((c) => !a.collectorList.some((x) => x.userId === c.userId))
    .map((c) => ({ value: c.userId, label: `${c.name} (${c.email})` }));
  return (
    <Stack>
      <Anchor component={Link} href="/agents" size="sm">
        {t("back")}
      </Anchor>
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {a.name}
          </Title>
          <Group gap="xs">
            <Badge tt="none" variant="light">
              {t(`kinds.${a.kind}`)}
            </Badge>
            <Badge tt="none" color={a.active ? "green" : "gray"} variant="dot">
              {a.active ? t("active") : t("inactive")}
            </Badge>
            <Text size="sm">{t("areaOf", { area: `${a.areaName ?? ""} (${a.areaCode})`, date: formatDisplayDate(a.areaValidOn) })}</Text>
          </Group>
        </Stack>
        {a.mayManage ? (
          <Button variant="default" onClick={() => setEditing(true)}>
            {t("edit")}
          </Button>
        ) : null}
      </Group>

      <Paper withBorder p="md">
        <Stack>
          <Title order={3}>{t("collectorsTitle")}</Title>
          {a.collectorList.length === 0 ? <Text c="dimmed">{a.mayManage ? t("noCollectorsManage") : t("noCollectors")}</Text> : null}
          {a.collectorList.map((c) => (
            <Group key={c.userId} justify="space-between" wrap="nowrap">
              <Text>
                {c.name}{" "}
                <Text span c="dimmed" size="sm">
                  {c.email}
                </Text>
              </Text>
              {a.mayManage ? (
                <Button
                  size="compact-xs"
                  color="red"
                  variant="light"
                  loading={remove.isPending && remove.variables === c.userId}
                  onClick={() => remove.mutate(c.userId)}
                  aria-label={`${t("removeCollector")}: ${c.name}`}
                >
                  {t("removeCollector")}
                </Button>
              ) : null}
            </Group>
          ))}
          {a.mayManage ? (
            <Group align="end" wrap="wrap">
              <Select
                label={t("addCollector")}
                description={t("addCollectorHint")}
                placeholder={candidateOptions.length === 0 ? t("noCandidates") : undefined}
                data={candidateOptions}
                value={adding}
                onChange={setAdding}
                searchable
                w={{ base: "100%", xs: 360 }}
                error={add.isError ? errorMessage(add.error, locale) : undefined}
              />
              <Button disabled={!adding} loading={add.isPending} onClick={() => adding && add.mutate(adding)}>
                {t("add")}
              </Button>
            </Group>
          ) : null}
          {remove.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(remove.error, locale)}
            </Alert>
          ) : null}
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Stack>
          <Title order={3}>{t("performanceTitle")}</Title>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <Select
              label={t("year")}
              data={years}
              value={from.slice(0, 4) === to.slice(0, 4) && from.endsWith("-01-01") ? from.slice(0, 4) : null}
              onChange={(y) => {
                if (!y) return;
                setFrom(`${y}-01-01`);
                setTo(y === thisYear ? todayInVietnam() : `${y}-12-31`);
              }}
            />
            <DateField label={t("from")} value={from} onChange={(d) => d && setFrom(d)} />
            <DateField label={t("to")} value={to} onChange={(d) => d && setTo(d)} error={from > to ? t("errors.period") : undefined} />
          </SimpleGrid>
          {perf.isError ? <QueryError error={perf.error} onRetry={() => void perf.refetch()} /> : null}
          {perf.data && summary.length === 0 ? (
            <Text c="dimmed" data-testid="performance-empty">
              {t("noPerformance")}
            </Text>
          ) : null}
          {summary.length > 0 ? (
            <Table.ScrollContainer
              minWidth={560}
              type="native"
              tabIndex={0}
              aria-label={t("performanceCaption", { from: formatDisplayDate(from), to: formatDisplayDate(to) })}
            >
              <Table striped data-testid="performance">
                <Table.Caption>{t("performanceCaption", { from: formatDisplayDate(from), to: formatDisplayDate(to) })}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("collector")}</Table.Th>
                    <Table.Th scope="col">{t("scheme")}</Table.Th>
                    {kinds.map((k) => (
                      <Table.Th scope="col" key={k} ta="right">
                        {t(`enrolmentKinds.${k}`)}
                      </Table.Th>
                    ))}
                    <Table.Th scope="col" ta="right">
                      {t("amount")}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.map((r) => (
                    <Table.Tr key={`${r.collector}|${r.scheme}`}>
                      <Table.Td>{r.collector}</Table.Td>
                      <Table.Td>{t(`schemes.${r.scheme}`)}</Table.Td>
                      {kinds.map((k) => (
                        <Table.Td key={k} ta="right">
                          {r.counts[k] ?? 0}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                        {formatVnd(r.amount, locale === "en" ? "en" : "vi")}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Stack>
      </Paper>

      <Modal opened={editing} onClose={() => setEditing(false)} title={`${t("edit")}: ${a.name}`} size="lg">
        {editing ? (
          <AgentForm
            agent={a}
            onDone={() => {
              setEditing(false);
              refresh();
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
