"use client";

import { Button, Group, Text } from "@mantine/core";
import { DataTable, type DataTableColumn, type DataTableRowExpansionProps, type DataTableSortStatus } from "mantine-datatable";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { QueryError } from "./query-error";

/**
 * Keyset pages: the API answers each page with the cursor of the next one; the
 * cursors of the pages seen are kept, so the table pages forward and back without OFFSET. `after`
 * goes in the query; `reset` when the filters or the sort change.
 */
export function useKeysetPages() {
  const [state, setState] = useState<{ page: number; cursors: (string | undefined)[] }>({ page: 1, cursors: [undefined] });
  return {
    page: state.page,
    after: state.cursors[state.page - 1],
    reset: () => setState({ page: 1, cursors: [undefined] }),
    /** To `page`: one on (with the cursor the current page answered) or any page back. */
    go: (page: number, nextCursor: string | null | undefined) =>
      setState((s) => {
        if (page <= s.page) return { page: Math.max(1, page), cursors: s.cursors };
        if (page !== s.page + 1 || !nextCursor) return s;
        return { page, cursors: [...s.cursors.slice(0, s.page), nextCursor] };
      }),
  };
}

/**
 * mantine-datatable names its sort icon in English ("Sorted ascending") with no way to pass our
 * words: the icons inside `children` are renamed in the reader's language as they appear.
 */
function SortNames({ children, ascending, descending }: { children: ReactNode; ascending: string; descending: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const rename = () => {
      for (const el of root.querySelectorAll<HTMLElement>('[aria-label="Sorted ascending"], [aria-label="Sorted descending"]')) {
        const label = el.getAttribute("aria-label") === "Sorted descending" ? descending : ascending;
        if (el.getAttribute("aria-label") !== label) el.setAttribute("aria-label", label);
      }
    };
    rename();
    const observer = new MutationObserver(rename);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });
    return () => observer.disconnect();
  }, [ascending, descending]);
  return <div ref={ref}>{children}</div>;
}

/**
 * A server-paginated table: the API answers `{ rows, total }` for one page (every list query is
 * paginated on the server); the page number lives with the caller, who puts it in the query.
 */
export function PagedTable<T>({
  data,
  fetching,
  page,
  onPageChange,
  pageSize,
  columns,
  noRecordsText,
  idAccessor,
  label,
  error,
  onRetry,
  rowExpansion,
  sortStatus,
  onSortStatusChange,
  keyset,
}: {
  /** `totalExact` false: `total` is a lower bound ("more than"); `nextCursor` with `keyset`. */
  data: { rows: T[]; total: number; totalExact?: boolean; nextCursor?: string | null } | undefined;
  /** Paged by keyset (useKeysetPages): previous / next instead of page numbers. */
  keyset?: boolean;
  fetching: boolean;
  page: number;
  onPageChange: (page: number) => void;
  pageSize: number;
  columns: DataTableColumn<T>[];
  noRecordsText?: string;
  idAccessor?: keyof T & string;
  /** What the table lists, for screen readers (its scroll area can be focused and scrolled by keyboard). */
  label: string;
  /** A failed load: shown with a retry instead of an empty table. */
  error?: unknown;
  onRetry?: () => void;
  /** Details on demand: a click on a row opens them under it. */
  rowExpansion?: DataTableRowExpansionProps<T>;
  /** Sorted on the server: the column (`sortable: true`) and direction the caller puts in its query. */
  sortStatus?: DataTableSortStatus<T>;
  onSortStatusChange?: (status: DataTableSortStatus<T>) => void;
}) {
  const t = useTranslations("pager");
  const a11y = useTranslations("app.a11y");
  if (error && !data) return <QueryError error={error} onRetry={onRetry ?? (() => window.location.reload())} />;
  const sorting = (sortStatus && onSortStatusChange ? { sortStatus, onSortStatusChange } : {}) as {
    sortStatus: DataTableSortStatus<T>;
    onSortStatusChange: (status: DataTableSortStatus<T>) => void;
  };
  if (keyset) {
    const rows = data?.rows ?? [];
    const from = (page - 1) * pageSize + 1;
    const total = data?.totalExact === false ? t("moreThan", { total: data.total }) : String(data?.total ?? 0);
    return (
      <SortNames ascending={a11y("sortedAscending")} descending={a11y("sortedDescending")}>
        <DataTable<T>
          withTableBorder
          striped
          minHeight={160}
          fetching={fetching}
          records={rows}
          noRecordsText={noRecordsText ?? t("empty")}
          {...(rowExpansion ? { rowExpansion } : {})}
          {...sorting}
          idAccessor={idAccessor ?? ("id" as keyof T & string)}
          columns={columns}
          aria-label={label}
          scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": label } }}
        />
        <Group justify="space-between" mt="xs" wrap="wrap">
          <Text size="sm" data-testid="pager-range">
            {rows.length ? t("records", { from, to: from + rows.length - 1, total }) : t("none", { total })}
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" disabled={page <= 1 || fetching} onClick={() => onPageChange(page - 1)} data-testid="pager-previous">
              {t("previous")}
            </Button>
            <Button variant="default" size="xs" disabled={!data?.nextCursor || fetching} onClick={() => onPageChange(page + 1)} data-testid="pager-next">
              {t("next")}
            </Button>
          </Group>
        </Group>
      </SortNames>
    );
  }
  const table = (
    <DataTable<T>
      withTableBorder
      striped
      minHeight={160}
      fetching={fetching}
      records={data?.rows ?? []}
      getPaginationControlProps={(control) =>
        control === "previous" ? { "aria-label": a11y("previousPage") } : control === "next" ? { "aria-label": a11y("nextPage") } : {}
      }
      totalRecords={data?.total ?? 0}
      recordsPerPage={pageSize}
      page={page}
      onPageChange={onPageChange}
      noRecordsText={noRecordsText ?? t("empty")}
      paginationText={({ from, to, totalRecords }) => t("records", { from, to, total: totalRecords })}
      {...(rowExpansion ? { rowExpansion } : {})}
      {...((sortStatus && onSortStatusChange ? { sortStatus, onSortStatusChange } : {}) as {
        sortStatus: DataTableSortStatus<T>;
        onSortStatusChange: (status: DataTableSortStatus<T>) => void;
      })}
      idAccessor={idAccessor ?? ("id" as keyof T & string)}
      columns={columns}
      aria-label={label}
      scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": label } }}
    />
  );
  return sortStatus ? (
    <SortNames ascending={a11y("sortedAscending")} descending={a11y("sortedDescending")}>
      {table}
    </SortNames>
  ) : (
    table
  );
}
