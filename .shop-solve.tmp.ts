import { BrowserRuntime, WebEnv } from './src/env/index.ts';
import { serveSites } from './src/suite/server.ts';
import { runSolver } from './src/suite/solver-context.ts';
import { shopSite } from './src/suite/sites/shop/index.ts';
import { shopTemplates } from './src/suite/tasks/shop.ts';
const served = await serveSites([shopSite]);
const urls = { shop: served.sites[0]!.url, forum: 'http://127.0.0.1:9', tracker: 'http://127.0.0.1:9' };
const only = process.argv[2];
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number);
const runtime = new BrowserRuntime();
const env = new WebEnv({ runtime, source: 'demo' });
const t0 = Date.now();
let ok = 0, bad = 0;
for (const t of shopTemplates(urls)) {
  if (only && only !== 'all' && !t.id.includes(only)) continue;
  for (const strategy of Object.keys(t.solvers)) for (const seed of seeds) {
    try {
      const traj = await runSolver(env, t, seed, { strategy });
      const o = traj.outcome?.oracle;
      if (o?.success) { ok++; console.log('PASS', t.id, strategy, seed, traj.steps.length, '/', t.maxSteps); }
      else { bad++; console.log('FAIL', t.id, strategy, seed, o?.reason, traj.outcome?.error?.message); }
    } catch (e) { bad++; console.log('ERR ', t.id, strategy, seed, (e as Error).message.slice(0, 600)); }
  }
}
console.log(ok, 'ok', bad, 'bad', Date.now() - t0, 'ms');
await env.close(); await runtime.close(); await served.close();
