/**
 * Reading the audit trail as people do: what changed, field by field, with personal data masked.
 * The trail itself keeps everything (it is evidence); what a screen shows goes through here.
 */
import { maskPersonalId, maskPhone } from "./access.js";

/** Fields that hold personal data, and how each is masked when shown. */
const personalFields: Readonly<Record<string, (v: string) => string | null>> = {
  personalId: maskPersonalId,
  phone: maskPhone,
};

/** Fields never worth showing (technical noise: a browser's description of itself). */
const hiddenFields = new Set(["userAgent"]);

/** An audit value with personal data masked, at any depth (objects and lists walked). */
export function maskAuditValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskAuditValue);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (hiddenFields.has(k)) continue;
    const mask = personalFields[k];
    out[k] = mask && typeof v === "string" ? mask(v) : maskAuditValue(v);
  }
  return out;
}

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** One field's value, masked as it would be inside its object. */
const maskField = (field: string, value: unknown) => (maskAuditValue({ [field]: value ?? null }) as Record<string, unknown>)[field] ?? null;

/**
 * What an audited mutation changed: one entry per top-level field whose value differs between
 * `before` and `after` (a creation lists every field it set; fields only in one side count),
 * personal data masked, in the order the fields appear. Empty when nothing differs.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  // A value that is not an object (an old row, a scalar) is one field called "value".
  const asRecord = (v: unknown): Record<string, unknown> =>
    v == null ? {} : typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !hiddenFields.has(f));
  return fields.filter((f) => !same(b[f], a[f])).map((f) => ({ field: f, before: maskField(f, b[f]), after: maskField(f, a[f]) }));
}
