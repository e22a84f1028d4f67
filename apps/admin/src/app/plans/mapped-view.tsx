"use client";

import { errorMessage } from "@/trpc/error-message";
import { useApiQuery } from "@/trpc/hooks";
import { Alert, Button, Group, ScrollArea, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";

const splits = ["communes", "equal", "population"] as const;

/** A pre-2025 plan of the area's children shown on the 2025 communes, with the mapping used. */
export function MappedView({ areaCode, year, scheme }: { areaCode: string; year: number; scheme: string }) {
  const t = useTranslations("plans");
  const locale = useLocale();
  const nf = new Intl.NumberFormat(locale === "en" ? "en-US" : "vi-VN");
  const [open, setOpen] = useState(false);
  const [split, setSplit] = useState<(typeof splits)[number]>("communes");
  const countScheme = scheme === "voluntary_social_insurance" || scheme === "household_health_insurance";
  const mapped = useApiQuery("targets.mapped", open && countScheme ? { areaCode, year, scheme: scheme as "voluntary_social_insurance", split } : null, {
    retry: false,
  });
  if (!countScheme) return null;
  return (
    <Stack data-testid="mapped-view">
      <Group justify="space-between">
        <Title order={3}>{t("mapped.title")}</Title>
        <Button variant="default" size="xs" onClick={() => setOpen((o) => !o)} data-testid="mapped-toggle">
          {open ? t("mapped.hide") : t("mapped.show")}
        </Button>
      </Group>
      {open ? (
        <>
          <Text size="sm" c="dimmed">
            {t("mapped.intro")}
          </Text>
          <div>
            <Text size="sm" fw={500} id="split-label">
              {t("mapped.split")}
            </Text>
            <SegmentedControl
              aria-labelledby="split-label"
              value={split}
              onChange={(v) => setSplit(v as typeof split)}
              data={splits.map((s) => ({ value: s, label: t(`mapped.splits.${s}`) }))}
            />
          </div>
          {mapped.isError ? (
            <Alert color="orange" role="alert">
              {errorMessage(mapped.error, locale)}
            </Alert>
          ) : null}
          {mapped.data ? (
            <>
              <Text size="sm">
                {t("mapped.era", {
                  old: formatDisplayDate(mapped.data.era.oldValidOn),
                  new: formatDisplayDate(mapped.data.era.newValidOn),
                  total: nf.format(mapped.data.total),
                })}
              </Text>
              {mapped.data.unmapped.length > 0 ? <Alert color="yellow">{t("mapped.unmapped", { codes: mapped.data.unmapped.join(", ") })}</Alert> : null}
              <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": t("scrollMapped") }}>
                <Table withTableBorder striped miw={360} data-testid="mapped-table">
                  <Table.Caption>{t("mapped.figuresCaption")}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("mapped.newUnit")}</Table.Th>
                      <Table.Th ta="right">{t("value")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {mapped.data.figures.map((f) => (
                      <Table.Tr key={f.code}>
                        <Table.Td>
                          {f.name ?? ""} ({f.code})
                        </Table.Td>
                        <Table.Td ta="right">{nf.format(f.value)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
              <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": t("scrollMapping") }} mah={360}>
                <Table withTableBorder miw={560} data-testid="mapping-table">
                  <Table.Caption>{t("mapped.mappingCaption")}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("mapped.via")}</Table.Th>
                      <Table.Th>{t("mapped.oldUnit")}</Table.Th>
                      <Table.Th>{t("mapped.newUnit")}</Table.Th>
                      <Table.Th>{t("mapped.overlap")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {mapped.data.mapping.map((m) => (
                      <Table.Tr key={`${m.oldCode}-${m.newCode}`}>
                        <Table.Td>{m.viaCode}</Table.Td>
                        <Table.Td>
                          {m.oldName ?? ""} ({m.oldCode})
                        </Table.Td>
                        <Table.Td>
                          {m.newName ?? ""} ({m.newCode})
                        </Table.Td>
                        <Table.Td>{m.overlap === "full" ? t("mapped.full") : t("mapped.partial")}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
