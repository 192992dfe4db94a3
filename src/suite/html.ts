/**
 * Safe HTML building for the built-in sites: tagged templates that escape interpolations, and a
 * shared page shell.
 * @module
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Already-escaped HTML; produced by `html` and `raw`, passed through unescaped when interpolated. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: escapes every interpolation except SafeHtml (and arrays of them). */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Mark trusted markup as safe (site-authored snippets only, never user input). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Options of the page shell. */
export interface PageOptions {
  title: string;
  /** Site-wide CSS. */
  css?: string;
  /** Header/navigation markup. */
  header?: SafeHtml;
  body: SafeHtml;
  /** Extra script (site-authored). */
  script?: string;
}

/** A complete HTML document. */
export function page(options: PageOptions): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(options.title)}</title>${options.css ? `<style>${options.css}</style>` : ''}</head><body>${options.header ?? ''}<main id="main">${options.body}</main>${options.script ? `<script>${options.script}</script>` : ''}</body></html>`;
}
