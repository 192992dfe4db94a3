/**
 * WebArena / VisualWebArena task configs (config_files/*.json) and their conversion into a
 * coregym evaluator: placeholders resolved to the user's site URLs, `func:` helpers mapped to
 * what coregym implements, and everything else reported as unsupported with the reason.
 * @module
 */
import { z } from 'zod';
import type { HtmlCheck, HtmlLocator, HtmlPage, StringMatch, WebArenaEvaluator } from './webarena-evaluator.ts';

const text = z.union([z.string(), z.number()]).transform(String);

/** A WebArena config as published. Unknown fields are kept and ignored. */
export const WebArenaConfigSchema = z.looseObject({
  task_id: z.union([z.number().int(), z.string()]),
  intent: z.string().min(1),
  start_url: z.string().min(1),
  sites: z.array(z.string()).optional(),
  require_login: z.boolean().optional(),
  storage_state: z.string().nullable().optional(),
  /** VisualWebArena: images that come with the intent. */
  image: z.union([z.string(), z.array(z.string())]).nullable().optional(),
  eval: z.looseObject({
    eval_types: z.array(z.string()).min(1),
    reference_answers: z.record(z.string(), z.unknown()).nullable().optional(),
    reference_url: z.string().nullable().optional(),
    url_note: z.string().nullable().optional(),
    program_html: z.array(z.looseObject({
      url: z.string(),
      locator: z.string(),
      required_contents: z.record(z.string(), z.unknown()),
      prep_actions: z.array(z.string()).optional(),
    })).nullable().optional(),
    string_note: z.string().nullable().optional(),
  }),
});
export type WebArenaConfig = z.infer<typeof WebArenaConfigSchema>;

/** A config that could not be converted, and why. */
export class Unsupported extends Error {}

/** WebArena's site placeholder for a site name: `shopping_admin` -> `__SHOPPING_ADMIN__`. */
export function placeholderOf(site: string): string {
  return `__${site.toUpperCase()}__`;
}

const PLACEHOLDER = /__([A-Z][A-Z0-9_]*?)__/g;

/** Replaces WebArena's site placeholders; throws Unsupported naming every one without a URL. */
export class PlaceholderResolver {
  private readonly urls: Map<string, string>;
  constructor(sites: Readonly<Record<string, string>>) {
    this.urls = new Map(Object.entries(sites).map(([site, url]) => [placeholderOf(site), url.replace(/\/+$/, '')]));
  }

  resolve(value: string): string {
    const missing = new Set<string>();
    const out = value.replace(PLACEHOLDER, (m) => {
      const url = this.urls.get(m);
      if (url === undefined) missing.add(m);
      return url ?? m;
    });
    if (missing.size > 0) {
      const names = [...missing];
      const flags = names.map((p) => `--site ${p.slice(2, -2).toLowerCase()}=URL`).join(' ');
      throw new Unsupported(`no URL for site placeholder${names.length > 1 ? 's' : ''} ${names.join(', ')} (pass ${flags})`);
    }
    return out;
  }

  /** Resolve and normalize (`/admin/../x` -> `/x`), as a browser would. */
  resolveUrl(value: string): string {
    const resolved = this.resolve(value);
    try {
      return new URL(resolved).href;
    } catch {
      throw new Unsupported(`${JSON.stringify(resolved)} is not an absolute URL after resolving placeholders`);
    }
  }
}

function stringMatchOf(answers: Record<string, unknown>, note: string | undefined, r: PlaceholderResolver): StringMatch {
  const out: StringMatch = {};
  const list = (key: string, v: unknown): string[] => {
    const parsed = z.array(text).safeParse(v);
    if (!parsed.success) throw new Unsupported(`reference_answers.${key} is not a list of strings`);
    return parsed.data.map((s) => r.resolve(s));
  };
  for (const [key, v] of Object.entries(answers)) {
    switch (key) {
      case 'exact_match': {
        const parsed = text.safeParse(v);
        if (!parsed.success) throw new Unsupported('reference_answers.exact_match is not a string');
        out.exactMatch = r.resolve(parsed.data);
        break;
      }
      case 'must_include':
        out.mustInclude = list(key, v);
        break;
      case 'must_exclude':
        out.mustExclude = list(key, v);
        break;
      case 'fuzzy_match':
        out.fuzzyMatch = v === 'N/A' ? 'N/A' : list(key, v);
        break;
      default:
        throw new Unsupported(`reference_answers.${key} is not a known string_match rule (expected exact_match, must_include, must_exclude or fuzzy_match)`);
    }
  }
  if (Object.keys(out).length === 0) throw new Unsupported('string_match without reference_answers');
  if (note) out.stringNote = note;
  return out;
}

