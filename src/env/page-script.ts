/**
 * Functions that run inside the page (passed to page.evaluate / addInitScript). Each one is
 * self-contained: Playwright sends its source text, so it may not refer to anything outside its
 * own body. Element ids live in a WeakMap kept on `window` under `Symbol.for('coregym.page')`;
 * nothing is written into the page's DOM.
 * @module
 */

/** What the in-page snapshot returns for one element. */
export interface RawElement {
  id: string;
  role: string;
  name: string;
  depth: number;
  value?: string;
  checked?: boolean;
  disabled?: boolean;
  options?: string[];
  bbox: [number, number, number, number];
  visible: boolean;
  clickable?: boolean;
  editable?: boolean;
  tag: string;
  href?: string;
  level?: number;
}

export interface RawSnapshot {
  url: string;
  title: string;
  elements: RawElement[];
  focused?: string;
  /** Visible text of the page, whitespace-collapsed, bounded. */
  text: string;
  /** Next id this document would assign (ids are unique within an episode across documents). */
  nextId: number;
}

export interface SnapshotOptions {
  /** Lowest id a newly seen element may get (the episode's id counter). */
  idBase: number;
  maxNameChars: number;
  maxTextChars: number;
}

/**
 * Init script: tracks the time of the last DOM mutation so the host can wait for the DOM to be quiet.
 * Installed with context.addInitScript, so it runs before the page's own scripts in every document.
 */
