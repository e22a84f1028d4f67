/**
 * One participant as the detail page shows them: the stored rows, each scheme's coverage status
 * (domain coverageStatus over the payments), each household payment's card validity (domain
 * healthCardValidity) and the card's 15-character code (domain healthCardCode, which needs the
 * social-insurance number: null without one), personal data masked as the caller's roles say.
 */
import type { ParticipantDetail } from "@ansinh/db";
import { maskPersonalId } from "@ansinh/domain/access";
import {
  coverageStatus,
  DEFAULT_DUE_WITHIN_DAYS,
  healthCardCode,
  healthCardValidity,
  HOUSEHOLD_BENEFIT_LEVEL,
  HOUSEHOLD_CARD_GROUP,
  type CoverageStatus,
} from "@ansinh/domain/registry";
import { maskPerson, type RegistryView } from "./registry-view.js";

type Scheme = ParticipantDetail["enrolments"][number]["scheme"];

export function participantDetail(p: ParticipantDetail, view: RegistryView) {
  const personal = view.personalOn(p.communeCode);
  const live = new Set(p.enrolments.filter((e) => e.status !== "cancelled").map((e) => e.id));
  const schemes = [...new Set(p.enrolments.filter((e) => live.has(e.id)).map((e) => e.scheme))].sort();
  const statuses: { scheme: Scheme; status: CoverageStatus }[] = schemes.map((scheme) => ({
    scheme,
    status: coverageStatus(
      p.payments.filter((x) => x.scheme === scheme && live.has(x.enrolmentId)).map((x) => ({ from: x.coverFrom, months: x.months })),
      view.onDate,
      { dueWithinDays: DEFAULT_DUE_WITHIN_DAYS },
    ),
  }));

  // Household cards: each payment's validity, in the order they were paid.
  const householdPayments = p.payments
    .filter((x) => x.scheme === "household_health_insurance" && live.has(x.enrolmentId))
    .sort((a, b) => (a.receiptDate < b.receiptDate ? -1 : a.receiptDate > b.receiptDate ? 1 : a.id - b.id));
  let previousCardEnd: string | null = null;
  const cards = householdPayments.map((x) => {
    let validFrom = x.coverFrom;
    let validTo = x.coverTo;
    try {
      const v = healthCardValidity({ paymentDate: x.receiptDate, months: x.months, previousCardEnd });
      validFrom = v.validFrom;
      validTo = v.validTo;
    } catch {
      // months outside 3/6/12 (an old record): the stored period is the card's
    }
    previousCardEnd = validTo;
    return { paymentId: x.id, validFrom, validTo };
  });
  const lastHousehold = p.enrolments.find((e) => e.scheme === "household_health_insurance" && live.has(e.id));
  // A household card's code is the group, benefit level, province and the holder's SI number: none without one.
  const householdCardCode = (socialInsuranceNumber: string | null): string | null => {
    if (!lastHousehold || !socialInsuranceNumber) return null;
    try {
      return healthCardCode({
        group: HOUSEHOLD_CARD_GROUP,
        benefitLevel: HOUSEHOLD_BENEFIT_LEVEL,
        provinceCode: lastHousehold.provinceCode.slice(-2),
        socialInsuranceNumber,
      });
    } catch {
      return null;
    }
  };
  const cardCode = householdCardCode(p.socialInsuranceNumber);
  const lastVoluntary = p.enrolments.find((e) => e.scheme === "voluntary_social_insurance" && live.has(e.id));
  const lastCard = cards[cards.length - 1] ?? null;
  const person = maskPerson(view, { ...p, members: undefined, enrolments: undefined, payments: undefined });
  return {
    id: p.id,
    fullName: p.fullName,
    personalId: person.personalId,
    socialInsuranceNumber: person.socialInsuranceNumber ?? null,
    birthDate: p.birthDate,
    gender: p.gender,
    ethnicity: p.ethnicity,
    phone: person.phone,
    communeCode: p.communeCode,
    communeName: p.communeName,
    relationship: p.relationship,
    masked: person.masked,
    household: p.household,
    members: p.members.map(({ socialInsuranceNumber, ...m }) => {
      const code = householdCardCode(socialInsuranceNumber);
      const shown = view.personalOn(m.communeCode);
      return {
        ...m,
        personalId: shown ? m.personalId : (maskPersonalId(m.personalId) ?? ""),
        cardCode: code === null ? null : shown ? code : maskPersonalId(code),
      };
    }),
    /** The support groups of the latest voluntary enrolment (null: no voluntary enrolment). */
    supportGroups: lastVoluntary ? lastVoluntary.supportGroups : null,
    enrolments: p.enrolments.map(({ provinceCode: _province, ...e }) => e),
    payments: p.payments.map((x) => ({ ...x, card: cards.find((c) => c.paymentId === x.id) ?? null })),
    statuses,
    healthCard: lastHousehold
      ? {
          code: cardCode === null ? null : personal ? cardCode : maskPersonalId(cardCode),
          validFrom: lastCard?.validFrom ?? null,
          validTo: lastCard?.validTo ?? null,
          facilityCode: lastHousehold.facilityCode,
          facilityName: lastHousehold.facilityName,
        }
      : null,
    onDate: view.onDate,
  };
}
