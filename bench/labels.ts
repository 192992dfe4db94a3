/**
 * Label runtime benchmark: 20 realistic labels on steps of about 50 KB of state (elements, page
 * text and probes), over episodes of 220 steps. Run with `npm run bench:labels -- --json`.
 * Targets: step_ms_p50_20_labels <= 0.5 and growth_t200_over_t10 <= 1.2.
 */
import { LabelRuntime, type LabelFunction, type LabelStep } from '../src/labels/index.ts';
import type { CompactElement, PageState } from '../src/env/trajectory.ts';
import type { Action } from '../src/env/action-schema.ts';
import { loadavg } from 'node:os';

const EPISODES = 4;
const STEPS = 220;
const WORDS = ('order cart checkout shipping address payment product size colour quantity review rating ' +
  'account wishlist compare delivery return refund invoice coupon discount total subtotal tax price ' +
  'brand category filter sort newest popular stock available customer support contact newsletter').split(' ');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function phrase(r: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]!);
  return out.join(' ');
}

interface PageTemplate {
  path: string;
  title: string;
  elements: CompactElement[];
  text: string;
}

/** Five pages of a shop, each with about 250 elements and 20 KB of text, as a real site repeats them. */
function pageTemplates(r: () => number): PageTemplate[] {
  const roles = ['link', 'button', 'textbox', 'checkbox', 'combobox', 'heading', 'img', 'listitem'];
  return ['search', 'p/17', 'cart', 'checkout', 'account'].map((path) => {
    const elements: CompactElement[] = [];
    for (let i = 0; i < 250; i++) {
      const role = roles[i % roles.length]!;
      const el: CompactElement = { id: String(i + 1), role, name: `${phrase(r, 3)} ${i}`, visible: r() > 0.3 };
      if (role === 'link') el.href = `http://127.0.0.1:4000/p/${i}`;
      if (role === 'textbox') el.value = '';
      if (role === 'checkbox') el.checked = false;
      elements.push(el);
    }
    elements.push({ id: '900', role: 'button', name: 'Add to cart', visible: true });
    elements.push({ id: '902', role: 'link', name: 'Orders', href: 'http://127.0.0.1:4000/orders', visible: true });
    return { path, title: `Shop - ${path}`, elements, text: Array.from({ length: 220 }, () => phrase(r, 12)).join('. ') };
  });
}

/** The state after a step: a fresh copy of one page (as the browser would report it) plus per-step details. */
function pageState(step: number, pages: PageTemplate[], r: () => number): PageState {
  const page = pages[step % pages.length]!;
  const elements = page.elements.map((e) => ({ ...e }));
  for (const el of elements) {
    if (el.role === 'textbox' && r() > 0.8) el.value = phrase(r, 2);
    if (el.role === 'checkbox') el.checked = r() > 0.5;
  }
  elements.push({ id: '901', role: 'textbox', name: 'Email', value: step > 100 ? 'alice@example.com' : '', visible: true });
  const products = Array.from({ length: 30 }, (_, i) => ({ id: `p-${i}`, name: `product ${i}`, price: 10 + i, stock: (i * 7 + step) % 20 }));
  const cart = Array.from({ length: Math.min(8, Math.floor(step / 25)) }, (_, i) => ({ productId: `p-${i * 2 + 1}`, size: i % 2 ? 'M' : 'L', qty: 1 }));
  const dynamic = page.path === 'cart' || page.path === 'checkout' ? ` Your cart has ${cart.length} items.` : '';
  return {
    url: `http://127.0.0.1:4000/${page.path}?q=${step}`,
    title: page.title,
    elements,
    text: page.text + dynamic,
    probes: { shop: { state: { user: { name: 'Alice', email: 'alice@example.com' }, cart, products, orders: step > 150 ? [{ id: 'o-1', status: 'placed', total: 42.5 }] : [] } } },
  };
}

const ACTIONS: Action[] = [
  { type: 'click', id: '900' },
  { type: 'fill', id: '901', text: 'alice@example.com' },
  { type: 'press', id: '901', key: 'Enter' },
  { type: 'select', id: '5', options: ['M'] },
  { type: 'goto', url: 'http://127.0.0.1:4000/search' },
  { type: 'scroll', dx: 0, dy: 400 },
];

