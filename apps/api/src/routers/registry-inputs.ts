/**
 * The filters of the registry's lists, one schema per list, shared by the tRPC list procedure
 * and by its XLSX export (GET /trpc/export/<list>?input=…): what is exported is what is shown.
 */
import { z } from "zod";
import { coverageStatusNames, enrolmentSorts, parseCursor, participantSorts, renewalKinds, renewalSorts, type ListCursor } from "@ansinh/db";
import { isoDateSchema } from "@ansinh/domain/dates";
import { schemes } from "@ansinh/domain/eligibility";
import { dueWindows } from "@ansinh/domain/registry";
import { page, text } from "./inputs.js";

/** A keyset cursor: the `nextCursor` of the page before, opaque to clients. */
export const listCursor = z
  .string()
  .max(2000, "list.after")
  .transform((v, ctx): ListCursor => {
    const c = parseCursor(v);
    if (c === null) {
      ctx.addIssue({ code: "custom", message: "list.after" });
      return z.NEVER;
    }
    return c;
  });

const filterFields = {
  /** Name (diacritics and case ignored), personal ID, social-insurance number or phone. */
  search: text(100).optional(),
  /** Rows in this area's subtree (within the caller's scope). */
  areaCode: text(12).optional(),
  /** A day the code names the wanted unit (codes are reused across eras); default: today, or its last day. */
  areaValidOn: z.optional(isoDateSchema),
  scheme: z.enum(schemes).optional(),
  agentId: z.number().int().min(1).max(2_147_483_647).optional(),
  /** An enrolment starting or a payment received from … to … (both included). */
  from: z.optional(isoDateSchema),
  to: z.optional(isoDateSchema),
  direction: z.enum(["asc", "desc"]).default("asc"),
  /** Keyset paging: the `nextCursor` of the page before; `offset` is then ignored. */
  after: listCursor.optional(),
};

export const participantListInput = z.object({
  ...filterFields,
  status: z.enum(coverageStatusNames).optional(),
  sort: z.enum(participantSorts).default("name"),
  ...page,
});
export type ParticipantListInput = z.infer<typeof participantListInput>;

export const enrolmentListInput = z.object({
  ...filterFields,
  status: z.enum(coverageStatusNames).optional(),
  /** Only poor / near-poor claims recorded without their evidence (the domain's claimLacksEvidence). */
  withoutEvidence: z.boolean().optional(),
  sort: z.enum(enrolmentSorts).default("startDate"),
  direction: z.enum(["asc", "desc"]).default("desc"),
  ...page,
});
export type EnrolmentListInput = z.infer<typeof enrolmentListInput>;

export const renewalListInput = z.object({
  ...filterFields,
  kind: z.enum(renewalKinds).default("due"),
  /** Due: in the next 30 days (default), the rest of this month, or next month. */
  dueWindow: z.enum(dueWindows).optional(),
  /** Lapsed: whose first uncovered day falls from … to … (both included). */
  lapsedFrom: z.optional(isoDateSchema),
  lapsedTo: z.optional(isoDateSchema),
  /** Only the people of the caller's own agents (a collector's list); default: yes when the caller works for an agent. */
  mine: z.boolean().optional(),
  sort: z.enum(renewalSorts).default("date"),
  ...page,
});
export type RenewalListInput = z.infer<typeof renewalListInput>;
