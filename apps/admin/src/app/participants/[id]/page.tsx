"use client";

import { QueryError } from "@/components/query-error";
import { showDate, showPhone, StatusBadge } from "@/components/registry/registry-ui";
import { apiError } from "@/trpc/error-message";
import { useApiQuery } from "@/trpc/hooks";
import { Alert, Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useParams } from "next/navigation";
import type { ReactNode } from "react";
import { formatVnd, type SupportGroup } from "@ansinh/domain/contributions";
import { supportGroupsLabel } from "@ansinh/domain/registry";

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text data-testid={testId}>{children}</Text>
    </div>
  );
}

/** A table that scrolls sideways on a phone rather than squeezing its columns. */
function Scroll({ children, label }: { children: ReactNode; label: string }) {
  return (
    <Table.ScrollContainer minWidth={560} scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": label } }}>
      {children}
    </Table.ScrollContainer>
  );
}

export default function ParticipantPage() {
  const t = useTranslations("registry");
  const lang = useLocale() === "en" ? "en" : "vi";
  const params = useParams<{ id: string }>();
  const id = Number(params.id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const q = useApiQuery("participants.get", valid ? { id } : null, { retry: false });
  const back = (
    <Anchor component={Link} href="/participants">
      {t("backToList")}
    </Anchor>
  );
  const notFound = !valid || apiError(q.error)?.code === "PARTICIPANT.NOT_FOUND";
  if (notFound)
    return (
      <Stack>
        <Title order={1} size="h2">
          {t("notFoundTitle")}
        </Title>
        <Alert color="orange" data-testid="not-found">
          {t("notFound")}
        </Alert>
        {back}
      </Stack>
    );
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loader size="sm" />;
  const p = q.data;
  return (
    <Stack>
      {back}
      <Title order={1} size="h2" data-testid="participant-title">
        {p.fullName}
      </Title>
      {p.masked ? (
        <Alert color="blue" data-testid="masked-note">
          {t("masked")}
        </Alert>
      ) : null}
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t("statusNow", { date: showDate(p.onDate) })}
        </Title>
        <Stack gap={6}>
          {p.statuses.length === 0 ? <Text>{t("none")}</Text> : null}
          {p.statuses.map(({ scheme, status: s }) => (
            <Group key={scheme} gap="xs">
              <StatusBadge scheme={scheme} status={s.status} />
              <Text size="sm">
                {s.status === "active" || s.status === "due"
                  ? t("activeUntil", { date: showDate(s.coveredUntil), days: s.daysLeft })
                  : s.status === "lapsed"
                    ? t("lapsedSince", { date: showDate(s.since) })
                    : s.startsOn
                      ? t("startsOn", { date: showDate(s.startsOn) })
                      : ""}
              </Text>
            </Group>
          ))}
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t("person")}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Field label={t("personalId")} testId="personal-id">
            {p.personalId}
          </Field>
          <Field label={t("siNumber")}>{p.socialInsuranceNumber ?? "—"}</Field>
          <Field label={t("birthDate")}>{showDate(p.birthDate)}</Field>
          <Field label={t("gender")}>{t(p.gender)}</Field>
          <Field label={t("ethnicity")}>{p.ethnicity ?? "—"}</Field>
          <Field label={t("phone")} testId="phone">
            {showPhone(p.phone)}
          </Field>
          <Field label={t("commune")}>{p.communeName ? `${p.communeName} (${p.communeCode})` : p.communeCode}</Field>
          {p.supportGroups !== null ? (
            <Field label={t("supportGroup")} testId="support-group">
              {supportGroupsLabel(p.supportGroups as SupportGroup[], lang)}
            </Field>
          ) : null}
        </SimpleGrid>
      </Card>
      {p.healthCard ? (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            {t("healthCard")}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
            <Field label={t("cardCode")} testId="card-code">
              {p.healthCard.code ?? t("noCardCode")}
            </Field>
            <Field label={t("cardValidity")}>
              {p.healthCard.validFrom ? t("cardValidityRange", { from: showDate(p.healthCard.validFrom), to: showDate(p.healthCard.validTo) }) : "—"}
            </Field>
            <Field label={t("facility")}>
              {p.healthCard.facilityCode ? `${p.healthCard.facilityCode}${p.healthCard.facilityName ? ` — ${p.healthCard.facilityName}` : ""}` : "—"}
            </Field>
          </SimpleGrid>
        </Card>
      ) : null}
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t("household")}
        </Title>
        {p.household ? (
          <Stack gap="xs">
            <Group gap="lg">
              <Field label={t("householdCode")}>{p.household.code}</Field>
              <Field label={t("relationship")}>{p.relationship ?? "—"}</Field>
            </Group>
            <Text fw={600} size="sm">
              {t("members")}
            </Text>
            <Scroll label={t("members")}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("name")}</Table.Th>
                    <Table.Th>{t("personalId")}</Table.Th>
                    <Table.Th>{t("birthDate")}</Table.Th>
                    <Table.Th>{t("relationship")}</Table.Th>
                    <Table.Th>{t("cardCodeShort")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.members.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>
                        {m.id === p.id ? (
                          m.fullName
                        ) : (
                          <Anchor component={Link} href={`/participants/${m.id}`}>
                            {m.fullName}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td>{m.personalId}</Table.Td>
                      <Table.Td>{showDate(m.birthDate)}</Table.Td>
                      <Table.Td>{m.relationship ?? "—"}</Table.Td>
                      <Table.Td data-testid="member-card-code">{m.cardCode ?? t("noCardCodeShort")}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Scroll>
          </Stack>
        ) : (
          <Text size="sm">{t("noHousehold")}</Text>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t("enrolments")}
        </Title>
        <Scroll label={t("enrolments")}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("scheme")}</Table.Th>
                <Table.Th>{t("kind")}</Table.Th>
                <Table.Th>{t("start")}</Table.Th>
                <Table.Th>{t("months")}</Table.Th>
                <Table.Th>{t("amount")}</Table.Th>
                <Table.Th>{t("agent")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.enrolments.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    {t(`schemes.${e.scheme}`)}
                    {e.status === "cancelled" ? (
                      <Badge ml={4} color="gray" tt="none">
                        ×
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{t(`kinds.${e.kind}`)}</Table.Td>
                  <Table.Td>{showDate(e.startDate)}</Table.Td>
                  <Table.Td>{e.months}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatVnd(e.amount, lang)}</Table.Td>
                  <Table.Td>{e.agentName ?? "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          {t("payments")}
        </Title>
        <Scroll label={t("payments")}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("scheme")}</Table.Th>
                <Table.Th>{t("receiptDate")}</Table.Th>
                <Table.Th>{t("receiptNumber")}</Table.Th>
                <Table.Th>{t("start")}</Table.Th>
                <Table.Th>{t("coverTo")}</Table.Th>
                <Table.Th>{t("amount")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.payments.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{t(`schemes.${x.scheme}`)}</Table.Td>
                  <Table.Td>{showDate(x.receiptDate)}</Table.Td>
                  <Table.Td>{x.receiptNumber}</Table.Td>
                  <Table.Td>{showDate(x.card?.validFrom ?? x.coverFrom)}</Table.Td>
                  <Table.Td>{showDate(x.card?.validTo ?? x.coverTo)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatVnd(x.amount, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Scroll>
      </Card>
    </Stack>
  );
}
