"use client";

import { apiError, issueText, type ApiIssue } from "@/trpc/error-message";
import { useApiQuery, useDebouncedApiQuery } from "@/trpc/hooks";
import { Alert, Anchor, NativeSelect, Text } from "@mantine/core";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { formatVnd } from "@ansinh/domain/contributions";
import type { Scheme } from "@ansinh/domain/eligibility";

/**
 * After a submit with errors: the first field showing one (in the page's order) is scrolled into
 * view and focused, so that an error above the fold is not missed. Runs once the errors render.
 */
export function focusFirstError(form: HTMLFormElement | null) {
  if (!form) return;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      // A field in error: its control (aria-invalid), or the error text under a group (radios, checkboxes).
      const first = form.querySelector<HTMLElement>("[aria-invalid='true'], [id$='-error']");
      if (!first) return;
      const control = "input:not([type='hidden']):not([disabled]), select, textarea, button";
      const target = first.matches("input, select, textarea")
        ? first
        : (form.querySelector<HTMLElement>(`[aria-describedby~="${CSS.escape(first.id)}"]`) ??
          first.closest<HTMLElement>("[role='radiogroup'], fieldset, [class*='-root']")?.querySelector<HTMLElement>(control) ??
          null);
      (target ?? first).scrollIntoView({ block: "center" });
      target?.focus({ preventScroll: true });
    }),
  );
}

/** The short summary of a submit with errors: how many fields to correct (shown until none is left). */
export function ErrorSummary({ count }: { count: number }) {
  const t = useTranslations("enrolment");
  if (count === 0) return null;
  return (
    <Alert color="red" role="alert" data-testid="error-summary" title={t("errorSummaryTitle")}>
      {t("errorSummary", { count })}
    </Alert>
  );
}

/** How many of a form's fields show an error. */
export function errorCount(errors: Record<string, unknown>): number {
  return Object.values(errors).filter((e) => e !== null && e !== undefined && e !== false && e !== "").length;
}

/** Money as the domain writes it, in the reader's language. */
export function useMoney() {
  const locale = useLocale();
  return (n: number) => formatVnd(n, locale === "en" ? "en" : "vi");
}

/**
 * Issues (from an API error or a live check) under the form's fields: `pathToField` names the
 * field of a path (`participant.personalId` → `personalId`); what names no field is `other`.
 */
export function issuesToFields(
  issues: readonly ApiIssue[],
  locale: string,
  pathToField: (path: (string | number)[]) => string | null,
): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string[]> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = pathToField(issue.path);
    if (field) (fields[field] ??= []).push(issueText(issue, locale));
    else other.push(issueText(issue, locale));
  }
  return { fields: Object.fromEntries(Object.entries(fields).map(([f, texts]) => [f, [...new Set(texts)].join("; ")])), other };
}

/** The issues of a failed request (none when it is not the API's answer). */
export function issuesOf(error: unknown): ApiIssue[] {
  return apiError(error)?.issues ?? [];
}

/** The agent select: the agents the caller may record for; none → the next step in words. */
export function AgentSelect({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const t = useTranslations("enrolment");
  const choices = useApiQuery("enrolments.agentChoices", {});
  if (choices.data && choices.data.length === 0) {
    return (
      <Alert color="orange" data-testid="no-agent">
        {t("noAgent")}
      </Alert>
    );
  }
  return (
    <NativeSelect
      label={t("agent")}
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data={[
        { value: "", label: choices.isPending ? t("loading") : t("chooseAgent") },
        ...(choices.data ?? []).map((a) => ({ value: String(a.id), label: a.name })),
      ]}
    />
  );
}

/** Shows a pre-selected agent when the caller has exactly one. */
export function useSingleAgent(): string | null {
  const choices = useApiQuery("enrolments.agentChoices", {});
  return choices.data?.length === 1 ? String(choices.data[0]!.id) : null;
}

/** The link to an existing person (the participants page lists and shows them). */
export function ExistingPerson({ id, message }: { id: number; message: string }) {
  const t = useTranslations("enrolment");
  return (
    <Alert color="orange" role="alert" data-testid="existing-person">
      <Text size="sm">{message}</Text>
      <Anchor component={Link} href={`/participants/${id}`} data-testid="existing-person-link">
        {t("openExisting")}
      </Anchor>
    </Alert>
  );
}

export interface PersonCheckInput {
  scheme: Scheme;
  onDate: string | null;
  personalId: string;
  birthDate: string | null;
  gender: string;
  phone?: string;
  socialInsuranceNumber?: string;
}

/**
 * The person's details checked as they are typed (debounced): the personal ID against the birth
 * date and gender, eligibility on the date, phone, social-insurance number; and whether a
 * participant already holds the ID.
 */
export function usePersonCheck(p: PersonCheckInput) {
  const locale = useLocale();
  const digits = p.personalId.replace(/\s/g, "");
  const input =
    digits.length >= 12 || p.birthDate || p.phone || p.socialInsuranceNumber
      ? {
          scheme: p.scheme,
          ...(p.onDate ? { onDate: p.onDate } : {}),
          ...(digits.length >= 12 ? { personalId: digits } : {}),
          ...(p.birthDate ? { birthDate: p.birthDate } : {}),
          ...(p.gender === "male" || p.gender === "female" ? { gender: p.gender as "male" | "female" } : {}),
          ...(p.phone?.trim() ? { phone: p.phone.trim() } : {}),
          ...(p.socialInsuranceNumber?.trim() ? { socialInsuranceNumber: p.socialInsuranceNumber.trim() } : {}),
        }
      : null;
  const q = useDebouncedApiQuery("enrolments.checkParticipant", input);
  const issues = q.data?.issues.filter((i) => i.code !== "REGISTRY.DUPLICATE_PERSONAL_ID") ?? [];
  const { fields } = issuesToFields(issues, locale, (path) => (path[0] === "participant" && typeof path[1] === "string" ? path[1] : null));
  return { fields, existingParticipantId: input === null ? null : (q.data?.existingParticipantId ?? null) };
}
