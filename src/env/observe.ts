/**
 * Build what an agent sees of a page, in one page.evaluate: the element list with stable ids, the
 * accessibility-tree text, the compact page state for trajectories, and opt-in screenshots.
 * @module
 */
import type { Page } from 'playwright-core';
import type { ElementInfo } from './observation.ts';
import type { CompactElement, PageState } from './trajectory.ts';
import { drawMarks, removeMarks, type RawElement, type RawSnapshot } from './page-script.ts';
import { callHelper } from './page-helpers.ts';

/** Options of `observePage`. */
export interface ObserveOptions {
  /** Bound on the accessibility-tree text, in characters. @default 20000 */
  maxTextChars?: number;
  /** Bound on the visible page text recorded in PageState, in characters. @default 8000 */
  maxPageTextChars?: number;
  /** Bound on accessible names, in characters. @default 150 */
  maxNameChars?: number;
  /** Take a PNG screenshot of the viewport. @default false */
  screenshot?: boolean;
  /** Take a PNG screenshot with numbered boxes over visible elements. @default false */
  setOfMarks?: boolean;
}

export const OBSERVE_DEFAULTS = {
  maxTextChars: 20_000,
  maxPageTextChars: 8000,
  maxNameChars: 150,
  screenshot: false,
  setOfMarks: false,
} as const satisfies Required<ObserveOptions>;

/** A page as observed. */
export interface PageView {
  url: string;
  title: string;
  elements: ElementInfo[];
  axtree: string;
  truncated: boolean;
  focused?: string;
  /** Visible text, bounded by maxPageTextChars. */
  text: string;
  /** The id counter after this observation. */
  nextId: number;
  screenshot?: Uint8Array;
  setOfMarks?: Uint8Array;
}

function quoteName(s: string): string {
  return `'${s}'`;
}

/** Format elements as BrowserGym-style accessibility-tree text, cut at maxTextChars on a line boundary. */
export function formatAxtree(title: string, elements: readonly RawElement[], maxTextChars: number): { text: string; truncated: boolean } {
  const lines: string[] = [`RootWebArea ${quoteName(title)}`];
  for (const e of elements) {
    let line = `${'\t'.repeat(e.depth + 1)}[${e.id}] ${e.role} ${quoteName(e.name)}`;
    if (e.level) line += ` level=${e.level}`;
    if (e.value !== undefined && e.value !== '') line += ` value=${quoteName(e.value.length > 200 ? `${e.value.slice(0, 199)}…` : e.value)}`;
    if (e.checked !== undefined && e.role !== 'option') line += e.checked ? ' checked' : ' unchecked';
    if (e.role === 'option' && e.checked) line += ' selected';
    if (e.disabled) line += ' disabled';
    lines.push(line);
  }
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += lines[i]!.length + 1;
    if (size > maxTextChars) {
      const rest = lines.length - i;
      return { text: `${lines.slice(0, i).join('\n')}\n... (truncated: ${rest} more lines)`, truncated: true };
    }
  }
  return { text: lines.join('\n'), truncated: false };
}

function toElementInfo(e: RawElement): ElementInfo {
  const info: ElementInfo = { id: e.id, role: e.role, name: e.name, visible: e.visible, bbox: e.bbox, tag: e.tag };
  if (e.value !== undefined) info.value = e.value;
  if (e.checked !== undefined) info.checked = e.checked;
  if (e.disabled) info.disabled = true;
  if (e.options) info.options = e.options;
  if (e.clickable) info.clickable = true;
  if (e.editable) info.editable = true;
  if (e.href) info.href = e.href;
  return info;
}

/**
 * Observe a page: one evaluate for the DOM walk, plus screenshots when asked.
 * `idBase` is the episode's id counter, so that ids stay unique across documents and tabs.
 */
export async function observePage(page: Page, idBase: number, options: ObserveOptions = {}): Promise<PageView> {
  const o = { ...OBSERVE_DEFAULTS, ...options };
  const raw = JSON.parse(await callHelper(page, 'snapshot', { idBase, maxNameChars: o.maxNameChars, maxTextChars: o.maxPageTextChars })) as RawSnapshot;
  const { text: axtree, truncated } = formatAxtree(raw.title, raw.elements, o.maxTextChars);
  const view: PageView = {
    url: raw.url,
    title: raw.title,
    elements: raw.elements.map(toElementInfo),
    axtree,
    truncated,
    text: raw.text,
    nextId: raw.nextId,
  };
  if (raw.focused) view.focused = raw.focused;
  if (o.screenshot) view.screenshot = await page.screenshot({ type: 'png' });
  if (o.setOfMarks) {
    const marks = raw.elements.filter((e) => e.visible && (e.clickable || e.editable)).map((e) => ({ id: e.id, bbox: e.bbox }));
    // The overlay lives in a closed shadow root for the duration of one screenshot and is removed right after.
    await page.evaluate(drawMarks, marks);
    try {
      view.setOfMarks = await page.screenshot({ type: 'png' });
    } finally {
      await page.evaluate(removeMarks);
    }
  }
  return view;
}

/** The compact element of a trajectory. */
export function compactElement(e: ElementInfo): CompactElement {
  const c: CompactElement = { id: e.id, role: e.role, name: e.name };
  if (e.value !== undefined) c.value = e.value;
  if (e.checked !== undefined) c.checked = e.checked;
  if (e.disabled) c.disabled = true;
  c.visible = e.visible;
  if (e.href) c.href = e.href;
  return c;
}

/** The PageState recorded in a trajectory, with at most `maxElements` elements (visible and interactive ones first). */
export function toPageState(view: PageView, maxElements: number): PageState {
  let els = view.elements;
  if (els.length > maxElements) {
    const rank = (e: ElementInfo) => (e.visible ? 0 : 2) + (e.clickable || e.editable ? 0 : 1);
    const keep = new Set(els.map((e, i) => ({ e, i, r: rank(e) })).sort((a, b) => a.r - b.r || a.i - b.i).slice(0, maxElements).map((x) => x.i));
    els = els.filter((_, i) => keep.has(i));
  }
  return { url: view.url, title: view.title, elements: els.map(compactElement), text: view.text };
}
