"use client";

import "../../dashboard/print/print.css";
import { QueryError } from "@/components/query-error";
import { showPhone } from "@/components/registry/registry-ui";
import { trpc } from "@/trpc/client";
import type { QueryOutput } from "@/trpc/hooks";
import { Anchor, Button, Group, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { formatVnd } from "@ansinh/domain/contributions";
import { addDays, formatDisplayDate } from "@ansinh/domain/dates";

type Row = QueryOutput<"worklist.list">["rows"][number];
/** A round is a morning's work: a few hundred people at most are printed (the rest stay on the screen's list). */
const MAX_ROWS = 600;
const PAGE = 200;

/** The caller's whole worklist (up to MAX_ROWS), in the domain's order, page after page (keyset). */
async function wholeList(): Promise<{ rows: Row[]; onDate: string; more: boolean }> {
  const rows: Row[] = [];
  let after: string | undefined;
  let onDate = "";
  for (;;) {
    const page = await trpc.worklist.list.query({ limit: PAGE, ...(after ? { after } : {}) });
    onDate = page.onDate;
    rows.push(...page.rows);
    if (!page.nextCursor) return { rows, onDate, more: false };
    if (rows.length >= MAX_ROWS) return { rows, onDate, more: true };
    after = page.nextCursor;
  }
}

/**
 * Printable lists for door-to-door rounds: the worklist grouped by commune, one list
 * per commune on its own page, each person with their household's address, phone, what is due and
 * by when, the last outcome, and an empty column for what the visit comes to. In Vietnamese,
 * whatever the screen's language: it is a paper a collector carries. Print CSS of the dashboard's
 * report (A4, the application's frame left out).
 */
export function RoundsView() {
  const t = useTranslations("worklist.rounds");
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const commune = params.get("commune") ?? "";
  const q = useQuery({ queryKey: ["worklist.rounds"], queryFn: wholeList });
  const rows = q.data?.rows ?? [];
  const communes = new Map<string, string>();
  for (const r of rows) communes.set(r.communeCode, r.communeName ?? r.communeCode);
  const groups = [...communes.entries()]
    .filter(([code]) => !commune || code === commune)
    .sort((a, b) => a[1].localeCompare(b[1], "vi"))
    .map(([code, name]) => ({ code, name, rows: rows.filter((r) => r.communeCode === code) }));
  const schemeVi = { voluntary_social_insurance: "BHXH tự nguyện", household_health_insurance: "BHYT hộ gia đình" } as const;
  const outcomeVi: Record<string, string> = {
    paid: "Đã đóng",
    promised: "Hẹn ngày đóng",
    moved: "Đã chuyển đi",
    refuses: "Không tiếp tục tham gia",
    cannot_afford: "Không đủ khả năng đóng",
    died: "Đã mất",
    compulsory_insurance: "Đã tham gia BHXH bắt buộc",
  };
  return (
    <Stack className="print-report" data-testid="rounds">
      <Group className="no-print" gap="xs" wrap="wrap" align="end">
        <Anchor component={Link} href="/worklist">
          {t("back")}
        </Anchor>
        <NativeSelect
          label={t("commune")}
          value={commune}
          onChange={(e) => {
            const next = new URLSearchParams(params.toString());
            if (e.currentTarget.value) next.set("commune", e.currentTarget.value);
            else next.delete("commune");
            router.replace(`${pathname}?${next.toString()}`);
          }}
          data={[{ value: "", label: t("allCommunes") }, ...[...communes.entries()].map(([value, label]) => ({ value, label }))]}
          data-testid="rounds-commune"
        />
        <Button onClick={() => window.print()} data-testid="rounds-print">
          {t("print")}
        </Button>
      </Group>
      {q.isPending ? (
        <Text role="status">{t("loading")}</Text>
      ) : q.isError ? (
        <QueryError title={t("error")} error={q.error} onRetry={() => void q.refetch()} />
      ) : groups.length === 0 ? (
        <Text>{t("empty")}</Text>
      ) : (
        <>
          {q.data?.more ? (
            <Text className="no-print" size="sm" c="dimmed">
              {t("more", { n: MAX_ROWS })}
            </Text>
          ) : null}
          {groups.map((g, i) => (
            <section
              key={g.code}
              lang="vi"
              data-testid={`round-${g.code}`}
              style={i > 0 ? { breakBefore: "page" } : undefined}
              aria-labelledby={`round-title-${g.code}`}
            >
              <Title order={1} size="h3" id={`round-title-${g.code}`}>
                Danh sách vận động đóng tiếp — {g.name}
              </Title>
              <Text size="sm">
                Lập ngày {formatDisplayDate(q.data!.onDate)} · {g.rows.length} người
              </Text>
              <table>
                <thead>
                  <tr>
                    <th scope="col">STT</th>
                    <th scope="col">Họ và tên</th>
                    <th scope="col">Hộ / địa chỉ</th>
                    <th scope="col">Điện thoại</th>
                    <th scope="col">Loại hình</th>
                    <th scope="col">Hạn đóng</th>
                    <th scope="col" className="num">
                      Số tiền cần đóng
                    </th>
                    <th scope="col">Lần liên hệ trước</th>
                    <th scope="col" style={{ minWidth: "30mm" }}>
                      Kết quả lần này
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {g.rows.map((r, k) => (
                    <tr key={`${r.participantId}-${r.scheme}`} data-testid="round-row">
                      <td className="num">{k + 1}</td>
                      <td>{r.fullName}</td>
                      <td>{[r.householdCode, r.address].filter(Boolean).join(" — ") || "—"}</td>
                      <td>{showPhone(r.phone)}</td>
                      <td>{schemeVi[r.scheme]}</td>
                      <td>{r.status === "lapsed" ? `Ngừng từ ${formatDisplayDate(addDays(r.coveredUntil, 1))}` : formatDisplayDate(r.coveredUntil)}</td>
                      <td className="num">{r.amountDue === null ? "—" : formatVnd(r.amountDue, "vi")}</td>
                      <td>
                        {r.lastOutcome ? outcomeVi[r.lastOutcome] : ""}
                        {r.promisedOn ? ` ${formatDisplayDate(r.promisedOn)}` : ""}
                      </td>
                      <td></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="signatures">
                <div>
                  <div className="strong">NHÂN VIÊN THU</div>
                  <div className="hint">(Ký, ghi rõ họ tên)</div>
                </div>
              </div>
            </section>
          ))}
        </>
      )}
    </Stack>
  );
}
