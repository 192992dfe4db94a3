/**
 * Code templates over the label API: turn a key step's data-only conditions (key-steps.ts) into
 * the JavaScript source of a label function `(traj, api) => boolean`. The code reads like a
 * person wrote it: one statement per value read, one line per check.
 * @module
 */
import type { KeyStep, StateCondition, ValueMatcher } from './key-steps.ts';
import { normText, numbersIn } from './key-steps.ts';
import type { PathSegment, Scalar } from './probe-diff.ts';
import { pathText } from './probe-diff.ts';

const IDENT = /^[A-Za-z_$][\w$]*$/;

function lit(v: Scalar | string): string {
  return JSON.stringify(v);
}

function prop(obj: string, key: string): string {
  return IDENT.test(key) ? `${obj}?.${key}` : `${obj}?.[${lit(key)}]`;
}

/** Collects the statements of one label body, reading each path once. */
class Body {
  readonly lines: string[] = [];
  private readonly vars = new Map<string, string>();
  private n = 0;

  private fresh(): string {
    this.n += 1;
    return `v${this.n}`;
  }

  /** A variable holding the value at `path` in the latest state. */
  read(path: readonly PathSegment[]): string {
    const key = pathText(path);
    const known = this.vars.get(key);
    if (known) return known;
    const name = this.fresh();
    const firstFind = path.findIndex((s) => 'find' in s);
    const plainEnd = firstFind < 0 ? path.length : firstFind;
    const keys = path.slice(0, plainEnd).map((s) => (s as { key: string }).key);
    // api.probe takes a dotted path; keys with dots (or empty keys) are read with property access instead.
    const dottedEnd = keys.findIndex((k) => k === '' || k.includes('.'));
    const dotted = keys.slice(0, dottedEnd < 0 ? keys.length : dottedEnd);
    let expr: string;
    let rest: readonly PathSegment[];
    if (firstFind >= 0 && dottedEnd < 0 && dotted.length > 0) {
      const f = (path[firstFind] as { find: { field: string; value: string | number } }).find;
      expr = `api.probeFind(${lit(dotted.join('.'))}, (e) => ${prop('e', f.field)} === ${lit(f.value)})`;
      rest = path.slice(firstFind + 1);
    } else {
      expr = `api.probe(${lit(dotted.join('.'))})`;
      rest = path.slice(dotted.length);
    }
    let current = name;
    this.lines.push(`const ${name} = ${expr};`);
    for (const seg of rest) {
      const next = this.fresh();
      if ('key' in seg) this.lines.push(`const ${next} = ${prop(current, seg.key)};`);
      else this.lines.push(`const ${next} = Array.isArray(${current}) ? ${current}.find((e) => ${prop('e', seg.find.field)} === ${lit(seg.find.value)}) : undefined;`);
      current = next;
    }
    this.vars.set(key, current);
    return current;
  }
}

/** A boolean expression that `x` matches `m`. */
export function matcherCode(m: ValueMatcher, x: string, depth = 0): string {
  switch (m.kind) {
    case 'eq': return `${x} === ${lit(m.value)}`;
    case 'text': return `typeof ${x} === 'string' && api.norm(${x}) === api.norm(${lit(m.value)})`;
    case 'object': return m.fields.map((f) => matcherCode(f.matcher, prop(x, f.field), depth)).join(' && ');
    case 'contains': {
      const e = `e${depth + 1}`;
      const parts = m.items.map((item) => `${x}.some((${e}) => ${matcherCode(item, e, depth + 1)})`);
      return `Array.isArray(${x}) && ${parts.join(' && ')}`;
    }
  }
}

/** An element predicate's body; a long object check gets one field per line. */
function elementCheck(m: ValueMatcher): string {
  const flat = matcherCode(m, 'e');
  if (flat.length <= 100 || m.kind !== 'object') return flat;
  return `\n      ${m.fields.map((f) => matcherCode(f.matcher, prop('e', f.field))).join('\n      && ')}\n    `;
}

