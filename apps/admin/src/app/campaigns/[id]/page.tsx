"use client";

import { QueryError } from "@/components/query-error";
import { queryKeyOf, useApiQuery, type QueryOutput } from "@/trpc/hooks";
import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { CampaignForm, EventForm, type CampaignRow, type EventRow } from "../campaign-forms";

type FunnelData = QueryOutput<"campaigns.funnel">;
type Step = FunnelData["total"]["total"];
interface Row {
  key: string;
  label: string;
  attendances: number | null;
  funnel: FunnelData["total"];
}

function useFormat() {
  const locale = useLocale();
  const n = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB");
  const p = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    count: (x: number | null) => (x === null ? "—" : n.format(x)),
    percent: (s: Step | number | null) => {
      const v = typeof s === "number" || s === null ? s : s.percent;
      return v === null ? "—" : `${p.format(v)}%`;
    },
  };
}

/**
 * A conversion rate; above 100% (more sign-ups than attendances: people enrolled through the
 * event who were not counted among its attendees, a whole household signed up by one) it says so
 * in words under the figure.
 */
function RateCell({ step, bold }: { step: Step; bold?: boolean }) {
  const t = useTranslations("campaigns");
  const f = useFormat();
  return (
    <Table.Td ta="right" fw={bold ? 700 : undefined}>
      {f.percent(step)}
      {step.exceedsAttendances ? (
        <Text size="xs" c="dimmed" fw={400} maw={180} ml="auto" style={{ whiteSpace: "normal" }} data-testid="rate-exceeds">
          {t("rateExceeds")}
        </Text>
      ) : null}
    </Table.Td>
  );
}

/** One funnel table: attendances (and their share), enrolments per scheme and the conversion rates. */
function FunnelTable({ caption, first, rows, total, testId }: { caption: string; first: string; rows: Row[]; total: FunnelData["total"]; testId: string }) {
  const t = useTranslations("campaigns");
  const f = useFormat();
  const share = (a: number | null) => (a === null || total.attendances === 0 ? null : Math.round((a / total.attendances) * 10_000) / 100);
  return (
    <Paper withBorder p="sm">
      <Title order={4} mb="xs">
        {caption}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("funnelEmpty")}
        </Text>
      ) : (
        <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": caption }}>
          <Table striped withTableBorder data-testid={testId} miw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{first}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("attendances")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("attendanceShare")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("voluntary")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("voluntaryRate")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("household")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("householdRate")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("totalRate")}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Th scope="row" fw={500}>
                    {r.label || t("none")}
                  </Table.Th>
                  <Table.Td ta="right">{f.count(r.attendances)}</Table.Td>
                  <Table.Td ta="right">{f.percent(share(r.attendances))}</Table.Td>
                  <Table.Td ta="right">{f.count(r.funnel.byScheme.voluntary_social_insurance.enrolments)}</Table.Td>
                  <RateCell step={r.funnel.byScheme.voluntary_social_insurance} />
                  <Table.Td ta="right">{f.count(r.funnel.byScheme.household_health_insurance.enrolments)}</Table.Td>
                  <RateCell step={r.funnel.byScheme.household_health_insurance} />
                  <RateCell step={r.funnel.total} />
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row">{t("total")}</Table.Th>
                <Table.Td ta="right" fw={700}>
                  {f.count(total.attendances)}
                </Table.Td>
                <Table.Td ta="right" fw={700}>
                  {total.attendances > 0 ? f.percent(100) : "—"}
                </Table.Td>
                <Table.Td ta="right" fw={700}>
                  {f.count(total.byScheme.voluntary_social_insurance.enrolments)}
                </Table.Td>
                <RateCell step={total.byScheme.voluntary_social_insurance} bold />
                <Table.Td ta="right" fw={700}>
                  {f.count(total.byScheme.household_health_insurance.enrolments)}
                </Table.Td>
                <RateCell step={total.byScheme.household_health_insurance} bold />
                <RateCell step={total.total} bold />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollArea>
      )}
    </Paper>
  );
}

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={26} fw={700}>
        {value}
      </Text>
      {hint ? <Text size="sm">{hint}</Text> : null}
    </Paper>
  );
}

