"use client";

import "./print.css";
import { QueryError } from "@/components/query-error";
import { useApiQuery } from "@/trpc/hooks";
import { Anchor, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { Loading, useDashboardParams, useFigures } from "../dashboard-parts";

/** "Huyện U Minh Thượng" → "U Minh Thượng": a unit's name without its kind, as a place is written. */
function placeName(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn|Đặc khu)\s+/u, "");
}

/**
 * The head of an administrative document (Nghị định 30/2020/NĐ-CP): on the left the superior body
 * and the reporting office, on the right the national name and motto, then place and date. In
 * Vietnamese whatever the screen's language: it is the form an office sends upward.
 */
type Unit = { name: string; level: string; unitType?: string | null };
/** "BẢO HIỂM XÃ HỘI HUYỆN U MINH THƯỢNG": the office of a unit, by its kind and name. */
const officeOf = (u: Unit) => `BẢO HIỂM XÃ HỘI ${[u.unitType, u.name].filter(Boolean).join(" ").toLocaleUpperCase("vi")}`;

function DocumentHeader({ area, path, onDate }: { area: Unit; path: Unit[]; onDate: string }) {
  const province = area.level === "province" ? area : path.find((p) => p.level === "province");
  const national = area.level === "country";
  const office = national ? "BẢO HIỂM XÃ HỘI VIỆT NAM" : officeOf(area);
  const superior = national ? null : area.level === "province" || !province ? "BẢO HIỂM XÃ HỘI VIỆT NAM" : officeOf(province);
  const [y, m, d] = onDate.split("-");
  return (
    <div className="document-header" lang="vi" data-testid="print-header">
      <div className="document-header-row">
        <div className="document-header-left">
          {superior ? <div>{superior}</div> : null}
          <div className="strong underlined">{office}</div>
        </div>
        <div className="document-header-right">
          <div className="strong">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
          <div className="strong underlined">Độc lập - Tự do - Hạnh phúc</div>
        </div>
      </div>
      <div className="document-header-date" data-testid="print-place-date">
        {placeName(province && area.level !== "district" ? province.name : area.name)}, ngày {d} tháng {m} năm {y}
      </div>
    </div>
  );
}

/** Places for the signatures under the report: who made it and the head of the office. */
function Signatures() {
  return (
    <div className="signatures" lang="vi" data-testid="print-signatures">
      <div>
        <div className="strong">NGƯỜI LẬP BIỂU</div>
        <div className="hint">(Ký, ghi rõ họ tên)</div>
      </div>
      <div>
        <div className="strong">THỦ TRƯỞNG ĐƠN VỊ</div>
        <div className="hint">(Ký tên, đóng dấu)</div>
      </div>
    </div>
  );
}

