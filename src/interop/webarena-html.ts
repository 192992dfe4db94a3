/**
 * The trusted probe behind WebArena's program_html checks: read each check's locator on its page
 * and hand the text to the labels as data. URL checks load their page in a scratch tab of the
 * agent's browser context (same cookies, so the same site session) and close it again; "last"
 * checks read the agent's own page without touching it.
 * @module
 */
import type { Page } from 'playwright-core';
import type { TaskRuntime } from '../env/index.ts';
import type { HtmlCheck, HtmlLocator } from './webarena-evaluator.ts';

/** What one check read: the text compared with the required contents, and why it is empty if it failed. */
export interface HtmlReading {
  /** The page that was read. */
  url: string;
  value: string;
  error?: string;
}

/** Options of {@link readHtmlChecks}. */
export interface ReadHtmlOptions {
  /** Time to load a check's URL, in ms. @default 15000 */
  timeout?: number;
  /**
   * When a check's page counts as loaded. `networkidle` (no requests for 500 ms) suits sites that
   * render with JavaScript after load, such as GitLab; WebArena itself sleeps 3 s. @default 'load'
   */
  waitUntil?: 'load' | 'networkidle';
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** Python's html.unescape for the entities pages actually use (named basics and numeric ones). */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? m;
  });
}

/** Python's str() of what a locator returned, so "0" and "True" compare as they do in WebArena. */
function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/** WebArena's reddit_get_post_url: a forum post or comment URL cut back to `/f/<forum>/<id>/`. */
export function forumPostUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const parts = u.pathname.split('/');
  if (parts.length < 4 || parts[1] !== 'f') return url;
  return `${u.protocol}//${u.host}/f/${parts[2]}/${parts[3]}/`;
}

async function readLocator(page: Page, locator: HtmlLocator): Promise<string> {
  switch (locator.kind) {
    case 'content':
      return page.content();
    case 'js':
      // A string passed to page.evaluate is an expression; the locator is one too, so call it in place.
      return asText(await page.evaluate(`(() => (${locator.expression}))()`));
    case 'gitlab_member_role':
      return page.evaluate((account) => {
        const names = [...document.querySelectorAll<HTMLElement>("td[data-label='Account'] span.gl-avatar-labeled-sublabel")];
        const index = names.findIndex((e) => e.outerText === `@${account}`);
        const roles = document.querySelectorAll<HTMLElement>('td.col-max-role span');
        return index >= 0 && roles[index] ? roles[index].outerText : '';
      }, locator.account);
  }
}

/**
 * On the agent's own page, prep actions (say, a click that expands a section) run once per
 * document, not at every step: run again they could undo themselves under the agent's feet.
 */
async function readOne(page: Page, check: HtmlCheck, onceKey?: string): Promise<HtmlReading> {
  const url = page.url();
  try {
    if (check.prepActions.length) {
      const guard = onceKey === undefined ? '' : `if (window[${JSON.stringify(onceKey)}]) return; window[${JSON.stringify(onceKey)}] = true;`;
      await page.evaluate(`(() => { ${guard} ${check.prepActions.map((a) => `${a};`).join(' ')} })()`);
    }
    return { url, value: unescapeHtml(await readLocator(page, check.locator)) };
  } catch (e) {
    // WebArena scores a locator that throws as an empty string; the message is kept for debugging.
    return { url, value: '', error: (e as Error).message.split('\n')[0]! };
  }
}

/**
 * Read every check. Checks on the same URL share one load of it; the scratch tab is closed
 * before returning, so the agent's tabs are as they were.
 */
export async function readHtmlChecks(rt: TaskRuntime, checks: readonly HtmlCheck[], options: ReadHtmlOptions = {}): Promise<{ html: HtmlReading[] }> {
  const timeout = options.timeout ?? 15_000;
  const agentPage = rt.page;
  const lastUrl = agentPage.url();
  const html: HtmlReading[] = [];
  let scratch: Page | undefined;
  let loaded: string | undefined;
  try {
    for (const [index, check] of checks.entries()) {
      if (check.page.kind === 'last') {
        html.push(await readOne(agentPage, check, `__coregymPrepared${index}`));
        continue;
      }
      const url = check.page.kind === 'url' ? check.page.url : forumPostUrl(lastUrl);
      scratch ??= await rt.context.newPage();
      if (loaded !== url) {
        try {
          await scratch.goto(url, { waitUntil: options.waitUntil ?? 'load', timeout });
          loaded = url;
        } catch (e) {
          loaded = undefined;
          html.push({ url, value: '', error: `could not load: ${(e as Error).message.split('\n')[0]}` });
          continue;
        }
      }
      html.push(await readOne(scratch, check));
      // prep actions may have changed the page: load it afresh for the next check
      if (check.prepActions.length) loaded = undefined;
    }
  } finally {
    await scratch?.close().catch(() => undefined);
  }
  return { html };
}
