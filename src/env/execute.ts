/**
 * Run one Action against the active tab. An agent's mistake (unknown or vanished id, a covered,
 * hidden or disabled element, a timeout, a bad URL) comes back as an error string; a dead page or
 * browser (PageGoneError) and a browser that never carried out an action on a ready element
 * (EpisodeFailure `page_unresponsive`) throw, because they are not the agent's doing.
 * @module
 */
import { existsSync } from 'node:fs';
import { errors, type ElementHandle, type Page } from 'playwright-core';
import type { Action } from './action-schema.ts';
import type { TabSession } from './tab-session.ts';
import type { TargetStatus } from './page-script.ts';
import { callHelper, targetHandle } from './page-helpers.ts';

/** The page, context or browser died while an action ran. */
export class PageGoneError extends Error {}

/** An infrastructure failure that ends the episode with `code` in `info.error` (WebEnv's failEpisode). */
export class EpisodeFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Lines of Playwright's call log that say why an element could not be acted on yet (and each retry). */
const ACTIONABILITY_VERDICT = /element is not|intercepts pointer events|outside of the viewport|retrying/i;
/** Playwright's call log line once the input was delivered (it may then time out waiting for a navigation). */
const ACTION_DONE = /\b\w+ action done\b/;
/** An error of the element action itself (not, say, of waiting for the file chooser a click should open). */
const ELEMENT_ACTION = /^elementHandle\.\w+:/;

/** What `executeAction` needs besides the action. */
export interface ExecuteContext {
  session: TabSession;
  /** Ids below this were handed out during the episode (so a missing one is "gone", not "unknown"). */
  idLimit: number;
  actionTimeout: number;
  navigationTimeout: number;
  /** Whether the browser is still connected. */
  isAlive: () => boolean;
}

type Kind = 'click' | 'hover' | 'fill' | 'select' | 'press' | 'upload';

function describeStatus(id: string, s: TargetStatus, what: string): string {
  switch (s.status) {
    case 'ok': return '';
    case 'unknown': return `${what}: no element with id "${id}" on this page. Use an id shown in brackets in the current observation, e.g. [12].`;
    case 'gone': return `${what}: element [${id}] is no longer on the page (it was removed, or the page changed since it was observed). Use an id from the current observation.`;
    case 'hidden': return `${what}: element [${id}] is not visible: ${s.why}.`;
    case 'disabled': return `${what}: element [${id}] is disabled.`;
    case 'covered': return `${what}: element [${id}] is covered by another element, ${s.by}, which would receive the click. Close or move what covers it first.`;
    case 'not_editable': return `${what}: element [${id}] ${s.tag} is not a text field (fill works on text inputs, textareas and contenteditable elements).`;
    case 'not_select': return `${what}: element [${id}] ${s.tag} is not a <select> (select_option works on select elements; click custom dropdowns instead).`;
    case 'no_option': return `${what}: element [${id}] has no option ${s.missing.map((m) => JSON.stringify(m)).join(', ')} (options: ${s.options.map((o) => JSON.stringify(o)).join(', ')}).`;
  }
}


/** Turn a Playwright error of an element action into the agent's error, inspecting the element again. */
async function explain(e: unknown, page: Page, id: string, kind: Kind, ctx: ExecuteContext, what: string, timeout: number): Promise<string> {
  if (page.isClosed() || !ctx.isAlive() || ctx.session.crashed) throw new PageGoneError('page closed during the action', { cause: e });
  const again = await callHelper(page, 'check', { id, idLimit: ctx.idLimit, kind }).catch(() => undefined);
  const why = again ? describeStatus(id, again, what) : '';
  if (why) return why;
  if (e instanceof errors.TimeoutError) {
    // Playwright logs every actionability verdict it got and every retry. A timeout with none of
    // them on an element that is ready now means the browser never answered in time (the soak saw
    // this on a starved machine); scoring it as the agent's failure would teach the agent nothing true.
    if (again?.status === 'ok' && ELEMENT_ACTION.test(e.message) && !ACTIONABILITY_VERDICT.test(e.message)) {
      throw new EpisodeFailure('page_unresponsive', `${what} on element [${id}] did not complete within ${timeout}ms although the element was ready: the browser is overloaded or the page is stuck.`, { cause: e });
    }
    return `${what}: timed out after ${timeout}ms waiting for element [${id}] to be visible, stable, enabled and not covered.`;
  }
  return `${what}: ${firstLine(e)}`;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.replace(/^\w+\.\w+: /, '');
}