/** The report on paper: the same figures as the dashboard, as tables (charts do not print well). */
export function PrintView() {
  const t = useTranslations("dashboard");
  const { area, date, scheme, hrefWith } = useDashboardParams();
  const { n, pct } = useFigures();
  const summary = useApiQuery("dashboard.summary", area ? { code: area, onDate: date, scheme } : null);
  const s = summary.data;
  const status = (v: string | null | undefined) => t(`status.${(v ?? "none") as "none"}`);
  return (
    <Stack className="print-report" gap="sm">
      <Group className="no-print">
        <Button onClick={() => window.print()} data-testid="print-now">
          {t("printNow")}
        </Button>
        <Anchor component={Link} href={hrefWith({}, "/dashboard")}>
          {t("backToDashboard")}
        </Anchor>
      </Group>
      {!area ? (
        <Text c="dimmed">{t("noArea")}</Text>
      ) : summary.isPending ? (
        <Loading label={t("loading")} />
      ) : summary.isError ? (
        <QueryError title={t("error")} error={summary.error} onRetry={() => void summary.refetch()} />
      ) : s ? (
        <>
          <DocumentHeader area={s.area} path={s.path} onDate={s.onDate} />
          <Title order={1} size="h3" ta="center">
            {t("printTitle")} — {t(`schemes.${s.scheme}`)}
          </Title>
          <Text>
            {[...s.path.map((p) => p.name), s.area.name].join(" › ")} · {t("printedOn", { date: formatDisplayDate(s.onDate) })} ·{" "}
            {t("planPeriod", { start: formatDisplayDate(s.plan.period.start), end: formatDisplayDate(s.plan.period.end) })}
          </Text>
          <table data-testid="print-kpis">
            <tbody>
              <tr>
                <th scope="row">{t("kpi.newEnrolments")}</th>
                <td className="num">
                  {n(s.kpis.newEnrolments.achieved)} / {n(s.kpis.newEnrolments.target)} ({pct(s.kpis.newEnrolments.percent)}) —{" "}
                  {status(s.kpis.newEnrolments.status)}
                </td>
              </tr>
              <tr>
                <th scope="row">{t("kpi.expected")}</th>
                <td className="num">{n(s.kpis.expectedToDate)}</td>
              </tr>
              <tr>
                <th scope="row">{t("kpi.active")}</th>
                <td className="num">{n(s.kpis.active)}</td>
              </tr>
              <tr>
                <th scope="row">{t("kpi.lapsed")}</th>
                <td className="num">{n(s.kpis.lapsed)}</td>
              </tr>
              <tr>
                <th scope="row">{t("kpi.coverage")}</th>
                <td className="num">
                  {s.kpis.healthCoverage.known ? pct(s.kpis.healthCoverage.percent) : t("kpi.unknown")}
                  {s.kpis.healthCoverage.goal
                    ? ` — ${t("kpi.goal", { year: String(s.kpis.healthCoverage.goal.year), percent: pct(s.kpis.healthCoverage.goal.percent), source: s.kpis.healthCoverage.goal.source })}`
                    : ""}
                </td>
              </tr>
            </tbody>
          </table>
          <Title order={3} size="h4">
            {t("children")}
          </Title>
          <table data-testid="print-children">
            <thead>
              <tr>
                <th>{t("col.rank")}</th>
                <th>{t("col.area")}</th>
                <th>{t("col.achieved")}</th>
                <th>{t("col.progress")}</th>
                <th>{t("col.status")}</th>
                <th>{t("col.minimum")}</th>
                <th>{t("col.active")}</th>
                <th>{t("col.coverage")}</th>
              </tr>
            </thead>
            <tbody>
              {s.children.map((c) => (
                <tr key={c.code}>
                  <td className="num">{c.rank ?? "—"}</td>
                  <td>{c.name}</td>
                  <td className="num">{c.progress ? `${n(c.achieved)} / ${n(c.progress.target)}` : n(c.achieved)}</td>
                  <td className="num">{pct(c.progress?.percent)}</td>
                  <td>{status(c.progress?.status)}</td>
                  <td className="num">{c.minimum ? `${n(c.minimum.achieved)} / ${n(c.minimum.target)}` : "—"}</td>
                  <td className="num">{n(c.active)}</td>
                  <td className="num">{c.coverage.known ? pct(c.coverage.percent) : "—"}</td>
                </tr>
              ))}
              <tr className="totals">
                <td />
                <td>{t("total")}</td>
                <td className="num">
                  {n(s.kpis.newEnrolments.achieved)} / {n(s.kpis.newEnrolments.target)}
                </td>
                <td className="num">{pct(s.kpis.newEnrolments.percent)}</td>
                <td>{status(s.kpis.newEnrolments.status)}</td>
                <td />
                <td className="num">{n(s.kpis.active)}</td>
                <td className="num">{s.kpis.healthCoverage.known ? pct(s.kpis.healthCoverage.percent) : "—"}</td>
              </tr>
            </tbody>
          </table>
          <Title order={3} size="h4">
            {t("funnel")}
          </Title>
          <Text data-testid="print-funnel">
            {t("attendances")}: {n(s.funnel.attendances)} → {t("funnelVoluntary")}: {n(s.funnel.voluntary.enrolments)} ({pct(s.funnel.voluntary.percent)}) +{" "}
            {t("funnelHousehold")}: {n(s.funnel.household.enrolments)} ({pct(s.funnel.household.percent)})
          </Text>
          <Signatures />
        </>
      ) : null}
    </Stack>
  );
}
