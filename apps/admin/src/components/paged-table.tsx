"use client";

import { DataTable, type DataTableColumn, type DataTableRowExpansionProps, type DataTableSortStatus } from "mantine-datatable";
import { useTranslations } from "next-intl";
import { QueryError } from "./query-error";

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
}: {
  data: { rows: T[]; total: number } | undefined;
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
  if (error && !data) return <QueryError error={error} onRetry={onRetry ?? (() => window.location.reload())} />;
  return (
    <DataTable<T>
      withTableBorder
      striped
      minHeight={160}
      fetching={fetching}
      records={data?.rows ?? []}
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
}