function conditionCode(c: StateCondition, body: Body): string {
  switch (c.kind) {
    case 'contains': {
      const v = body.read(c.path);
      const m = elementCheck(c.matcher);
      return c.baseline === 0
        ? `Array.isArray(${v}) && ${v}.some((e) => ${m})`
        : `Array.isArray(${v}) && ${v}.filter((e) => ${m}).length > ${c.baseline}`;
    }
    case 'absent': {
      const v = body.read(c.path);
      return `Array.isArray(${v}) && !${v}.some((e) => ${elementCheck(c.matcher)})`;
    }
    case 'equals': return matcherCode(c.matcher, body.read(c.path));
    case 'missing': {
      const parent = body.read(c.path.slice(0, -1));
      const key = (c.path.at(-1) as { key: string }).key;
      return `${parent} !== null && typeof ${parent} === 'object' && !Array.isArray(${parent}) && ${prop(parent, key)} === undefined`;
    }
    case 'length': {
      const v = body.read(c.path);
      return `Array.isArray(${v}) && ${v}.length === ${c.length}`;
    }
    case 'unchanged': {
      const v = body.read(c.path);
      const dotted = c.path.map((s) => (s as { key: string }).key).join('.');
      return `${v} !== undefined && JSON.stringify(${v}) === JSON.stringify(api.probe(${lit(dotted)}, 'initial'))`;
    }
  }
}

/** The numbers of a text, as label code (same rule as key-steps' numbersIn). */
const NUMS_FN = "const nums = (s) => (String(s).match(/-?\\d[\\d,]*(?:\\.\\d+)?/g) ?? []).map((n) => Number(n.replace(/,/g, '')));";
const CURRENCY_WORDS = new Set(['usd', 'us', 'eur', 'gbp', 'cad', 'dollars', 'dollar', 'cents', 'euros', 'euro', 'approximately', 'about', 'exactly', 'total', 'is', 'the', 'of', 'a', 'an', 'it', 'answer']);

