/**
 * Normalized code hashes: two label functions whose sources differ only in comments, whitespace or
 * quote style hash the same, so the node pool can tell that they are one key step.
 * @module
 */
import { createHash } from 'node:crypto';

const IDENT = /[A-Za-z0-9_$]/;
// After these characters (or at the start) a `/` opens a regular expression, not a division.
const REGEX_PRECEDERS = new Set([...'(,=:[!&|?{};~+-*%<>^']);
const REGEX_KEYWORDS = /(?:^|[^A-Za-z0-9_$])(?:return|typeof|case|in|of|void|delete|throw|new|else|do)$/;

/**
 * The source with comments removed, whitespace collapsed (kept only where two identifier
 * characters would otherwise merge) and simple single-quoted strings rewritten with double quotes.
 * String, template and regular-expression literals are copied verbatim otherwise.
 */
export function normalizeCode(code: string): string {
  let out = '';
  let pendingSpace = false;
  let i = 0;
  const emit = (text: string): void => {
    if (pendingSpace && out.length > 0 && mustSeparate(out[out.length - 1]!, text[0]!)) out += ' ';
    pendingSpace = false;
    out += text;
  };
  while (i < code.length) {
    const c = code[i]!;
    const next = code[i + 1];
    if (/\s/.test(c)) {
      pendingSpace = true;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < code.length && code[i] !== '\n') i++;
      pendingSpace = true;
    } else if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? code.length : end + 2;
      pendingSpace = true;
    } else if (c === '"' || c === "'" || c === '`') {
      const end = literalEnd(code, i, c);
      const literal = code.slice(i, end);
      emit(c === "'" && !/["\\]/.test(literal.slice(1, -1)) ? `"${literal.slice(1, -1)}"` : literal);
      i = end;
    } else if (c === '/' && startsRegex(out)) {
      const end = regexEnd(code, i);
      emit(code.slice(i, end));
      i = end;
    } else {
      emit(c);
      i++;
    }
  }
  return out.replace(/;+$/, '');
}

/** SHA-256 (hex) of the normalized source. */
export function codeHash(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('hex');
}

// `a - -b` must not become `a--b`, nor `return x` become `returnx`.
function mustSeparate(before: string, after: string): boolean {
  return (IDENT.test(before) && IDENT.test(after)) || (before === after && (before === '+' || before === '-'));
}

function literalEnd(code: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return code.length;
}

function startsRegex(out: string): boolean {
  const last = out[out.length - 1];
  return last === undefined || REGEX_PRECEDERS.has(last) || REGEX_KEYWORDS.test(out);
}

function regexEnd(code: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '\\') i += 2;
    else if (c === '\n') return i;
    else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) {
        i++;
        while (i < code.length && /[a-z]/.test(code[i]!)) i++;
        return i;
      }
      i++;
    }
  }
  return code.length;
}