export function installMutationTracker(): void {
  const KEY = Symbol.for('coregym.page');
  const w = window as unknown as Record<symbol, { lastMutation: number } | undefined>;
  if (w[KEY]) return;
  const st = { lastMutation: performance.now() };
  w[KEY] = st;
  new MutationObserver(() => {
    st.lastMutation = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** Wait in the page until no DOM mutation happened for `quietMs`, or `timeout` passes. Returns ms waited. */
export function waitForDomQuiet(args: { quietMs: number; timeout: number }): Promise<number> {
  const KEY = Symbol.for('coregym.page');
  const st = (window as unknown as Record<symbol, { lastMutation?: number } | undefined>)[KEY];
  const start = performance.now();
  if (!st || st.lastMutation === undefined) return Promise.resolve(0);
  return new Promise((resolve) => {
    const check = () => {
      const now = performance.now();
      const quietFor = now - st.lastMutation!;
      if (quietFor >= args.quietMs || now - start >= args.timeout) resolve(now - start);
      else setTimeout(check, Math.max(1, Math.min(args.quietMs - quietFor, args.timeout - (now - start))));
    };
    check();
  });
}

/**
 * Walk the DOM, assign stable ids and return every element an agent may refer to, as the JSON text
 * of a RawSnapshot: Playwright's own serialization of a large object costs several times more.
 */
export function snapshotPage(opts: SnapshotOptions): string {
  type State = { lastMutation?: number; ids?: WeakMap<Element, string>; byId?: Map<string, WeakRef<Element>>; next?: number };
  const KEY = Symbol.for('coregym.page');
  const w = window as unknown as Record<symbol, State | undefined>;
  const st: State = w[KEY] ?? (w[KEY] = {});
  if (!st.ids) st.ids = new WeakMap();
  if (!st.byId) st.byId = new Map();
  st.next = Math.max(st.next ?? 0, opts.idBase);
  if (st.lastMutation === undefined) {
    st.lastMutation = performance.now();
    new MutationObserver(() => {
      st.lastMutation = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }
  const ids = st.ids;
  const byId = st.byId;
  // Elements that left the DOM are pruned; hidden ones keep their id so errors can say "hidden".
  for (const [id, ref] of byId) {
    const el = ref.deref();
    if (!el || !el.isConnected) byId.delete(id);
  }
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  const clip = (s: string) => (s.length > opts.maxNameChars ? `${s.slice(0, opts.maxNameChars - 1)}…` : s);

  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'TITLE', 'BASE']);
  const NAME_FROM_CONTENT = new Set(['button', 'link', 'heading', 'option', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'cell', 'columnheader', 'rowheader', 'switch', 'treeitem', 'tooltip', 'clickable', 'summary']);
  const INPUT_ROLES: Record<string, string> = {
    button: 'button', submit: 'button', reset: 'button', image: 'button', file: 'button', checkbox: 'checkbox', radio: 'radio',
    range: 'slider', number: 'spinbutton', search: 'searchbox', email: 'textbox', tel: 'textbox', text: 'textbox',
    url: 'textbox', password: 'textbox', date: 'textbox', 'datetime-local': 'textbox', month: 'textbox', time: 'textbox', week: 'textbox', color: 'button',
  };

  const implicitRole = (el: Element, tag: string): string | null => {
    switch (tag) {
      case 'A': case 'AREA': return el.hasAttribute('href') ? 'link' : null;
      case 'BUTTON': return 'button';
      case 'INPUT': {
        const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
        if (type === 'hidden') return null;
        if ((type === 'text' || type === 'search' || type === 'email' || type === 'tel' || type === 'url') && el.hasAttribute('list')) return 'combobox';
        return INPUT_ROLES[type] ?? 'textbox';
      }
      case 'SELECT': return (el as HTMLSelectElement).multiple || (el as HTMLSelectElement).size > 1 ? 'listbox' : 'combobox';
      case 'OPTION': return 'option';
      case 'TEXTAREA': return 'textbox';
      case 'H1': case 'H2': case 'H3': case 'H4': case 'H5': case 'H6': return 'heading';
      case 'IMG': return el.getAttribute('alt') === '' ? null : 'img';
      case 'NAV': return 'navigation';
      case 'MAIN': return 'main';
      case 'HEADER': return el.closest('article, aside, main, nav, section') ? null : 'banner';
      case 'FOOTER': return el.closest('article, aside, main, nav, section') ? null : 'contentinfo';
      case 'ASIDE': return 'complementary';
      case 'FORM': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') || el.hasAttribute('name') ? 'form' : null;
      case 'SECTION': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
      case 'UL': case 'OL': case 'MENU': return 'list';
      case 'LI': return 'listitem';
      case 'TABLE': return 'table';
      case 'TR': return 'row';
      case 'TD': return 'cell';
      case 'TH': return el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader';
      case 'DIALOG': return 'dialog';
      case 'P': return 'paragraph';
      case 'FIELDSET': case 'DETAILS': return 'group';
      case 'SUMMARY': return 'summary';
      case 'PROGRESS': return 'progressbar';
      case 'ARTICLE': return 'article';
      case 'HR': return 'separator';
      case 'IFRAME': return 'iframe';
      default: return (el as HTMLElement).isContentEditable && el.parentElement && !el.parentElement.isContentEditable ? 'textbox' : null;
    }
  };

  const textOf = (el: Element): string => {
    const t = collapse(el.textContent ?? '');
    if (t) return t;
    const img = el.querySelector('img[alt], [aria-label]');
    return img ? collapse(img.getAttribute('alt') || img.getAttribute('aria-label') || '') : '';
  };

  const accName = (el: Element, role: string, tag: string): string => {
    const labelledby = el.getAttribute('aria-labelledby');
    if (labelledby) {
      const t = collapse(labelledby.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
      if (t) return t;
    }
    const aria = el.getAttribute('aria-label');
    if (aria && aria.trim()) return collapse(aria);
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
      const type = (el as HTMLInputElement).type;
      if (tag === 'INPUT' && (type === 'submit' || type === 'reset' || type === 'button')) {
        return collapse((el as HTMLInputElement).value || (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : ''));
      }
      if (tag === 'INPUT' && type === 'image') return collapse(el.getAttribute('alt') || 'Submit');
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length) {
        // A label that wraps its control must not lend it the control's own text (select options,
        // textarea contents); Chromium's accessible name leaves them out too.
        const labelText = (l: HTMLLabelElement) => {
          if (!l.contains(el)) return l.textContent ?? '';
          const copy = l.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('select, textarea, input, button').forEach((c) => c.remove());
          return copy.textContent ?? '';
        };
        const t = collapse([...labels].map(labelText).join(' '));
        if (t) return t;
      }
      const title = el.getAttribute('title') || el.getAttribute('placeholder');
      if (title) return collapse(title);
      return '';
    }
    if (tag === 'IMG' || tag === 'AREA') return collapse(el.getAttribute('alt') || el.getAttribute('title') || '');
    if (tag === 'FIELDSET') {
      const legend = el.querySelector(':scope > legend');
      if (legend) return collapse(legend.textContent ?? '');
    }
    if (tag === 'TABLE') {
      const cap = (el as HTMLTableElement).caption;
      if (cap) return collapse(cap.textContent ?? '');
    }
    if (NAME_FROM_CONTENT.has(role)) {
      const t = textOf(el);
      if (t) return t;
    }
    return collapse(el.getAttribute('title') ?? '');
  };

  interface Item { el: Element; role: string; name: string; depth: number; tag: string }
  const items: Item[] = [];

  // Returns true when the subtree emitted items other than plain text.
  const walk = (el: Element, depth: number, parentPointer: boolean, inNameFromContent: boolean): boolean => {
    const tag = el.tagName;
    if (SKIP.has(tag)) return false;
    if (el.getAttribute('aria-hidden') === 'true' || (el as HTMLElement).hidden) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none') return false;
    const pointer = style.cursor === 'pointer';
    const shown = style.visibility !== 'hidden' && style.visibility !== 'collapse';
    const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
    let role: string | null = explicit && explicit !== 'presentation' && explicit !== 'none' && explicit !== 'generic' ? explicit : implicitRole(el, tag);
    if (tag === 'SVG' || tag === 'svg') {
      if (!role && !el.getAttribute('aria-label')) return false;
    }
    if (!role && !inNameFromContent && (el.hasAttribute('onclick') || (pointer && !parentPointer) || (el.hasAttribute('tabindex') && el.getAttribute('tabindex') !== '-1'))) {
      role = 'clickable';
    }
    if (!shown) role = null;
    const nfc = role !== null && NAME_FROM_CONTENT.has(role);
    const myIndex = items.length;
    if (role) items.push({ el, role, name: '', depth, tag });
    const childDepth = role ? depth + 1 : depth;
    let structured = false;
    let ownText = '';
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        if (shown && !nfc && !inNameFromContent) ownText += child.nodeValue ?? '';
      } else if (child.nodeType === 1) {
        if (walk(child as Element, childDepth, pointer, inNameFromContent || nfc)) structured = true;
      }
    }
    if (tag === 'IFRAME') {
      try {
        const body = (el as HTMLIFrameElement).contentDocument?.body;
        if (body && walk(body, childDepth, false, false)) structured = true;
      } catch {
        // cross-origin frame: its content is not reachable from here
      }
    }
    ownText = collapse(ownText);
    if (role) {
      const item = items[myIndex]!;
      let name = accName(el, role, tag);
      if (!name && !structured && !nfc) {
        // A container of plain text only (paragraph, list item, ...): fold the text into its line.
        name = collapse(el.textContent ?? '');
        items.length = myIndex + 1;
      } else if (!name && ownText) name = ownText;
      item.name = clip(name);
      return true;
    }
    if (ownText && !inNameFromContent) {
      if (!structured) {
        // Only text inside (inline markup): one text item for the whole element.
        items.length = myIndex;
        items.push({ el, role: 'text', name: clip(collapse(el.textContent ?? '')), depth, tag });
      } else {
        items.splice(myIndex, 0, { el, role: 'text', name: clip(ownText), depth, tag });
      }
    }
    return structured;
  };

  if (document.body) walk(document.body, 0, false, false);

  const out: RawElement[] = [];
  for (const it of items) {
    const el = it.el;
    let id = ids.get(el);
    if (!id) {
      id = String(st.next++);
      ids.set(el, id);
    }
    byId.set(id, new WeakRef(el));
    const r = el.getBoundingClientRect();
    const bbox: [number, number, number, number] = [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
    const visible = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh;
    const e: RawElement = { id, role: it.role, name: it.name, depth: it.depth, bbox, visible, tag: it.tag.toLowerCase() };
    const tag = it.tag;
    if (tag === 'INPUT') {
      const inp = el as HTMLInputElement;
      if (inp.type === 'checkbox' || inp.type === 'radio') e.checked = inp.checked;
      else if (inp.type === 'password') e.value = '•'.repeat(inp.value.length);
      else if (inp.type === 'file') e.value = [...(inp.files ?? [])].map((f) => f.name).join(', ');
      else if (!['submit', 'reset', 'button', 'image'].includes(inp.type)) e.value = inp.value;
    } else if (tag === 'TEXTAREA') {
      e.value = (el as HTMLTextAreaElement).value;
    } else if (tag === 'SELECT') {
      const sel = el as HTMLSelectElement;
      e.options = [...sel.options].map((o) => collapse(o.label || o.text));
      e.value = [...sel.selectedOptions].map((o) => collapse(o.label || o.text)).join(', ');
    } else if ((el as HTMLElement).isContentEditable && it.role === 'textbox') {
      e.value = collapse(el.textContent ?? '');
    }
    const ariaChecked = el.getAttribute('aria-checked');
    if (ariaChecked) e.checked = ariaChecked === 'true';
    if (tag === 'OPTION') e.checked = (el as HTMLOptionElement).selected;
    if (el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true') e.disabled = true;
    if (tag === 'A' && (el as HTMLAnchorElement).href) e.href = (el as HTMLAnchorElement).href;
    if (/^H[1-6]$/.test(tag)) e.level = Number(tag[1]);
    const r2 = it.role;
    if (r2 === 'textbox' || r2 === 'searchbox' || r2 === 'combobox' && tag === 'INPUT' || r2 === 'spinbutton') {
      e.editable = !(el as HTMLInputElement).readOnly && !e.disabled;
    }
    if (r2 === 'button' || r2 === 'link' || r2 === 'clickable' || r2 === 'checkbox' || r2 === 'radio' || r2 === 'option' || r2 === 'tab' || r2 === 'menuitem' || r2 === 'switch' || r2 === 'summary' || r2 === 'combobox' || r2 === 'listbox') {
      e.clickable = true;
    }
    out.push(e);
  }
  const active = document.activeElement;
  const focused = active && active !== document.body ? ids.get(active) : undefined;
  let text = document.body ? collapse(document.body.innerText ?? '') : '';
  if (text.length > opts.maxTextChars) text = text.slice(0, opts.maxTextChars);
  const snap: RawSnapshot = { url: location.href, title: document.title, elements: out, focused, text, nextId: st.next };
  return JSON.stringify(snap);
}

/** Result of looking an id up in the page before acting on it. */
export type TargetStatus =
  | { status: 'ok' }
  | { status: 'unknown' }
  | { status: 'gone' }
  | { status: 'hidden'; why: string }
  | { status: 'disabled' }
  | { status: 'covered'; by: string }
  | { status: 'not_editable'; tag: string }
  | { status: 'not_select'; tag: string }
  | { status: 'no_option'; missing: string[]; options: string[] };

/**
 * Check an element by id before (or after a failed) action: is it there, rendered, enabled,
 * not covered at its centre? `kind` says what the action needs.
 */
export function checkTarget(args: { id: string; idLimit: number; kind: 'click' | 'hover' | 'fill' | 'select' | 'press' | 'upload'; options?: string[] }): TargetStatus {
  const KEY = Symbol.for('coregym.page');
  const st = (window as unknown as Record<symbol, { byId?: Map<string, WeakRef<Element>> } | undefined>)[KEY];
  const el = st?.byId?.get(args.id)?.deref();
  if (!el) return /^\d+$/.test(args.id) && Number(args.id) < args.idLimit ? { status: 'gone' } : { status: 'unknown' };
  if (!el.isConnected) return { status: 'gone' };
  const describe = (n: Element) => {
    const id = n.id ? `#${n.id}` : '';
    const cls = typeof n.className === 'string' && n.className.trim() ? `.${n.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
    const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${n.tagName.toLowerCase()}${id}${cls}>${text ? ` "${text}"` : ''}`;
  };
  const tag = el.tagName;
  if (args.kind === 'upload') return { status: 'ok' };
  if (args.kind === 'fill') {
    const editable = tag === 'TEXTAREA' || (el as HTMLElement).isContentEditable
      || (tag === 'INPUT' && !['checkbox', 'radio', 'submit', 'reset', 'button', 'image', 'file', 'hidden', 'range', 'color'].includes((el as HTMLInputElement).type));
    if (!editable) return { status: 'not_editable', tag: describe(el) };
  }
  if (args.kind === 'select') {
    if (tag !== 'SELECT') return { status: 'not_select', tag: describe(el) };
    const opts = [...(el as HTMLSelectElement).options];
    const labels = opts.map((o) => (o.label || o.text).replace(/\s+/g, ' ').trim());
    const missing = (args.options ?? []).filter((want) => !opts.some((o, i) => o.value === want || labels[i] === want));
    if (missing.length) return { status: 'no_option', missing, options: labels };
  }
  const style = getComputedStyle(el);
  if (!el.checkVisibility({ visibilityProperty: true })) return { status: 'hidden', why: 'it is not rendered (display:none, visibility:hidden or inside a hidden container)' };
  const r = el.getBoundingClientRect();
  if ((r.width === 0 || r.height === 0) && style.display !== 'contents') return { status: 'hidden', why: 'it has zero size' };
  if (args.kind !== 'hover' && args.kind !== 'press' && (el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true')) return { status: 'disabled' };
  if (args.kind === 'click' || args.kind === 'hover') {
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    if (cx >= 0 && cy >= 0 && cx < window.innerWidth && cy < window.innerHeight) {
      let hit = document.elementFromPoint(cx, cy);
      while (hit && hit.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(cx, cy);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      if (hit && hit !== el && !el.contains(hit)) {
        const label = hit.closest('label');
        const retargeted = label && (label as HTMLLabelElement).control === el;
        if (!retargeted) return { status: 'covered', by: describe(hit) };
      }
    }
  }
  return { status: 'ok' };
}

/** Draw numbered boxes over elements in a closed shadow root; returns a function name to remove them. */
export function drawMarks(marks: Array<{ id: string; bbox: [number, number, number, number] }>): void {
  const host = document.createElement('coregym-marks');
  host.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647';
  const root = host.attachShadow({ mode: 'closed' });
  for (const m of marks) {
    const [x, y, w, h] = m.bbox;
    const box = document.createElement('div');
    box.style.cssText = `position:fixed;left:${x}px;top:${y}px;width:${w}px;height:${h}px;outline:2px solid #e11d48;box-sizing:border-box`;
    const tag = document.createElement('span');
    tag.textContent = m.id;
    tag.style.cssText = 'position:absolute;left:0;top:-14px;font:bold 11px/13px monospace;background:#e11d48;color:#fff;padding:0 2px';
    box.appendChild(tag);
    root.appendChild(box);
  }
  document.documentElement.appendChild(host);
  (window as unknown as Record<symbol, Element>)[Symbol.for('coregym.marks')] = host;
}

/** Remove the set-of-marks overlay drawn by drawMarks. */
export function removeMarks(): void {
  const key = Symbol.for('coregym.marks');
  const w = window as unknown as Record<symbol, Element | undefined>;
  w[key]?.remove();
  delete w[key];
}

/**
 * Source of the init script that puts the helpers on `window[Symbol.for('coregym.page')]` in every
 * document, before the page's own scripts. Calling installed helpers saves sending and compiling
 * their source on every evaluate; and init scripts are not subject to the page's CSP.
 */
export const PAGE_HELPERS_SCRIPT = `(() => {
  (${installMutationTracker.toString()})();
  const st = window[Symbol.for('coregym.page')];
  st.snapshot = ${snapshotPage.toString()};
  st.check = ${checkTarget.toString()};
  st.quiet = ${waitForDomQuiet.toString()};
})();`;
