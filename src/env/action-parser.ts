/**
 * Parse actions from model output: BrowserGym-style calls (`click("12")`, `fill("5", "alice")`)
 * surrounded by prose or code fences, JSON objects, or typed Action objects; and format actions
 * back to their canonical call string.
 *
 * Which call wins when the text holds several: if the text has fenced code blocks (```), only the
 * code blocks are searched; the LAST well-formed call of a known action is taken, because models
 * reason first and act last ("I could click("3") but I'll fill("5", "x")"). Calls inside the
 * string arguments of another call are never picked.
 * @module
 */
import { ActionParseError, quote } from './errors.ts';
import { ActionSchema, type Action } from './action-schema.ts';
import { ACTION_DEFS, ALL_CALL_NAMES, CALL_NAMES, findActionDef, type ActionDef, type ParamDef } from './action-defs.ts';

type Value = string | number | boolean | null | Value[];

interface Call {
  name: string;
  positional: Value[];
  keywords: Map<string, Value>;
}

/** A failed read, caught inside this module. Not an Error: capturing a stack per failed candidate made text full of `a(` slow. */
class SyntaxFail {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** Hand-written tokenizer/parser for one call `name(arg, ..., key=value)` starting at `start`. */
class CallReader {
  private readonly text: string;
  pos: number;
  constructor(text: string, pos: number) {
    this.text = text;
    this.pos = pos;
  }

  private ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private ident(): string | undefined {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  readCall(): Call {
    const name = this.ident();
    if (!name) throw new SyntaxFail('expected an action name');
    this.ws();
    if (this.text[this.pos] !== '(') throw new SyntaxFail(`expected "(" after ${name}`);
    this.pos++;
    const positional: Value[] = [];
    const keywords = new Map<string, Value>();
    this.ws();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { name, positional, keywords };
    }
    for (;;) {
      this.ws();
      const save = this.pos;
      const key = this.ident();
      this.ws();
      if (key !== undefined && this.text[this.pos] === '=' && this.text[this.pos + 1] !== '=') {
        this.pos++;
        keywords.set(key, this.value());
      } else {
        this.pos = save;
        if (keywords.size > 0) throw new SyntaxFail('positional argument after a keyword argument');
        positional.push(this.value());
      }
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        this.ws();
        if (this.text[this.pos] === ')') {
          this.pos++;
          return { name, positional, keywords };
        }
        continue;
      }
      if (c === ')') {
        this.pos++;
        return { name, positional, keywords };
      }
      throw new SyntaxFail(c === undefined ? `unterminated call to ${name}` : `unexpected ${quote(c)} in call to ${name}`);
    }
  }

  private value(): Value {
    this.ws();
    const c = this.text[this.pos];
    if (c === '"' || c === "'" || c === '`') return this.string(c);
    if (c === '[') {
      this.pos++;
      const items: Value[] = [];
      this.ws();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return items;
      }
      for (;;) {
        items.push(this.value());
        this.ws();
        const d = this.text[this.pos];
        if (d === ',') {
          this.pos++;
          this.ws();
          if (this.text[this.pos] === ']') {
            this.pos++;
            return items;
          }
          continue;
        }
        if (d === ']') {
          this.pos++;
          return items;
        }
        throw new SyntaxFail('unterminated list');
      }
    }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 40));
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    const word = this.ident();
    if (word === 'True' || word === 'true') return true;
    if (word === 'False' || word === 'false') return false;
    if (word === 'None' || word === 'null' || word === 'undefined') return null;
    throw new SyntaxFail(word ? `unexpected name ${word} (arguments must be strings, numbers or lists)` : `unexpected ${quote(c ?? 'end of text')}`);
  }

  private string(q: string): string {
    // Python triple-quoted strings
    const triple = this.text.startsWith(q.repeat(3), this.pos);
    const close = triple ? q.repeat(3) : q;
    this.pos += close.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) throw new SyntaxFail('unterminated string');
      if (this.text.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const ch = this.text[this.pos]!;
      if (ch === '\\') {
        const e = this.text[this.pos + 1];
        this.pos += 2;
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case '0': out += '\0'; break;
          case 'u': {
            const hex = this.text.slice(this.pos, this.pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxFail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          case 'x': {
            const hex = this.text.slice(this.pos, this.pos + 2);
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new SyntaxFail('bad \\x escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 2;
            break;
          }
          case undefined: throw new SyntaxFail('unterminated string');
          default: out += e;
        }
        continue;
      }
      if (!triple && ch === '\n' && q !== '`') throw new SyntaxFail('newline inside a string (use \\n)');
      out += ch;
      this.pos++;
    }
  }
}

/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidates nearest to `name` (distance <= max(1, len/3)), best first. */
export function nearest(name: string, candidates: readonly string[], limit = 3): string[] {
  const max = Math.max(1, Math.floor(name.length / 3));
  // The length difference bounds the distance from below: skipping on it keeps a huge name cheap.
  return candidates
    .filter((c) => Math.abs(c.length - name.length) <= max)
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .filter((x) => x.d <= max)
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map((x) => x.c);
}