async function onElement(
  ctx: ExecuteContext,
  id: string,
  kind: Kind,
  what: string,
  run: (el: ElementHandle, timeout: number) => Promise<unknown>,
  options?: string[],
): Promise<string> {
  const page = ctx.session.page;
  const target = await targetHandle(page, { id, idLimit: ctx.idLimit, kind, options });
  if (!('asElement' in target)) return describeStatus(id, target, what);
  const el = target;
  const started = performance.now();
  try {
    await run(el, ctx.actionTimeout);
    return '';
  } catch (e) {
    // The action was done (Playwright's call log says so, or a load it started is in flight) and
    // Playwright gave up waiting for the page load it started: a slow site, not the agent's
    // mistake. Settling waits for the load within the navigation timeout (and asking the old
    // document about the element would hang until the load commits).
    if (e instanceof errors.TimeoutError && (ACTION_DONE.test(e.message) || ctx.session.navigationPending(page, started))) return '';
    return await explain(e, page, id, kind, ctx, what, ctx.actionTimeout);
  } finally {
    // not awaited: releasing the handle need not delay the step
    void el.dispose().catch(() => undefined);
  }
}

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `goto: ${JSON.stringify(url)} is not a valid absolute URL (expected e.g. "http://localhost:3000/cart").`;
  }
  if (!['http:', 'https:', 'file:', 'about:', 'data:'].includes(u.protocol)) {
    return `goto: unsupported URL scheme ${JSON.stringify(u.protocol)} (expected http:, https:, file:, about: or data:).`;
  }
  return '';
}

async function navigation(ctx: ExecuteContext, what: string, url: string, run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return '';
  } catch (e) {
    if (ctx.session.page.isClosed() || !ctx.isAlive() || ctx.session.crashed) throw new PageGoneError('page closed during navigation', { cause: e });
    if (e instanceof errors.TimeoutError) return `${what}: navigation to ${url} timed out after ${ctx.navigationTimeout}ms.`;
    const net = /net::ERR_[A-Z_]+/.exec(e instanceof Error ? e.message : '');
    return `${what}: navigation to ${url} failed${net ? ` (${net[0]})` : `: ${firstLine(e)}`}.`;
  }
}

/**
 * Run `action` on the active tab. Resolves to '' on success, or to the lastActionError text.
 * @throws PageGoneError when the page, context or browser died; EpisodeFailure `page_unresponsive` when the browser did not act on a ready element in time.
 */
