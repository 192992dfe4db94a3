import { afterAll, beforeAll, it } from 'vitest';
import { BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import { serveSites } from '../../src/suite/server.ts';
import type { ServedSites } from '../../src/suite/server.ts';
import { runSolver } from '../../src/suite/solver-context.ts';
import { forumSite } from '../../src/suite/sites/forum/index.ts';
import { forumTemplates } from '../../src/suite/tasks/forum.ts';

let served: ServedSites; let runtime: BrowserRuntime; let envs: WebEnv[];
beforeAll(async () => {
  served = await serveSites([forumSite]);
  runtime = new BrowserRuntime({ executablePath: '/usr/lib/chromium/chromium-headless-shell' });
  envs = [1, 2, 3].map(() => new WebEnv({ runtime }));
});
afterAll(async () => { for (const e of envs) await e.close(); await runtime.close(); await served.close(); });
it('debug', async () => {
  const ts = forumTemplates({ shop: '', forum: served.sites[0]!.url, tracker: '' });
  const only = process.env.ONLY?.split(',');
  for (const t of ts.filter((x) => !only || only.includes(x.id))) for (const strategy of Object.keys(t.solvers)) {
    await Promise.allSettled([1, 2, 3].map(async (seed, k) => {
      const env = envs[k]!;
      try {
        const tr = await runSolver(env, t, seed, { strategy });
        console.log('RESULT', t.id, strategy, seed, tr.steps.length, tr.outcome?.oracle?.success, tr.outcome?.oracle?.reason);
      } catch (e) {
        console.log('RESULT', t.id, strategy, seed, 'ERROR', String(e).slice(0, 300), '\n' + (env.trajectory?.steps ?? []).map((s) => `    ${s.actionText} ${s.url} ${s.target?.role} ${s.target?.name} ${s.error} ${JSON.stringify(s.timings)}`).join('\n'));
      }
    }));
  }
}, 1200_000);
