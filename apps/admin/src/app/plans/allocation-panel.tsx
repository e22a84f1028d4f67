"use client";

import { trpc } from "@/trpc/client";
import { errorMessage } from "@/trpc/error-message";
import { useDebouncedApiQuery } from "@/trpc/hooks";
import { Alert, Button, Group, NumberInput, ScrollArea, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { TargetRow } from "./target-form";

const bases = ["population", "working_age", "last_year_result", "equal"] as const;
type Basis = (typeof bases)[number];

/**
 * Shares a plan out among the children of its area: a basis, each child's minimum and locked
 * value, a preview (the domain's `allocate`, values summing exactly to the parent), then save.
 */
export function AllocationPanel({ parent, onSaved, onClose }: { parent: TargetRow; onSaved: (sum: number) => void; onClose: () => void }) {
  const t = useTranslations("plans");
  const locale = useLocale();
  const nf = new Intl.NumberFormat(locale === "en" ? "en-US" : "vi-VN");
  const [basis, setBasis] = useState<Basis>("population");
  const [rules, setRules] = useState<Record<string, { min?: number; locked?: number }>>({});
  const [sameMin, setSameMin] = useState<number | string>("");
  // Opened below the table: brought into view, its heading focused (keyboard and screen readers follow).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    heading.current?.focus({ preventScroll: true });
  }, []);
  const children = Object.entries(rules)
    .map(([code, r]) => ({ code, ...(r.min !== undefined ? { min: r.min } : {}), ...(r.locked !== undefined ? { locked: r.locked } : {}) }))
    .filter((c) => c.min !== undefined || c.locked !== undefined);
  const preview = useDebouncedApiQuery("targets.allocatePreview", { parentId: parent.id, basis, children });
  const setRule = (code: string, key: "min" | "locked", v: number | string) =>
    setRules((r) => {
      const next = { ...r[code] };
      if (v === "" || v === null) delete next[key];
      else next[key] = Number(v);
      return { ...r, [code]: next };
    });
  const save = useMutation({
    mutationFn: () =>
      trpc.targets.allocateSave.mutate({
        parentId: parent.id,
        parentVersion: parent.version,
        basis,
        children: (preview.data?.rows ?? []).map((r) => ({
          code: r.code,
          ...(rules[r.code]?.min !== undefined ? { min: rules[r.code]!.min } : {}),
          ...(rules[r.code]?.locked !== undefined ? { locked: rules[r.code]!.locked } : {}),
          ...(r.existing ? { version: r.existing.version } : {}),
        })),
      }),
    onSuccess: (r) => onSaved(r.sum),
  });
  const data = preview.data;
  return (
    <Stack data-testid="allocation-panel">
      <Group justify="space-between">
        <Title order={3} ref={heading} tabIndex={-1} data-testid="allocation-title">
          {t("allocation.title", { area: parent.areaName ?? parent.areaCode, value: nf.format(parent.value) })}
        </Title>
        <Button variant="default" size="xs" onClick={onClose}>
          {t("close")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t("allocation.intro")}
      </Text>
      <div>
        <Text size="sm" fw={500} id="basis-label">
          {t("allocation.basis")}
        </Text>
        <SegmentedControl
          aria-labelledby="basis-label"
          value={basis}
          onChange={(v) => setBasis(v as Basis)}
          data={bases.map((b) => ({ value: b, label: t(`bases.${b}`) }))}
          fullWidth
          orientation={undefined}
          style={{ flexWrap: "wrap" }}
        />
      </div>
      <Group align="end" gap="xs">
        <NumberInput
          label={t("allocation.sameMin")}
          description={t("allocation.sameMinHint")}
          w={220}
          min={0}
          allowDecimal={false}
          allowNegative={false}
          value={sameMin}
          onChange={setSameMin}
          data-testid="same-min"
        />
        <Button
          variant="default"
          disabled={!data}
          onClick={() =>
            setRules((r) => {
              const next = { ...r };
              for (const row of data?.rows ?? []) {
                const rule = { ...next[row.code] };
                if (sameMin === "") delete rule.min;
                else rule.min = Number(sameMin);
                next[row.code] = rule;
              }
              return next;
            })
          }
          data-testid="same-min-apply"
        >
          {t("allocation.sameMinApply")}
        </Button>
      </Group>
      {preview.isError ? (
        <Alert color="red" role="alert" data-testid="allocation-error">
          {errorMessage(preview.error, locale)}
        </Alert>
      ) : null}
      {data ? (
        <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": t("scrollAllocation") }}>
          <Table striped withTableBorder miw={640} data-testid="allocation-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("area")}</Table.Th>
                <Table.Th ta="right">{t(`bases.${basis}`)}</Table.Th>
                <Table.Th>{t("allocation.min")}</Table.Th>
                <Table.Th>{t("allocation.locked")}</Table.Th>
                <Table.Th ta="right">{t("allocation.value")}</Table.Th>
                <Table.Th>{t("allocation.how")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((r) => (
                <Table.Tr key={r.code} data-testid={`alloc-row-${r.code}`}>
                  <Table.Td>
                    {r.name} ({r.code})
                  </Table.Td>
                  <Table.Td ta="right">{basis === "equal" ? "1" : nf.format(r.weight)}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      w={100}
                      min={0}
                      allowDecimal={false}
                      aria-label={`${t("allocation.min")}: ${r.name}`}
                      value={rules[r.code]?.min ?? ""}
                      onChange={(v) => setRule(r.code, "min", v)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      w={100}
                      min={0}
                      allowDecimal={false}
                      aria-label={`${t("allocation.locked")}: ${r.name}`}
                      value={rules[r.code]?.locked ?? ""}
                      onChange={(v) => setRule(r.code, "locked", v)}
                    />
                  </Table.Td>
                  <Table.Td ta="right" fw={600} data-testid={`alloc-value-${r.code}`}>
                    {nf.format(r.value)}
                  </Table.Td>
                  <Table.Td>{t(`allocation.by.${r.basis}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th colSpan={4}>{t("allocation.total")}</Table.Th>
                <Table.Th ta="right" data-testid="alloc-sum">
                  {nf.format(data.sum)}
                </Table.Th>
                <Table.Th>{data.sum === data.parentValue ? t("allocation.equalsParent", { value: nf.format(data.parentValue) }) : null}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollArea>
      ) : null}
      {save.isError ? (
        <Alert color="red" role="alert" data-testid="allocation-save-error">
          {errorMessage(save.error, locale)}
        </Alert>
      ) : null}
      <Group justify="end">
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!data || preview.isError || preview.isFetching} data-testid="allocation-save">
          {t("allocation.save")}
        </Button>
      </Group>
    </Stack>
  );
}