function makeStep(index: number, pages: PageTemplate[], r: () => number): LabelStep {
  const action = ACTIONS[index % ACTIONS.length]!;
  const state = pageState(index, pages, r);
  const target = 'id' in action && action.id !== undefined ? state.elements.find((e) => e.id === action.id) : undefined;
  return { ...state, index, action, actionText: JSON.stringify(action), error: '', ...(target ? { target: { id: target.id, role: target.role, name: target.name } } : {}) };
}

const CODES = [
  `(traj, api) => api.clicked('button', 'Add to cart')`,
  `(traj, api) => api.clicked('link', /product 17/i)`,
  `(traj, api) => api.typed('alice@example.com', 'Email')`,
  `(traj, api) => api.pressed('Enter', 'Email')`,
  `(traj, api) => api.selected('M')`,
  `(traj, api) => api.visited('/cart')`,
  `(traj, api) => api.visited(/\\/orders\\/\\d+$/)`,
  `(traj, api) => api.urlMatches('/checkout')`,
  `(traj, api) => api.urlMatches('*/account*', 'any')`,
  `(traj, api) => api.pageHasText('Thank you for your order')`,
  `(traj, api) => api.pageHasText('order confirmed', 'any')`,
  `(traj, api) => api.elementExists('button', 'Place order')`,
  `(traj, api) => api.elementValue('textbox', 'Email') === 'alice@example.com'`,
  `(traj, api) => api.elementChecked('checkbox', /gift/i) === true`,
  `(traj, api) => api.probe('shop.state.cart', 'last')?.some((i) => i.productId === 'p-17' && i.size === 'M')`,
  `(traj, api) => api.probeFind('shop.state.orders', (o) => o.status === 'placed') !== undefined`,
  `(traj, api) => api.answered((a) => api.includes(a, '42.50'))`,
  `(traj, api) => traj.steps.some((s) => s.action.type === 'goto' && s.url.includes('/search'))`,
  `(traj, api) => (api.element('link', 'Orders')?.href ?? '').includes('/orders')`,
  `(traj, api) => api.probe('shop.state.user.name') === 'Alice' && api.urlMatches('/account')`,
];

const labels: LabelFunction[] = CODES.map((code, i) => ({ id: `k${i}`, description: `bench label ${i}`, code, origin: 'human', provenance: {} }));

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length * q)]!;
}
function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

const runtime = new LabelRuntime();
const all: number[] = [];
const allWall: number[] = [];
const early: number[] = [];
const late: number[] = [];
const scoreOnly: number[] = [];
let stateBytes = 0;
let errors = 0;
for (let e = 0; e < EPISODES; e++) {
  const r = rng(1000 + e);
  const pages = pageTemplates(r);
  const steps = Array.from({ length: STEPS }, (_, i) => makeStep(i, pages, r));
  stateBytes = JSON.stringify(steps[10]).length;
  runtime.reset(labels, { taskId: 'bench', goal: 'buy a shirt', initial: pageState(0, pages, r) });
  for (let i = 0; i < STEPS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = runtime.step(steps[i]!);
    const wall = performance.now() - t0;
    const ms = cpuMs(c0);
    errors += Object.keys(res.errors).length;
    if (e === 0) continue; // warm-up episode
    all.push(ms);
    allWall.push(wall);
    // Windows of 30 steps around t = 10 and t = 200: single steps are too noisy on a shared machine.
    if (i >= 5 && i < 35) early.push(ms);
    if (i >= 185 && i < 215) late.push(ms);
    if (i % 10 === 0) {
      const s0 = process.cpuUsage();
      runtime.score();
      scoreOnly.push(cpuMs(s0));
    }
  }
  runtime.finish({});
}

const result = {
  step_ms_p50_20_labels: round(median(all), 3),
  label_us_p50: round((median(scoreOnly) * 1000) / labels.length, 2),
  state_kb: round(stateBytes / 1024, 1),
  growth_t200_over_t10: round(median(late) / median(early), 2),
  isolate_rss_mb: round(isolateMb(runtime), 1),
  label_errors: errors,
  wall_step_ms_p50: round(median(allWall), 3),
  // The 10th percentile approximates the cost without contention from other processes.
  step_ms_p10: round(quantile(all, 0.1), 3),
  loadavg_1m: round(loadavg()[0]!, 1),
};
runtime.close();

/** Process CPU time since `start`, in ms: the machine is shared, so wall time mostly measures the neighbours. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function isolateMb(rt: LabelRuntime): number {
  return rt.heapStatistics().total_physical_size / 1024 / 1024;
}

if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else console.table(result);
