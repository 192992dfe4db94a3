/**
 * The built-in suite as a whole: start the three sites in-process, list their task templates,
 * and register them with the env's task registry.
 * @module
 */
import { TaskFileError } from '../env/errors.ts';
import { registerTask, unregisterTask } from '../env/index.ts';
import { serveSites } from './server.ts';
import { releaseSession } from './site-control.ts';
import type { SiteApp } from './site.ts';
import { forumSite } from './sites/forum/index.ts';
import { shopSite } from './sites/shop/index.ts';
import { trackerSite } from './sites/tracker/index.ts';
import { forumTemplates } from './tasks/forum.ts';
import { shopTemplates } from './tasks/shop.ts';
import { trackerTemplates } from './tasks/tracker.ts';
import type { SiteName, SuiteUrls, TaskTemplate } from './template.ts';

/** Every site of the suite, in a fixed order. */
export const SITE_NAMES: readonly SiteName[] = ['shop', 'forum', 'tracker'];

/**
 * Build the suite's task templates for sites served at `urls`. Each ends its episode by releasing
 * its site session, so a long run holds the state of the episodes in flight only.
 */
export function suiteTemplates(urls: SuiteUrls): TaskTemplate[] {
  return [...shopTemplates(urls), ...forumTemplates(urls), ...trackerTemplates(urls)].map((t) => ({
    ...t,
    teardown: ({ context }) => releaseSession(context, urls[t.site]),
  }));
}

/** A running suite. `close()` stops its servers (idempotent). */
export interface RunningSuite {
  urls: SuiteUrls;
  /** Site apps by name, with their fault switches (for reliability tests). */
  sites: Record<SiteName, SiteApp>;
  templates: TaskTemplate[];
  /** Look a template up by id. @throws TaskFileError `task_unknown`, suggesting the nearest ids. */
  template(id: string): TaskTemplate;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of `startSuite`. */
export interface StartSuiteOptions {
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Fixed ports by site; unspecified sites get a free port. */
  ports?: Partial<Record<SiteName, number>>;
  /** Also register every template with the env's task registry (`makeEnv('shop.add-to-cart')`). @default true */
  register?: boolean;
}

/**
 * Start the built-in sites in this process, each on a free loopback port.
 * @example
 * await using suite = await startSuite();
 * const env = makeEnv('shop.add-to-wishlist');
 */
export async function startSuite(options: StartSuiteOptions = {}): Promise<RunningSuite> {
  const served = await serveSites([shopSite, forumSite, trackerSite], {
    host: options.host,
    ports: options.ports as Record<string, number> | undefined,
  });
  const byName = Object.fromEntries(served.sites.map((s) => [s.name, s])) as Record<SiteName, (typeof served.sites)[number]>;
  const urls: SuiteUrls = { shop: byName.shop.url, forum: byName.forum.url, tracker: byName.tracker.url };
  const templates = suiteTemplates(urls);
  if (options.register ?? true) {
    for (const t of templates) {
      // A second suite in the same process re-registers its templates with the new URLs.
      unregisterTask(t.id);
      registerTask(t);
    }
  }
  const byId = new Map(templates.map((t) => [t.id, t]));
  const suite: RunningSuite = {
    urls,
    sites: { shop: byName.shop.site, forum: byName.forum.site, tracker: byName.tracker.site },
    templates,
    template(id) {
      const found = byId.get(id);
      if (!found) {
        const near = nearest(id, [...byId.keys()]);
        throw new TaskFileError('task_unknown', `suite.template: no task ${JSON.stringify(id)} in the built-in suite.${near.length ? ` Did you mean: ${near.join(', ')}?` : ''} Run \`coregym suite list\` to see all.`);
      }
      return found;
    },
    close: () => served.close(),
    [Symbol.asyncDispose]: () => served.close(),
  };
  return suite;
}

function nearest(id: string, ids: string[]): string[] {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0]!;
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = d[j]!;
        d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return d[b.length]!;
  };
  return ids.map((c) => [c, dist(id, c)] as const).filter(([, d]) => d <= Math.max(3, id.length / 3)).sort((a, b) => a[1] - b[1]).slice(0, 3).map(([c]) => c);
}