export async function executeAction(action: Action, ctx: ExecuteContext): Promise<string> {
  const s = ctx.session;
  const page = s.page;
  try {
    switch (action.type) {
      case 'click':
        return await onElement(ctx, action.id, 'click', 'click', (el, timeout) =>
          el.click({ timeout, button: action.button, modifiers: action.modifiers }));
      case 'dblclick':
        return await onElement(ctx, action.id, 'click', 'dblclick', (el, timeout) => el.dblclick({ timeout }));
      case 'hover':
        return await onElement(ctx, action.id, 'hover', 'hover', (el, timeout) => el.hover({ timeout }));
      case 'fill':
        return await onElement(ctx, action.id, 'fill', 'fill', (el, timeout) => el.fill(action.text, { timeout }));
      case 'select':
        return await onElement(ctx, action.id, 'select', 'select_option', (el, timeout) => el.selectOption(action.options, { timeout }), action.options);
      case 'press':
        if (action.id === undefined) {
          return await keyPress(ctx, action.key, () => page.keyboard.press(action.key));
        }
        return await onElement(ctx, action.id, 'press', 'press', (el, timeout) => el.press(action.key, { timeout }));
      case 'scroll': {
        const vp = page.viewportSize();
        if (vp) await page.mouse.move(vp.width / 2, vp.height / 2);
        await page.mouse.wheel(action.dx, action.dy);
        // wheel() returns before the scroll is applied; two frames later it has been
        await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))).catch(() => undefined);
        return '';
      }
      case 'goto': {
        const bad = checkUrl(action.url);
        if (bad) return bad;
        return await navigation(ctx, 'goto', action.url, () => page.goto(action.url, { waitUntil: 'domcontentloaded' }));
      }
      case 'back': {
        const before = page.url();
        let response: unknown = undefined;
        const err = await navigation(ctx, 'go_back', 'the previous page', async () => {
          response = await page.goBack({ waitUntil: 'domcontentloaded' });
        });
        return err || (response === null && page.url() === before ? 'go_back: there is no previous page in this tab\'s history.' : '');
      }
      case 'forward': {
        const before = page.url();
        const err = await navigation(ctx, 'go_forward', 'the next page', () => page.goForward({ waitUntil: 'domcontentloaded' }));
        return err || (page.url() === before ? 'go_forward: there is no next page in this tab\'s history.' : '');
      }
      case 'tab_new': {
        if (action.url) {
          const bad = checkUrl(action.url).replace(/^goto/, 'new_tab');
          if (bad) return bad;
        }
        const p = await s.context.newPage();
        s.active = s.pages.indexOf(p);
        if (!action.url) return '';
        return await navigation(ctx, 'new_tab', action.url, () => p.goto(action.url!, { waitUntil: 'domcontentloaded' }));
      }
      case 'tab_focus': {
        if (action.index >= s.pages.length) {
          return `tab_focus: there is no tab ${action.index} (open tabs: ${s.pages.length}, indices 0-${s.pages.length - 1}).`;
        }
        s.active = action.index;
        await s.page.bringToFront();
        return '';
      }
      case 'tab_close': {
        await page.close();
        await s.ensurePage();
        await s.page.bringToFront();
        return '';
      }
      case 'upload': {
        const missing = action.files.filter((f) => !existsSync(f));
        if (missing.length) return `upload_file: no such file on the host: ${missing.map((m) => JSON.stringify(m)).join(', ')}.`;
        const chooser = s.fileChooser;
        if (chooser && !chooser.page().isClosed()) {
          s.fileChooser = undefined;
          await chooser.setFiles(action.files, { timeout: ctx.actionTimeout });
          return '';
        }
        return await onElement(ctx, action.id, 'upload', 'upload_file', async (el, timeout) => {
          const isFileInput = await el.evaluate((n) => n instanceof HTMLInputElement && n.type === 'file');
          if (isFileInput) return el.setInputFiles(action.files, { timeout });
          const [fc] = await Promise.all([page.waitForEvent('filechooser', { timeout }), el.click({ timeout })]);
          s.fileChooser = undefined;
          return fc.setFiles(action.files, { timeout });
        });
      }
      case 'noop':
        // The agent asked to wait: the one place a fixed wait is what is wanted.
        if (action.waitMs) await page.waitForTimeout(action.waitMs);
        return '';
      case 'answer':
      case 'infeasible':
        return '';
    }
  } catch (e) {
    if (e instanceof PageGoneError || e instanceof EpisodeFailure) throw e;
    if (page.isClosed() || !ctx.isAlive() || s.crashed) throw new PageGoneError('page closed during the action', { cause: e });
    return `${action.type}: ${firstLine(e)}`;
  }
}

async function keyPress(ctx: ExecuteContext, key: string, run: () => Promise<void>): Promise<string> {
  try {
    await run();
    return '';
  } catch (e) {
    if (ctx.session.page.isClosed() || !ctx.isAlive()) throw new PageGoneError('page closed during key press', { cause: e });
    return `keyboard_press: cannot press ${JSON.stringify(key)}: ${firstLine(e)} (keys use Playwright names such as "Enter", "ArrowDown", "Control+a").`;
  }
}
