/**
 * Benchmark of the environment against raw playwright-core doing the same work (the same click,
 * then locator('body').ariaSnapshot()) on a local page of about 200 elements. Prints one JSON
 * object. Our steps and raw steps are interleaved so that load on a shared machine hits both alike.
 *
 *   npm run bench:env -- --json
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { BrowserRuntime, DEFAULT_CHROMIUM_ARGS, findChromium, VectorEnv, WebEnv } from '../src/env/index.ts';
import { processTreePssMb } from '../src/env/process-tree.ts';

const jsonOnly = process.argv.includes('--json');
const log = (...a: unknown[]) => {
  if (!jsonOnly) console.error(...a);
};

const ROWS = 32;
const rows = Array.from({ length: ROWS }, (_, i) => `
<tr><td><a href="/p/${i}">Product ${i}</a></td><td>$${i}.99</td>
<td><input aria-label="Quantity ${i}" type="number" value="1"></td>
<td><button id="b${i}" onclick="this.closest('tr').querySelector('.n').textContent = ++this.dataset.n">Add to cart</button> <span class="n">0</span></td></tr>`).join('');
const HTML = `<!doctype html><html><head><title>Bench shop</title></head><body>
<nav><a href="/">Home</a> <a href="/cart">Cart</a> <input aria-label="Search" placeholder="Search"></nav>
<main><h1>Products</h1><table><tbody>${rows}</tbody></table></main><footer>Footer text</footer></body></html>`;

const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end(HTML);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

const executablePath = findChromium();
const runtime = new BrowserRuntime({ executablePath });
await runtime.getBrowser();
const rawBrowser = await chromium.launch({ executablePath, args: DEFAULT_CHROMIUM_ARGS });
// Memory per env is what one more env adds to the browser's process tree, measured between 1 and 5
// live envs so the first context's one-time costs (network and storage services) are not spread
// over the envs. Each env has its own renderer, and every renderer maps the same ~87 MB of
// Chromium's binary: RSS summed over processes counts those shared pages once per renderer, the
// proportional set size (PSS) once in all. rss_mb_per_env is the PSS figure; the summed-RSS one is
// printed next to it (rss_summed_mb_per_env).
const pssBase = processTreePssMb(runtime.pid!);

// --- single-env step and reset, interleaved with raw ---
const env = new WebEnv({ runtime, maxTextChars: 1_000_000 });
let { observation } = await env.reset({ options: { startUrl: url, maxSteps: 1000 } });
const buttonIds = observation.elements.filter((e) => e.name === 'Add to cart').map((e) => e.id);
log(`page: ${observation.elements.length} elements`);

let rawContext = await rawBrowser.newContext({ viewport: { width: 1280, height: 720 } });
let rawPage = await rawContext.newPage();
await rawPage.goto(url);
await rawPage.locator('body').ariaSnapshot();
const rawStep = async (p: Page, i: number) => {
  await p.locator(`#b${i % ROWS}`).click();
  await p.locator('body').ariaSnapshot();
};

const STEPS = 40;
const ours: number[] = [];
const raw: number[] = [];
for (let i = 0; i < STEPS + 5; i++) {
  const a = await time(() => env.step(`click("${buttonIds[i % ROWS]}")`));
  const b = await time(() => rawStep(rawPage, i));
  if (i >= 5) {
    ours.push(a);
    raw.push(b);
  }
}
const RESETS = 15;
const oursReset: number[] = [];
const rawReset: number[] = [];
for (let i = 0; i < RESETS + 2; i++) {
  const a = await time(() => env.reset({ options: { startUrl: url, maxSteps: 1000 } }));
  const b = await time(async () => {
    await rawContext.close();
    rawContext = await rawBrowser.newContext({ viewport: { width: 1280, height: 720 } });
    rawPage = await rawContext.newPage();
    await rawPage.goto(url);
    await rawPage.locator('body').ariaSnapshot();
  });
  if (i >= 2) {
    oursReset.push(a);
    rawReset.push(b);
  }
}
log(`step p50 ${median(ours).toFixed(1)} ms vs raw ${median(raw).toFixed(1)}; reset p50 ${median(oursReset).toFixed(1)} vs raw ${median(rawReset).toFixed(1)}`);

// --- step time late in a long episode ---
({ observation } = await env.reset({ options: { startUrl: url, maxSteps: 1000 } }));
const ids = observation.elements.filter((e) => e.name === 'Add to cart').map((e) => e.id);
const long: number[] = [];
for (let i = 0; i < 206; i++) long.push(await time(() => env.step(`click("${ids[i % ROWS]}")`)));
const at10 = median(long.slice(5, 16));
const at200 = median(long.slice(195, 206));
await rawContext.close();
const rss1 = runtime.rssMb();
const pss1 = processTreePssMb(runtime.pid!);

// --- 4 envs in one browser, concurrently ---
const DURATION_MS = 4000;
const vec = new VectorEnv({ numEnvs: 4, runtime });
const vr = await vec.reset({ options: { startUrl: url, maxSteps: 100_000 } });
const vecIds = vr.observations.map((o) => o.elements.filter((e) => e.name === 'Add to cart').map((e) => e.id));
let vecSteps = 0;
let t0 = performance.now();
for (let i = 0; performance.now() - t0 < DURATION_MS; i++) {
  await vec.step(vecIds.map((list) => `click("${list[i % ROWS]}")`));
  vecSteps += 4;
}
const vecRate = vecSteps / ((performance.now() - t0) / 1000);
// measured after the 4 envs worked, with the first env still open
const rss5 = runtime.rssMb();
const pss5 = processTreePssMb(runtime.pid!);
await vec.close();
await env.close();

const rawPages = await Promise.all([0, 1, 2, 3].map(async () => {
  const c = await rawBrowser.newContext({ viewport: { width: 1280, height: 720 } });
  const p = await c.newPage();
  await p.goto(url);
  return p;
}));
let rawSteps = 0;
t0 = performance.now();
for (let i = 0; performance.now() - t0 < DURATION_MS; i++) {
  await Promise.all(rawPages.map((p) => rawStep(p, i)));
  rawSteps += 4;
}
const rawRate = rawSteps / ((performance.now() - t0) / 1000);

await rawBrowser.close();
await runtime.close();
server.close();

const result = {
  step_ms_p50: round(median(ours)),
  raw_step_ms_p50: round(median(raw)),
  step_ratio: round(median(ours) / median(raw), 3),
  reset_ms_p50: round(median(oursReset)),
  raw_reset_ms_p50: round(median(rawReset)),
  vec4_steps_per_s: round(vecRate, 1),
  raw_vec4_steps_per_s: round(rawRate, 1),
  vec4_ratio: round(vecRate / rawRate, 3),
  rss_mb_per_env: round((pss5 - pss1) / 4, 1),
  rss_summed_mb_per_env: round((rss5 - rss1) / 4, 1),
  first_env_mb: round(pss1 - pssBase, 1),
  step_ms_p50_at_t200_over_t10: round(at200 / at10, 3),
};
console.log(JSON.stringify(result));
