"use client";

import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { useApiQuery, type QueryOutput } from "@/trpc/hooks";

type Hit = QueryOutput<"areas.search">[number];

/**
 * Chooses an area by typing part of its name (or its code) instead of typing a code: the API
 * answers the matching areas within the caller's scope, in any era; the label says which
 * province a unit belongs to and until when it existed.
 */
export function AreaPicker({
  value,
  onChange,
  label,
  description,
  error,
  communesOn,
}: {
  /** Communes in force on this date where the caller may record enrolments (default: any area the caller administers). */
  communesOn?: string | undefined;
  value: string;
  onChange: (code: string) => void;
  label: string;
  description?: string | undefined;
  error?: string | undefined;
}) {
  const t = useTranslations("areaPicker");
  const locale = useLocale();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // The chosen area's own entry (looked up by its code), so its name shows before any search.
  const areas = !communesOn;
  const chosenArea = useApiQuery("areas.search", areas && value ? { text: value } : null);
  const hitsArea = useApiQuery("areas.search", areas && debounced ? { text: debounced } : null, { placeholderData: keepPreviousData });
  const chosenCommune = useApiQuery("enrolments.communes", communesOn && value ? { text: value, onDate: communesOn } : null);
  const hitsCommune = useApiQuery("enrolments.communes", communesOn && debounced ? { text: debounced, onDate: communesOn } : null, {
    placeholderData: keepPreviousData,
  });
  const chosen = areas ? chosenArea : chosenCommune;
  const hits = areas ? hitsArea : hitsCommune;
  const describe = (h: Hit) =>
    [
      `${h.unitType ? `${h.unitType} ` : ""}${h.name} (${h.code})`,
      h.parentName ? `— ${h.parentName}` : "",
      h.validTo ? t("until", { date: formatDisplayDate(h.validTo) }) : "",
    ]
      .filter(Boolean)
      .join(" ");
  const options = new Map<string, string>();
  for (const h of [...(chosen.data?.filter((h) => h.code === value) ?? []), ...(hits.data ?? [])]) options.set(h.code, describe(h));
  if (value && !options.has(value)) options.set(value, value);
  return (
    <Select
      label={label}
      description={description}
      error={error}
      searchable
      clearable
      value={value || null}
      onChange={(code) => onChange(code ?? "")}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      data={[...options].map(([code, text]) => ({ value: code, label: text }))}
      placeholder={t("placeholder")}
      nothingFoundMessage={debounced ? t("nothingFound") : t("typeToSearch")}
      comboboxProps={{ withinPortal: true }}
      lang={locale}
      miw={220}
      style={{ flex: 1 }}
    />
  );
}