const VALID = `Valid actions: ${CALL_NAMES.map((n) => `${n}()`).join(', ')}.`;

/** The `action_unknown` error for a name, with the nearest valid names. */
export function unknownAction(api: string, name: string): ActionParseError {
  const near = nearest(name, ALL_CALL_NAMES);
  const hint = near.length ? ` Did you mean ${near.map((n) => `${findActionDef(n)!.call}()`).filter((v, i, a) => a.indexOf(v) === i).join(' or ')}?` : '';
  return new ActionParseError('action_unknown', `${api}: unknown action ${quote(name)}.${hint} ${VALID}`);
}

interface Found {
  call?: Call;
  /** A syntax problem in a call of a known action, when no well-formed one was found. */
  syntax?: string;
  /** A well-formed call of an unknown name, when no known one was found. */
  unknown?: string;
}

function findCalls(text: string): Found {
  // Only whole identifiers may start a match: without the lookbehind, each position inside a long
  // word would rescan the rest of it, which is quadratic (a 10 MB word blocked the thread for hours).
  const pattern = /(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*\s*\(/g;
  let last: Call | undefined;
  let syntax: string | undefined;
  let unknown: string | undefined;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text))) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(m[0])![0];
    const known = findActionDef(name) !== undefined;
    const reader = new CallReader(text, m.index);
    try {
      const call = reader.readCall();
      if (known) last = call;
      else if (!unknown && !/^(print|def|if|for|while|return|len|str|int)$/.test(name)) unknown = name;
      pattern.lastIndex = reader.pos;
    } catch (e) {
      if (!(e instanceof SyntaxFail)) throw e;
      if (known && !syntax) syntax = `${e.message} at character ${reader.pos} of ${quote(text.slice(m.index, m.index + 60))}`;
    }
  }
  return { call: last, syntax, unknown };
}

function codeBlocks(text: string): string | undefined {
  const blocks = [...text.matchAll(/```[A-Za-z0-9_-]*\n?([\s\S]*?)```/g)].map((b) => b[1]!);
  return blocks.length ? blocks.join('\n') : undefined;
}

function argError(api: string, def: ActionDef, what: string): ActionParseError {
  const sig = `${def.call}(${def.params.map((p) => (p.optional ? `${p.name}?` : p.name)).join(', ')})`;
  return new ActionParseError('action_args', `${api}: ${what}. Usage: ${sig}, e.g. ${def.example}`);
}

function convert(api: string, def: ActionDef, p: ParamDef, v: Value): unknown {
  const bad = (expected: string) => argError(api, def, `argument ${p.name} of ${def.call}() (expected ${expected}, got ${quote(v)})`);
  switch (p.kind) {
    case 'id':
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
      if (typeof v === 'string' && v.trim() !== '') return v.trim().replace(/^\[(.+)\]$/, '$1');
      throw bad('an element id like "12"');
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return String(v);
      throw bad('a string');
    case 'number':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
      throw bad('a number');
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
      throw bad('an integer');
    case 'strings':
      if (typeof v === 'string') return [v];
      if (typeof v === 'number') return [String(v)];
      if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
      throw bad('a string or a non-empty list of strings');
    case 'button':
      if (v === 'left' || v === 'right' || v === 'middle') return v;
      throw bad('"left", "right" or "middle"');
    case 'modifiers': {
      const list = typeof v === 'string' ? [v] : v;
      const norm: Record<string, string> = { alt: 'Alt', control: 'Control', ctrl: 'Control', meta: 'Meta', shift: 'Shift' };
      if (Array.isArray(list) && list.every((x) => typeof x === 'string' && norm[x.toLowerCase()])) return list.map((x) => norm[(x as string).toLowerCase()]);
      throw bad('a list of "Alt", "Control", "Meta", "Shift"');
    }
  }
}

function callToAction(api: string, call: Call): Action {
  const def = findActionDef(call.name);
  if (!def) throw unknownAction(api, call.name);
  const out: Record<string, unknown> = { type: def.type };
  const positionalParams = def.params.filter((p) => !p.keywordOnly);
  if (call.positional.length > positionalParams.length) {
    throw argError(api, def, `${def.call}() takes ${positionalParams.length} positional argument${positionalParams.length === 1 ? '' : 's'} (got ${call.positional.length})`);
  }
  call.positional.forEach((v, i) => {
    const p = positionalParams[i]!;
    if (v !== null) out[p.field] = convert(api, def, p, v);
  });
  for (const [key, v] of call.keywords) {
    const p = def.params.find((q) => q.name === key || q.aliases.includes(key) || q.field === key);
    if (!p) {
      const names = def.params.map((q) => q.name);
      throw argError(api, def, `unknown argument ${quote(key)} of ${def.call}() (expected one of ${names.length ? names.join(', ') : 'no arguments'})`);
    }
    if (out[p.field] !== undefined) throw argError(api, def, `argument ${p.name} of ${def.call}() given twice`);
    if (v !== null) out[p.field] = convert(api, def, p, v);
  }
  for (const p of def.params) {
    if (!p.optional && out[p.field] === undefined) throw argError(api, def, `missing argument ${p.name} of ${def.call}()`);
  }
  const parsed = ActionSchema.safeParse(out);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw argError(api, def, `argument ${issue.path.join('.') || 'action'} of ${def.call}(): ${issue.message}`);
  }
  return parsed.data;
}

