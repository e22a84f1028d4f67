/**
 * What the functions read of an object: its own enumerable properties, as JSON.stringify,
 * structuredClone and an API body see it. A key an object inherits (from a class's prototype, an
 * `Object.create(defaults)`, or an `Object.prototype` some library polluted) is neither a value
 * nor an unknown key. Pinned here rather than left to zod: zod 4.1 read inherited known keys and
 * ignored inherited unknown ones, zod 4.6 refuses the unknown ones.
 */

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Objects read as data: plain objects, class instances and arrays (not dates, maps, sets, …). */
function isData(v: unknown): v is object {
  return (
    typeof v === "object" &&
    v !== null &&
    !(v instanceof Date || v instanceof Map || v instanceof Set || v instanceof RegExp || ArrayBuffer.isView(v) || v instanceof ArrayBuffer)
  );
}

function inherits(v: unknown, seen: Set<object>): boolean {
  if (!isData(v) || seen.has(v)) return false;
  seen.add(v);
  for (const k in v) {
    if (!hasOwn(v, k)) return true;
    if (inherits((v as Record<string, unknown>)[k], seen)) return true;
  }
  return false;
}

function copy(v: unknown, seen: Map<object, unknown>): unknown {
  if (!isData(v)) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (let i = 0; i < v.length; i++) out.push(copy(v[i], seen));
    return out;
  }
  // No prototype: a polluted Object.prototype must not come back through the copy.
  const out = Object.create(null) as Record<string, unknown>;
  seen.set(v, out);
  for (const k of Object.keys(v)) out[k] = copy((v as Record<string, unknown>)[k], seen);
  return out;
}

/** `value` itself when nothing in it is inherited (no copy), else a copy of its own data. */
export function ownData(value: unknown): unknown {
  return inherits(value, new Set()) ? copy(value, new Map()) : value;
}

/** `o[k]` when `k` is an own property of `o`, else undefined. */
export function own(o: object, k: string): unknown {
  return hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;
}

/** An object read as a record of named fields (not null, an array or a Date). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
