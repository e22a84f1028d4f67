"use client";

import { Text, TextInput, type TextInputProps } from "@mantine/core";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { parseMoneyText } from "@ansinh/domain/registry";

/**
 * An amount of VND typed as people write it — `1.500.000`, `1500000`, `3,5 triệu`, `500 nghìn`
 * (the domain's parseMoneyText) — and shown with the locale's thousands separators. What cannot
 * be read is refused under the field when the reader leaves it, never turned into another number.
 */
export function MoneyField({
  value,
  onChange,
  error,
  ...rest
}: Omit<TextInputProps, "value" | "onChange"> & { value: number | "" | null; onChange: (v: number | "") => void }) {
  const t = useTranslations("moneyField");
  const locale = useLocale();
  const format = (n: number) => new Intl.NumberFormat(locale === "en" ? "en-US" : "vi-VN").format(n);
  const [text, setText] = useState(typeof value === "number" ? format(value) : "");
  const [bad, setBad] = useState(false);
  // A value set from elsewhere (a slider, a reset) replaces the text unless the text says the same.
  useEffect(() => {
    if (typeof value === "number" && parseMoneyText(text) !== value) setText(format(value));
    if (value === null) setText("");
  }, [value, locale]); // only when the value changes
  return (
    <TextInput
      {...rest}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      rightSection={
        <Text size="sm" c="dimmed">
          {locale === "en" ? "VND" : "đ"}
        </Text>
      }
      error={error ?? (bad ? t("invalid") : undefined)}
      onChange={(e) => {
        const raw = e.currentTarget.value;
        setBad(false);
        if (raw.trim() === "") {
          setText(raw);
          onChange("");
          return;
        }
        // Digits grouped with the locale's own separator (as this field regroups them while they
        // are typed: "2.000" then "0" is "2.0000") are read as one number; anything else by the domain.
        const grouped = (locale === "en" ? /^\d[\d,\s]*$/ : /^\d[\d.\s]*$/).test(raw.trim());
        const whole = grouped ? Number(raw.replace(/\D/g, "")) : null;
        const n = whole !== null && Number.isSafeInteger(whole) ? whole : parseMoneyText(raw);
        // Plain digits are regrouped as they are typed; amounts in words wait for the whole word.
        setText(n !== null && /^[\d.,\s]+$/.test(raw) ? format(n) : raw);
        if (n !== null) onChange(n);
      }}
      onBlur={(e) => {
        const n = parseMoneyText(text);
        if (text.trim() !== "" && n === null) setBad(true);
        if (n !== null) setText(format(n));
        rest.onBlur?.(e);
      }}
    />
  );
}
