"use client";

import { DateInput, type DateInputProps } from "@mantine/dates";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { isIsoDate, parseDisplayDate } from "@ansinh/domain/dates";

export interface DateFieldProps extends Omit<DateInputProps, "value" | "defaultValue" | "onChange" | "valueFormat" | "dateParser"> {
  /** The date as `YYYY-MM-DD`, or "" / null for none. */
  value: string | null;
  /** Called with `YYYY-MM-DD` (or null when cleared), only once a whole date is entered. */
  onChange: (value: string | null) => void;
  /**
   * `commit` (default): apply on Enter, on leaving the field or on a choice in the calendar —
   * for fields whose change reloads a page. `live`: apply as soon as the typed date is whole.
   */
  apply?: "commit" | "live";
}

/**
 * A date typed and shown as dd/MM/yyyy whatever the browser's locale (the domain's
 * parseDisplayDate / formatDisplayDate), with a calendar in the reader's language. A text that is
 * not a real date shows an error under the field and changes nothing.
 */
export function DateField({ value, onChange, apply = "commit", error, ...rest }: DateFieldProps) {
  const t = useTranslations("dateField");
  const locale = useLocale();
  const committed = value && isIsoDate(value) ? value : null;
  const [invalid, setInvalid] = useState(false);
  // Set while a keystroke is being handled: Mantine then reports a typed date, not a choice.
  const typing = useRef(false);
  useEffect(() => setInvalid(false), [committed]);

  const commit = (raw: string) => {
    if (raw.trim() === "") {
      setInvalid(false);
      if (committed !== null && rest.clearable) onChange(null);
      return;
    }
    const parsed = parseDisplayDate(raw);
    setInvalid(parsed === null);
    if (parsed !== null && parsed !== committed) onChange(parsed);
  };

  return (
    <DateInput
      {...rest}
      locale={locale}
      value={committed}
      valueFormat="DD/MM/YYYY"
      placeholder={rest.placeholder ?? t("placeholder")}
      // The clear button (when `clearable`) is named in the reader's language (axe: button-name).
      clearButtonProps={{ "aria-label": t("clear"), ...rest.clearButtonProps }}
      // Our own parser: day first, whole dates only; partial text never becomes a date.
      dateParser={(s) => parseDisplayDate(s)}
      fixOnBlur={false}
      inputMode="numeric"
      autoComplete="off"
      error={error ?? (invalid ? t("invalid") : undefined)}
      onChange={(v) => {
        // A choice in the calendar; a typed date waits for Enter or blur unless `live`.
        if (typing.current && apply === "commit") return;
        if (v && v.slice(0, 10) !== committed) onChange(v.slice(0, 10));
      }}
      onInput={() => {
        if (invalid) setInvalid(false);
        typing.current = true;
        queueMicrotask(() => {
          typing.current = false;
        });
      }}
      onBlur={(e) => {
        commit(e.currentTarget.value);
        rest.onBlur?.(e);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit(e.currentTarget.value);
        rest.onKeyDown?.(e);
      }}
    />
  );
}
