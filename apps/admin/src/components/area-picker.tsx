"use client";

import { trpc } from "@/trpc/client";
import type { QueryOutput } from "@/trpc/hooks";
import { MultiSelect, Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, type ReactNode } from "react";
import { formatDisplayDate } from "@ansinh/domain/dates";

type Hit = QueryOutput<"areas.search">[number];

/** Which areas are offered: see `AreaPicker`. */
interface Source {
  /** Communes in force on this date where the caller may record enrolments (the enrolment forms). */
  communesOn?: string | undefined;
  /** Areas of any level in force on this date within the caller's areas, named as on that date (plans, campaigns, events). */
  onDate?: string | undefined;
}

interface Common extends Source {
  label: string;
  description?: string | undefined;
  error?: ReactNode;
  withAsterisk?: boolean | undefined;
  /** Shown under the box when a chosen code is not an area of the source (e.g. not in force on `onDate`). */
  unknownError?: string | undefined;
}

type Props =
  | (Common & { multiple?: false; value: string; onChange: (code: string) => void })
  | (Common & { multiple: true; value: string[]; onChange: (codes: string[]) => void });

/** One query of the API by `text`, for the source the picker was given. */
function searchOf(source: Source, text: string): Promise<Hit[]> {
  if (source.communesOn) return trpc.enrolments.communes.query({ text, onDate: source.communesOn });
  if (source.onDate) return trpc.areas.searchOn.query({ text, onDate: source.onDate });
  return trpc.areas.search.query({ text });
}

/**
 * The one area picker of the app: choose an area by typing part of its name — with or without
 * diacritics ("thanh yen" finds Thạnh Yên) — or its code; the API answers the matching areas in
 * the caller's scope. With `onDate` (plans, campaigns, events) only the units in force on that
 * date, each named as on that date: codes are reused across eras (91 was Kiên Giang, is An Giang
 * since 2025-07-01), so the name shown is the one of the record's date. With `communesOn` (the
 * enrolment forms) the communes where the caller may record on that date. Without either, any era
 * (roles, list filters), the label saying until when a unit existed. `multiple` chooses several.
 */
export function AreaPicker(props: Props) {
  const { label, description, withAsterisk, communesOn, onDate, unknownError } = props;
  const t = useTranslations("areaPicker");
  const locale = useLocale();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const source: Source = { communesOn, onDate };
  const sourceKey = communesOn ? `communes:${communesOn}` : onDate ? `on:${onDate}` : "any";
  const chosenCodes = props.multiple ? props.value : props.value ? [props.value] : [];
  // The chosen areas' own entries (looked up by code, on the date), so their names show before any search.
  const chosen = useQuery({
    queryKey: ["areaPicker.chosen", sourceKey, chosenCodes],
    queryFn: async () => (await Promise.all(chosenCodes.map((c) => searchOf(source, c).then((hits) => hits.filter((h) => h.code === c))))).flat(),
    enabled: chosenCodes.length > 0,
  });
  const hits = useQuery({
    queryKey: ["areaPicker.hits", sourceKey, debounced],
    queryFn: () => searchOf(source, debounced),
    enabled: debounced !== "",
    placeholderData: keepPreviousData,
  });
  // Labels of options once seen, so a chosen one keeps its name while another search runs.
  const seen = useRef(new Map<string, string>());
  const describe = (h: Hit) =>
    [
      `${h.unitType ? `${h.unitType} ` : ""}${h.name} (${h.code})`,
      h.parentName ? `— ${h.parentName}` : "",
      h.validTo && !onDate && !communesOn ? t("until", { date: formatDisplayDate(h.validTo) }) : "",
    ]
      .filter(Boolean)
      .join(" ");
  const options = new Map<string, string>();
  for (const h of [...(chosen.data ?? []), ...(hits.data ?? [])]) {
    const text = describe(h);
    options.set(h.code, text);
    seen.current.set(`${sourceKey}|${h.code}`, text);
  }
  for (const c of chosenCodes) if (!options.has(c)) options.set(c, seen.current.get(`${sourceKey}|${c}`) ?? c);
  const unknown = chosen.isSuccess && chosenCodes.some((c) => !chosen.data.some((h) => h.code === c));
  const error = props.error ?? (unknown ? unknownError : undefined);
  const data = [...options].map(([code, text]) => ({ value: code, label: text }));
  const shared = {
    label,
    description,
    error,
    withAsterisk,
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    data,
    nothingFoundMessage: debounced ? t("nothingFound") : t("typeToSearch"),
    comboboxProps: { withinPortal: true },
    lang: locale,
    miw: 220,
    style: { flex: 1 },
  } as const;
  if (props.multiple) {
    return (
      <MultiSelect
        {...shared}
        filter={({ options: o }) => o}
        clearable
        value={props.value}
        onChange={props.onChange}
        placeholder={props.value.length ? undefined : t("placeholder")}
      />
    );
  }
  return (
    <Select
      {...shared}
      filter={({ options: o }) => o}
      clearable
      value={props.value || null}
      onChange={(code) => props.onChange(code ?? "")}
      placeholder={t("placeholder")}
    />
  );
}