/** The name of a `func:` helper, e.g. `reddit_get_post_url` in `func:reddit_get_post_url('__last_url__')`. */
function helperName(expr: string): string {
  return /^func:\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(expr)?.[1] ?? expr.slice(0, 60);
}

function pageOf(url: string, r: PlaceholderResolver): HtmlPage {
  if (url === 'last') return { kind: 'last' };
  if (url.startsWith('func:')) {
    const name = helperName(url);
    if (name === 'reddit_get_post_url' && url.includes('__last_url__')) return { kind: 'forum_post_of_last_url' };
    throw new Unsupported(`program_html url helper ${name} is not supported (it needs ${name.startsWith('shopping_') ? "the shop's admin REST API with admin credentials" : 'site-specific backend access'})`);
  }
  return { kind: 'url', url: r.resolveUrl(url) };
}

function locatorOf(locator: string): HtmlLocator {
  const l = locator.trim();
  if (l === '') return { kind: 'content' };
  if (l.startsWith('document.') || l.startsWith('[...document.')) return { kind: 'js', expression: l };
  if (l.startsWith('func:')) {
    const name = helperName(l);
    const account = /^func:\s*gitlab_get_project_memeber_role\(\s*__page__\s*,\s*(['"])(.+?)\1\s*\)\s*$/.exec(l);
    if (account) return { kind: 'gitlab_member_role', account: account[2]! };
    throw new Unsupported(`program_html locator helper ${name} is not supported (it needs ${name.startsWith('shopping_') ? "the shop's admin REST API with admin credentials" : 'site-specific backend access'})`);
  }
  throw new Unsupported(`program_html locator ${JSON.stringify(l.slice(0, 60))} is neither empty, a document.… expression nor a func: helper`);
}

function htmlCheckOf(target: NonNullable<WebArenaConfig['eval']['program_html']>[number], r: PlaceholderResolver): HtmlCheck {
  const page = pageOf(target.url, r);
  const locator = locatorOf(target.locator);
  const req = target.required_contents;
  const keys = Object.keys(req);
  if (keys.length !== 1 || (keys[0] !== 'exact_match' && keys[0] !== 'must_include')) {
    throw new Unsupported(`program_html required_contents ${JSON.stringify(keys)} (expected exactly one of exact_match, must_include)`);
  }
  const check: HtmlCheck = { page, locator, prepActions: target.prep_actions ?? [] };
  if (keys[0] === 'exact_match') {
    const v = text.safeParse(req.exact_match);
    if (!v.success) throw new Unsupported('program_html required_contents.exact_match is not a string');
    check.exactMatch = r.resolve(v.data);
  } else {
    const v = z.array(text).safeParse(req.must_include);
    if (!v.success) throw new Unsupported('program_html required_contents.must_include is not a list of strings');
    check.mustInclude = v.data.map((s) => r.resolve(s).split(' |OR| '));
  }
  return check;
}

/** The evaluator and start URL of a config. @throws Unsupported with the reason. */
export function convertConfig(config: WebArenaConfig, r: PlaceholderResolver): { startUrl: string; evaluator: WebArenaEvaluator } {
  if (config.image !== undefined && config.image !== null && (typeof config.image === 'string' || config.image.length > 0)) {
    throw new Unsupported('the intent comes with input images (VisualWebArena); coregym goals are text only');
  }
  if (config.start_url.includes(' |AND| ')) throw new Unsupported('several start URLs (" |AND| ") are not supported; a task starts in one tab');
  const startUrl = r.resolveUrl(config.start_url);
  const ev = config.eval;
  const evaluator: WebArenaEvaluator = { kind: 'webarena', intent: config.intent };
  for (const type of new Set(ev.eval_types)) {
    switch (type) {
      case 'string_match':
        evaluator.stringMatch = stringMatchOf(ev.reference_answers ?? {}, ev.string_note ?? undefined, r);
        break;
      case 'url_match': {
        const note = ev.url_note ?? 'GOLD in PRED';
        if (note !== 'GOLD in PRED') throw new Unsupported(`url_note ${JSON.stringify(note)} is not supported (expected "GOLD in PRED")`);
        if (!ev.reference_url) throw new Unsupported('url_match without reference_url');
        evaluator.urlMatch = { referenceUrls: ev.reference_url.split(' |OR| ').map((u) => r.resolve(u)) };
        break;
      }
      case 'program_html':
        if (!ev.program_html?.length) throw new Unsupported('program_html without targets');
        evaluator.programHtml = ev.program_html.map((t) => htmlCheckOf(t, r));
        break;
      case 'page_image_query':
        throw new Unsupported('eval type page_image_query is not supported (it asks an image model about screenshots)');
      default:
        throw new Unsupported(`eval type ${JSON.stringify(type)} is not supported (expected string_match, url_match or program_html)`);
    }
  }
  return { startUrl, evaluator };
}
