/**
 * Structural diff of probe state (trusted JSON read from a site's backend): which array elements
 * were added or removed and which fields changed, located by paths that select array elements by
 * an identifying field rather than by position, so the same path finds the same object in any
 * trajectory of the task.
 * @module
 */

/** A JSON scalar. */
export type Scalar = string | number | boolean | null;

/** One step of a path into probe state. */
export type PathSegment =
  | { key: string }
  /** The array element whose `field` equals `value`. */
  | { find: { field: string; value: string | number } };

/** A change between two probe states. `path` starts with the probe name (`shop`, `state`, ...). */
export type ProbeChange =
  /** `element` was added to the array at `path`. */
  | { kind: 'added'; path: PathSegment[]; element: unknown }
  /** `element` was removed from the array at `path`; `identity` names it when the array has an identifying field. */
  | { kind: 'removed'; path: PathSegment[]; element: unknown; identity?: { field: string; value: string | number } }
  /** The value at `path` changed (a field of an object, or a key of a record). */
  | { kind: 'changed'; path: PathSegment[]; before: unknown; after: unknown };

/** Fields tried first when looking for an array's identifying field, in order. */
const IDENTITY_FIELDS = ['id', 'uuid', 'key', 'slug', 'sku', 'code', 'username', 'handle', 'name', 'title'];

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** A key for multiset comparison of JSON values (object keys sorted). */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The field that identifies elements of an array of objects: present on every element of both
 * states with a string or number value, unique within each state. Undefined when there is none.
 */
export function identityField(before: readonly unknown[], after: readonly unknown[]): string | undefined {
  const all = [...before, ...after];
  if (all.length === 0 || !all.every(isPlainObject)) return undefined;
  const objects = all as Record<string, unknown>[];
  const unique = (list: readonly unknown[], field: string) => {
    const seen = new Set<string | number>();
    for (const el of list as Record<string, unknown>[]) {
      const v = el[field];
      if ((typeof v !== 'string' && typeof v !== 'number') || seen.has(v)) return false;
      seen.add(v);
    }
    return true;
  };
  const ok = (field: string) => unique(before, field) && unique(after, field);
  for (const field of IDENTITY_FIELDS) if (ok(field)) return field;
  const idLike = Object.keys(objects[0]!).filter((k) => /(^|_)id$|Id$/.test(k));
  return idLike.find(ok);
}

/** Diff two probe states. Both are the `probes` record of a page state (probe name -> value). */
export function diffProbes(before: unknown, after: unknown): ProbeChange[] {
  const out: ProbeChange[] = [];
  diffValue(before, after, [], out);
  return out;
}

function diffValue(before: unknown, after: unknown, path: PathSegment[], out: ProbeChange[]): void {
  if (jsonEqual(before, after)) return;
  if ((Array.isArray(before) || before === undefined) && Array.isArray(after)) return diffArray(before ?? [], after, path, out);
  if (Array.isArray(before) && after === undefined) return diffArray(before, [], path, out);
  if ((isPlainObject(before) || before === undefined) && isPlainObject(after)) return diffObject(before ?? {}, after, path, out);
  if (isPlainObject(before) && after === undefined) return diffObject(before, {}, path, out);
  out.push({ kind: 'changed', path, before, after });
}

function diffObject(before: Record<string, unknown>, after: Record<string, unknown>, path: PathSegment[], out: ProbeChange[]): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) diffValue(before[key], after[key], [...path, { key }], out);
}

function diffArray(before: readonly unknown[], after: readonly unknown[], path: PathSegment[], out: ProbeChange[]): void {
  const field = identityField(before, after);
  if (field !== undefined) {
    const byId = (list: readonly unknown[]) => new Map((list as Record<string, unknown>[]).map((el) => [el[field] as string | number, el]));
    const b = byId(before);
    const a = byId(after);
    for (const [id, el] of b) {
      if (!a.has(id)) out.push({ kind: 'removed', path, element: el, identity: { field, value: id } });
    }
    for (const [id, el] of a) {
      const old = b.get(id);
      if (old === undefined) out.push({ kind: 'added', path, element: el });
      else diffObject(old as Record<string, unknown>, el as Record<string, unknown>, [...path, { find: { field, value: id } }], out);
    }
    return;
  }
  // No identifying field: compare as multisets of values.
  const remaining = new Map<string, number>();
  for (const el of before) remaining.set(canonicalJson(el), (remaining.get(canonicalJson(el)) ?? 0) + 1);
  const added: unknown[] = [];
  for (const el of after) {
    const k = canonicalJson(el);
    const n = remaining.get(k) ?? 0;
    if (n > 0) remaining.set(k, n - 1);
    else added.push(el);
  }
  const removedKeys = new Map(remaining);
  for (const el of before) {
    const k = canonicalJson(el);
    const n = removedKeys.get(k) ?? 0;
    if (n > 0) {
      removedKeys.set(k, n - 1);
      out.push({ kind: 'removed', path, element: el });
    }
  }
  for (const el of added) out.push({ kind: 'added', path, element: el });
}

/** Read the value at `path` (undefined when any step is missing). */
export function getAtPath(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if ('key' in seg) {
      if (!isPlainObject(cur)) return undefined;
      cur = cur[seg.key];
    } else {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find((el) => isPlainObject(el) && el[seg.find.field] === seg.find.value);
    }
  }
  return cur;
}

/** Human-readable path: `shop.state.issues[id=5].labels`. */
export function pathText(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if ('key' in seg) out += /^[A-Za-z_$][\w$]*$/.test(seg.key) ? (out ? `.${seg.key}` : seg.key) : `[${JSON.stringify(seg.key)}]`;
    else out += `[${seg.find.field}=${JSON.stringify(seg.find.value)}]`;
  }
  return out;
}

/** The last named key of a path (`issues[id=5].labels` -> `labels`), used to describe and classify a change. */
export function lastKey(path: readonly PathSegment[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i]!;
    if ('key' in seg) return seg.key;
  }
  return '';
}

/** Every scalar in a JSON value (strings and numbers), for "did this value exist before" checks. */
export function collectScalars(value: unknown, into: Set<string | number> = new Set()): Set<string | number> {
  if (typeof value === 'string' || typeof value === 'number') into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectScalars(v, into);
  else if (isPlainObject(value)) for (const k of Object.keys(value)) collectScalars(value[k], into);
  return into;
}