export default function CampaignPage() {
  const t = useTranslations("campaigns");
  const qc = useQueryClient();
  const f = useFormat();
  const params = useParams<{ id: string }>();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0 && id <= 2_147_483_647;
  const campaign = useApiQuery("campaigns.get", valid ? { id } : null, { retry: false });
  const events = useApiQuery("campaigns.events", valid ? { campaignId: id, limit: 200 } : null);
  const funnel = useApiQuery("campaigns.funnel", valid ? { campaignId: id } : null);
  const [editing, setEditing] = useState(false);
  const [eventEditing, setEventEditing] = useState<EventRow | "new" | null>(null);
  const refresh = () => {
    for (const k of ["campaigns.get", "campaigns.events", "campaigns.funnel", "campaigns.list"] as const)
      void qc.invalidateQueries({ queryKey: queryKeyOf(k) });
  };

  const back = (
    <Anchor component={Link} href="/campaigns" size="sm">
      {t("back")}
    </Anchor>
  );
  if (!valid || (campaign.isError && (campaign.error as { data?: { httpStatus?: number } })?.data?.httpStatus === 404)) {
    return (
      <Stack>
        {back}
        <Alert color="yellow">{t("notFound")}</Alert>
      </Stack>
    );
  }
  if (campaign.isError) return <QueryError error={campaign.error} onRetry={() => void campaign.refetch()} />;
  if (!campaign.data) return <Loader aria-label={t("loading")} />;
  const c = campaign.data;
  const total = funnel.data?.total;
  return (
    <Stack>
      {back}
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {c.name}
          </Title>
          {c.theme ? <Text>{c.theme}</Text> : null}
          <Text size="sm" c="dimmed">
            {t("periodOf", { from: formatDisplayDate(c.startDate), to: formatDisplayDate(c.endDate) })} ·{" "}
            {t("areasOf", { areas: c.areas.map((a) => a.name ?? a.code).join(", ") })}
          </Text>
          <Group gap={4}>
            {c.partners.map((p) => (
              <Badge key={p} variant="light" tt="none">
                {p}
              </Badge>
            ))}
          </Group>
        </Stack>
        {c.mayManage ? (
          <Button variant="default" onClick={() => setEditing(true)}>
            {t("edit")}
          </Button>
        ) : null}
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Kpi
          testId="kpi-attendances"
          label={t("attendances")}
          value={total ? f.count(total.attendances) : "…"}
          hint={funnel.data ? t("eventsCount", { n: funnel.data.events }) : undefined}
        />
        <Kpi
          testId="kpi-voluntary"
          label={t("voluntary")}
          value={total ? f.count(total.byScheme.voluntary_social_insurance.enrolments) : "…"}
          hint={total ? t("conversion", { rate: f.percent(total.byScheme.voluntary_social_insurance) }) : undefined}
        />
        <Kpi
          testId="kpi-household"
          label={t("household")}
          value={total ? f.count(total.byScheme.household_health_insurance.enrolments) : "…"}
          hint={total ? t("conversion", { rate: f.percent(total.byScheme.household_health_insurance) }) : undefined}
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {t("graceNote", { days: c.graceDays })}
      </Text>

      <Group justify="space-between">
        <Title order={3}>{t("eventsTitle")}</Title>
        {c.mayManage ? <Button onClick={() => setEventEditing("new")}>{t("addEvent")}</Button> : null}
      </Group>
      {events.isError ? <QueryError error={events.error} onRetry={() => void events.refetch()} /> : null}
      {events.data && events.data.rows.length === 0 ? <Alert color="blue">{c.mayManage ? t("noEventsManage") : t("noEvents")}</Alert> : null}
      {events.data && events.data.rows.length > 0 ? (
        <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": t("eventsTitle") }}>
          <Table striped withTableBorder miw={760} data-testid="events-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("eventDate")}</Table.Th>
                <Table.Th scope="col">{t("type")}</Table.Th>
                <Table.Th scope="col">{t("eventTitle")}</Table.Th>
                <Table.Th scope="col">{t("eventArea")}</Table.Th>
                <Table.Th scope="col">{t("partner")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("attendances")}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("enrolments")}
                </Table.Th>
                {c.mayManage ? <Table.Th scope="col">{t("actions")}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDisplayDate(e.eventDate)}</Table.Td>
                  <Table.Td>{t(`types.${e.type}`)}</Table.Td>
                  <Table.Td>{e.title}</Table.Td>
                  <Table.Td>{`${e.areaName ?? ""} (${e.areaCode})`}</Table.Td>
                  <Table.Td>{e.partner ?? ""}</Table.Td>
                  <Table.Td ta="right">{f.count(e.attendances)}</Table.Td>
                  <Table.Td ta="right">{f.count(e.enrolments.voluntary_social_insurance + e.enrolments.household_health_insurance)}</Table.Td>
                  {c.mayManage ? (
                    <Table.Td>
                      {e.mayManage ? (
                        <Button
                          size="compact-xs"
                          variant="default"
                          onClick={() => setEventEditing(e)}
                          aria-label={`${t("edit")}: ${e.title || formatDisplayDate(e.eventDate)}`}
                        >
                          {t("edit")}
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      ) : null}

      <Title order={3}>{t("funnelTitle")}</Title>
      <Text size="sm" c="dimmed">
        {t("funnelIntro")}
      </Text>
      {funnel.isError ? <QueryError error={funnel.error} onRetry={() => void funnel.refetch()} /> : null}
      {funnel.data && total ? (
        <Stack>
          <FunnelTable
            testId="funnel-event"
            caption={t("byEvent")}
            first={t("event")}
            total={total}
            rows={funnel.data.byEvent.map((r) => ({ ...r, label: `${formatDisplayDate(r.event.eventDate)} · ${r.label || t(`types.${r.event.type}`)}` }))}
          />
          <FunnelTable testId="funnel-partner" caption={t("byPartner")} first={t("partner")} total={total} rows={funnel.data.byPartner} />
          <FunnelTable testId="funnel-agent" caption={t("byAgent")} first={t("agent")} total={total} rows={funnel.data.byAgent} />
          <FunnelTable
            testId="funnel-area"
            caption={funnel.data.byArea.areaName ? t("byAreaOf", { area: funnel.data.byArea.areaName }) : t("byArea")}
            first={t("area")}
            total={total}
            rows={funnel.data.byArea.rows.map((r) => (r.key === "" ? { ...r, label: t("elsewhere") } : r))}
          />
        </Stack>
      ) : null}

      <Modal opened={editing} onClose={() => setEditing(false)} title={`${t("edit")}: ${c.name}`} size="lg">
        {editing ? (
          <CampaignForm
            campaign={c as CampaignRow}
            onDone={() => {
              setEditing(false);
              refresh();
            }}
          />
        ) : null}
      </Modal>
      <Modal opened={eventEditing !== null} onClose={() => setEventEditing(null)} title={eventEditing === "new" ? t("addEvent") : t("editEvent")} size="lg">
        {eventEditing !== null ? (
          <EventForm
            campaign={c}
            event={eventEditing === "new" ? null : eventEditing}
            onDone={() => {
              setEventEditing(null);
              refresh();
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