/** Validate an action object (`{ type, ...fields }`); `api` prefixes error messages. */
export function objectToAction(api: string, input: object): Action {
  const obj = input as Record<string, unknown>;
  if (typeof obj.type !== 'string') {
    throw new ActionParseError('action_syntax', `${api}: action object has no string "type" (got ${quote(obj)}). ${VALID}`);
  }
  const def = ACTION_DEFS.find((d) => d.type === obj.type) ?? findActionDef(obj.type);
  if (!def) throw unknownAction(api, obj.type);
  const normalized: Record<string, unknown> = { ...obj, type: def.type };
  if (typeof normalized.id === 'number') normalized.id = String(normalized.id);
  const parsed = ActionSchema.safeParse(normalized);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ActionParseError('action_args', `${api}: field ${issue.path.join('.') || 'action'} of a ${def.type} action: ${issue.message} (got ${quote(obj)}). Example: ${JSON.stringify(exampleObject(def))}`);
  }
  return parsed.data;
}

function exampleObject(def: ActionDef): unknown {
  return callToAction('example', new CallReader(def.example, 0).readCall());
}

/** Longest action text `parseAction` reads, in characters (model output is far shorter; this bounds the parse time of hostile input to about a second). */
export const MAX_ACTION_CHARS = 1_000_000;

/**
 * Parse an action from model output, a JSON object string, or an object.
 * @throws ActionParseError `action_syntax` (no well-formed call, or text over MAX_ACTION_CHARS), `action_unknown` (unknown name,
 *   with the nearest valid names), `action_args` (bad or missing arguments).
 * @example parseAction('I will log in.\n```\nfill("5", "alice")\n```') // { type: 'fill', id: '5', text: 'alice' }
 */
export function parseAction(input: string | Action | unknown): Action {
  const api = 'parseAction';
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return objectToAction(api, input);
  if (typeof input !== 'string') {
    throw new ActionParseError('action_syntax', `${api}: expected a string or an action object (got ${quote(input)}). ${VALID}`);
  }
  if (input.length > MAX_ACTION_CHARS) {
    throw new ActionParseError('action_syntax', `${api}: the action text is ${input.length} characters long; at most ${MAX_ACTION_CHARS} are parsed. Send one call such as click("12").`);
  }
  const trimmed = input.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    let obj: unknown;
    try {
      obj = JSON.parse(trimmed);
    } catch {
      obj = undefined; // not JSON after all: fall through to the call syntax
    }
    if (obj && typeof obj === 'object') return objectToAction(api, obj);
  }
  const code = codeBlocks(input);
  let found = code !== undefined ? findCalls(code) : { };
  if (!found.call) found = findCalls(input);
  if (found.call) return callToAction(api, found.call);
  if (found.syntax) throw new ActionParseError('action_syntax', `${api}: malformed action call: ${found.syntax}. Write one call such as click("12"). ${VALID}`);
  if (found.unknown) throw unknownAction(api, found.unknown);
  const bare = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(input)?.[1];
  if (bare) {
    const def = findActionDef(bare);
    if (def && def.params.every((p) => p.optional)) return callToAction(api, { name: bare, positional: [], keywords: new Map() });
    if (!def) throw unknownAction(api, bare);
  }
  throw new ActionParseError('action_syntax', `${api}: no action call found in ${quote(input)}. Write one call such as click("12"). ${VALID}`);
}

/** Result of `safeParseAction`. */
export type SafeParseActionResult = { success: true; action: Action } | { success: false; error: ActionParseError };

/** Like `parseAction`, but returns the error instead of throwing it. */
export function safeParseAction(input: string | Action | unknown): SafeParseActionResult {
  try {
    return { success: true, action: parseAction(input) };
  } catch (e) {
    if (e instanceof ActionParseError) return { success: false, error: e };
    throw e;
  }
}

function lit(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/**
 * The canonical BrowserGym-style string of an action; `parseAction(formatAction(a))` equals `a`.
 * @example formatAction({ type: 'fill', id: '5', text: 'alice' }) // 'fill("5", "alice")'
 */
export function formatAction(action: Action): string {
  const fields = action as Record<string, unknown>;
  const def = action.type === 'press' && action.id === undefined
    ? ACTION_DEFS.find((d) => d.call === 'keyboard_press')!
    : ACTION_DEFS.find((d) => d.type === action.type)!;
  const args: string[] = [];
  let skipped = false;
  for (const p of def.params) {
    let v = fields[p.field];
    if (v === undefined) {
      skipped = true;
      continue;
    }
    if (p.kind === 'strings' && Array.isArray(v) && v.length === 1) v = v[0];
    args.push(p.keywordOnly || skipped ? `${p.name}=${lit(v)}` : lit(v));
  }
  return `${def.call}(${args.join(', ')})`;
}
