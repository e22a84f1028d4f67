import { checkedRowContext, type AgentRow } from "./agent-row.js";
import type { EnrolmentCommand } from "./enrolment.js";
import { invalidInput } from "./support-group.js";

/**
 * The command an agent's checked line stands for: the same facts as the form's, so both reach
 * `decideEnrolment` alike. A household line names its rank; a voluntary line its income and, when
 * the list has the column, its support group (else it is inferred from the amount).
 */
export function commandFromAgentRow(
  row: AgentRow,
  extra: { receiptNumber: string; campaignId?: number | null; outreachEventId?: number | null; participantMode?: "new" | "any" },
): EnrolmentCommand {
  if (typeof row !== "object" || row === null || typeof row.scheme !== "string") invalidInput("row must be a checked agent row (checkAgentRow's `row`)");
  if (typeof extra !== "object" || extra === null || typeof extra.receiptNumber !== "string") invalidInput("extra.receiptNumber must be text");
  const household = row.scheme === "household_health_insurance";
  const cmd: EnrolmentCommand = {
    scheme: row.scheme,
    participant: {
      personalId: row.personalId,
      socialInsuranceNumber: row.socialInsuranceNumber,
      fullName: row.fullName,
      birthDate: row.birthDate,
      gender: row.gender,
      ethnicity: row.ethnicity,
      nationality: row.nationality,
      phone: row.phone,
      communeCode: row.communeCode,
      householdCode: row.householdCode,
    },
    startMonth: null,
    months: row.monthsPaid,
    monthlyIncome: household ? null : row.monthlyIncome,
    supportGroups: household ? null : row.supportGroups,
    supportEvidence: row.supportEvidence,
    householdRank: row.householdRank,
    facilityCode: row.facilityCode,
    payment: { amount: row.amountPaid, receiptDate: row.receiptDate, receiptNumber: extra.receiptNumber },
    participantMode: extra.participantMode ?? "any",
    campaignId: extra.campaignId ?? null,
    outreachEventId: extra.outreachEventId ?? null,
  };
  // A row `checkAgentRow` made: the command is frozen and remembered with it, so that
  // `decideEnrolment` takes the row as checked instead of checking the same line twice.
  if (checkedRowContext(row)) {
    Object.freeze(cmd.participant);
    Object.freeze(cmd.payment);
    commandRows.set(Object.freeze(cmd), row);
  }
  return cmd;
}

const commandRows = new WeakMap<EnrolmentCommand, AgentRow>();

/** The checked row a (frozen) command was made of by `commandFromAgentRow`, if any. Not exported from the package. */
export function checkedRowOfCommand(cmd: EnrolmentCommand): AgentRow | undefined {
  return commandRows.get(cmd);
}