/** Answer-check code for a demo answer: numbers compared as numbers ("$12.50" = "12.50"), text normalized and word-bounded. */
export function answerCheckCode(answer: string, goal: string): string {
  const normalized = normText(answer);
  const goalWords = new Set(normText(goal).split(' '));
  const words = normalized.split(' ').filter((w) => w !== '' && !/^\d+$/.test(w));
  const nums = numbersIn(answer);
  const contentWords = words.filter((w) => !goalWords.has(w) && !CURRENCY_WORDS.has(w));
  const parts = answer.split(/\s*(?:,|;|\band\b|\n)\s*/).map((p) => p.trim()).filter((p) => normText(p) !== '');
  if (nums.length > 0 && contentWords.length === 0) {
    // A numeric answer: the same numbers and no others, whatever the format.
    return [
      '(a) => {',
      `  ${NUMS_FN}`,
      `  const want = ${JSON.stringify(nums)};`,
      '  const got = nums(a);',
      '  const same = (x, y) => Math.abs(x - y) < 1e-6;',
      '  return got.length > 0 && want.every((n) => got.some((g) => same(g, n))) && got.every((g) => want.some((n) => same(g, n)));',
      '}',
    ].join('\n    ');
  }
  if (parts.length > 1 && nums.length === 0) {
    // A list: every item, in any order.
    return `(a) => ${JSON.stringify(parts)}.every((p) => (' ' + api.norm(a) + ' ').includes(' ' + api.norm(p) + ' '))`;
  }
  if (nums.length > 0) {
    return [
      '(a) => {',
      `  ${NUMS_FN}`,
      `  if ((' ' + api.norm(a) + ' ').includes(' ' + api.norm(${lit(answer)}) + ' ')) return true;`,
      `  const got = nums(a);`,
      `  return ${JSON.stringify(nums)}.every((n) => got.some((g) => Math.abs(g - n) < 1e-6)) && ${JSON.stringify(contentWords)}.every((w) => (' ' + api.norm(a) + ' ').includes(' ' + w + ' '));`,
      '}',
    ].join('\n    ');
  }
  return `(a) => (' ' + api.norm(a) + ' ').includes(' ' + api.norm(${lit(answer)}) + ' ')`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function pageCode(page: NonNullable<KeyStep['page']>, body: Body): string[] {
  const path = page.path.replace(/\/+$/, '') || '/';
  body.lines.push(
    "const url = api.state('last')?.url ?? '';",
    'const m = /^[a-z][a-z0-9+.-]*:\\/\\/[^/?#]*([^?#]*)(?:\\?([^#]*))?/i.exec(url);',
  );
  const checks = [`m !== null && (m[1].replace(/\\/+$/, '') || '/') === ${lit(path)}`];
  if (page.query.length > 0) {
    body.lines.push(
      'const query = {};',
      "for (const part of (m?.[2] ?? '').split('&')) {",
      "  const [k, v = ''] = part.split('=');",
      "  try { query[decodeURIComponent(k.replace(/\\+/g, ' '))] = decodeURIComponent(v.replace(/\\+/g, ' ')); } catch { /* a malformed escape is not our parameter */ }",
      '}',
    );
    for (const [k, v] of page.query) checks.push(`typeof query[${lit(k)}] === 'string' && api.norm(query[${lit(k)}]) === api.norm(${lit(v)})`);
  }
  if (page.heading) checks.push(`api.elementExists('heading', ${lit(page.heading)})`);
  return checks;
}

/** What goes into one label's code. */
export interface LabelCodeOptions {
  /** State conditions of earlier key steps, re-checked here (for the last key step: all changes still hold at the end). */
  also?: readonly StateCondition[];
  /** Include the key step's guards (counts of changed collections). @default true */
  guards?: boolean;
  /** Include `unchanged` guards of an infeasible key step. @default true */
  unchanged?: boolean;
  /** Require that the task was not reported infeasible (the last key step of a task the demo completed). @default false */
  feasible?: boolean;
}

/** The JavaScript source of the label function of one key step. */
export function labelCode(ks: KeyStep, goal: string, options: LabelCodeOptions = {}): string {
  const body = new Body();
  const checks: string[] = [];
  switch (ks.kind) {
    case 'answer': checks.push(`api.answered(${answerCheckCode(ks.answer ?? '', goal)})`); break;
    case 'infeasible': checks.push('api.reportedInfeasible()'); break;
    case 'form': {
      for (const f of ks.form?.fills ?? []) checks.push(`api.typed(${lit(f.text)}, ${lit(f.field)})`);
      const submit = ks.form?.submit;
      if (submit) checks.push('key' in submit ? `api.pressed(${lit(submit.key)})` : `api.clicked(${lit(submit.role)}, ${lit(submit.name)})`);
      break;
    }
    case 'navigation': case 'state': break;
  }
  const own = ks.kind === 'infeasible' && options.unchanged === false ? [] : ks.conditions;
  for (const c of [...own, ...(options.also ?? []), ...(options.guards === false ? [] : ks.guards)]) checks.push(conditionCode(c, body));
  if (ks.page) checks.push(...pageCode(ks.page, body));
  if (options.feasible && ks.kind !== 'infeasible') checks.push('!api.reportedInfeasible()');
  if (checks.length === 0) checks.push('false');
  const comment = `// ${ks.description.replace(/\s+/g, ' ').slice(0, 300)}`;
  if (body.lines.length === 0 && checks.length === 1 && checks[0]!.length < 120) {
    return `(traj, api) => ${checks[0]}`;
  }
  const ret = checks.length === 1 ? `return ${checks[0]};` : `return (\n    ${checks.join('\n    && ')}\n  );`;
  return ['(traj, api) => {', `  ${comment}`, ...body.lines.map((l) => `  ${l}`), `  ${ret}`, '}'].join('\n').replace(/ +\n/g, '\n');
}

/**
 * Candidate codes for one key step, strictest first. The last key step re-checks the earlier key
 * steps' conditions and the collection guards, and requires that the task was not reported
 * infeasible (for a demo that completed it); the looser candidates drop the guards, then the earlier
 * conditions. Duplicates are removed.
 */
export function candidateCodes(ks: KeyStep, goal: string, earlier: readonly StateCondition[], isLast: boolean): string[] {
  const variants: LabelCodeOptions[] = isLast
    ? [{ also: earlier }, { also: earlier, guards: false }, { guards: false }, { guards: false, unchanged: false }].map((v) => ({ ...v, feasible: true }))
    : [{ guards: false }];
  const out: string[] = [];
  for (const v of variants) {
    const code = labelCode(ks, goal, v);
    if (!out.includes(code)) out.push(code);
  }
  return out;
}
