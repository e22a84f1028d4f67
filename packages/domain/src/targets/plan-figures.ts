import * as z from "zod/mini";
import { parseOrThrow } from "../validation.js";

const count = () => z.number({ error: "nonNegative" }).check(z.minimum(0, { error: "nonNegative" }));
const milestoneSchema = z.strictObject({ share: z.nullable(count().check(z.maximum(1, { error: "milestone.share" }))), value: count() });

/**
 * The figures a plan shows beside its own value, computed once here so that the plans table, the
 * dashboard and any export agree: a milestone's number of people (a share of the plan in force,
 * in whole people) and whether the children's targets add up to their parent's plan.
 */

/**
 * The people a milestone asks for: `share` of `plan`, rounded up to a whole person (50% of 797 is
 * 399, not 398.5: 398 people would fall short of half). The product is first cut to 12 significant
 * digits so that 0.3 × 10 is 3, not 3.0000000000000004 (which would round up to 4).
 */
export function milestoneRequired(share: number, plan: number): number {
  if (!Number.isFinite(share) || !Number.isFinite(plan) || share < 0 || plan < 0) return 0;
  return Math.ceil(Number((share * plan).toPrecision(12)));
}

/** A milestone's share of the plan when only its value was stored (older rows): value ÷ plan, at most 1. */
export function milestoneShareOf(value: number, plan: number): number {
  return plan > 0 ? Math.min(1, value / plan) : 1;
}

export interface ChildrenSumCheck {
  /** The parent's plan. */
  plan: number;
  /** The sum of the children's plans that exist. */
  childrenSum: number;
  /** childrenSum − plan: positive when the children were given more than the parent. */
  difference: number;
  /** How many children have a plan. */
  children: number;
}

/**
 * Whether the children's plans add up to their parent's (6,321 against 6,300 is a difference of
 * +21), or null when there is nothing to compare (no child has a plan) or they agree.
 */
export function childrenSumCheck(plan: number, childPlans: readonly number[]): ChildrenSumCheck | null {
  parseOrThrow(z.tuple([count(), z.array(count())]), [plan, childPlans], "TARGETS.INVALID_INPUT");
  if (childPlans.length === 0) return null;
  const childrenSum = childPlans.reduce((s, v) => s + v, 0);
  const difference = Number((childrenSum - plan).toPrecision(12));
  return difference === 0 ? null : { plan, childrenSum, difference, children: childPlans.length };
}

/**
 * A milestone's figures against the plan it belongs to (null: none found): its share (stored, or
 * derived from an older row's value), the plan it is a share of and the people it asks for. The
 * plans table and the dashboard both read a milestone through this, so an edited plan moves its
 * milestone everywhere at once.
 */
export function milestoneFigures(milestone: { share: number | null; value: number }, plan: number | null): { share: number; base: number; required: number } {
  parseOrThrow(z.tuple([milestoneSchema, z.nullable(count())]), [milestone, plan], "TARGETS.INVALID_INPUT");
  const share = milestone.share ?? (plan !== null ? milestoneShareOf(milestone.value, plan) : 1);
  // Without a plan the stored value is the milestone's own number of people.
  const base = plan ?? (share > 0 ? Number((milestone.value / share).toPrecision(12)) : milestone.value);
  return { share, base, required: plan === null ? milestoneRequired(1, milestone.value) : milestoneRequired(share, plan) };
}
