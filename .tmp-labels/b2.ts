/**
 * Label runtime benchmark: 20 realistic labels on steps of about 50 KB of state (elements, page
 * text and probes), over episodes of 220 steps. Run with `npm run bench:labels -- --json`.
 * Targets: step_ms_p50_20_labels <= 0.5 and growth_t200_over_t10 <= 1.2.
 */
import { LabelRuntime, type LabelFunction, type LabelStep } from '../src/labels/index.ts';
import type { CompactElement, PageState } from '../src/env/trajectory.ts';
import type { Action } from '../src/env/action-schema.ts';

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

/** A page of a shop with about 250 elements, 20 KB of text and a probe of the backend state. */
function pageState(step: number, r: () => number): PageState {
  const elements: CompactElement[] = [];
  const roles = ['link', 'button', 'textbox', 'checkbox', 'combobox', 'heading', 'img', 'listitem'];
  for (let i = 0; i < 250; i++) {
    const role = roles[i % roles.length]!;
    const el: CompactElement = { id: String(i + 1), role, name: `${phrase(r, 3)} ${i}`, visible: r() > 0.3 };
    if (role === 'link') el.href = `http://127.0.0.1:4000/p/${i}`;
    if (role === 'textbox') el.value = r() > 0.5 ? phrase(r, 2) : '';
    if (role === 'checkbox') el.checked = r() > 0.5;
    elements.push(el);
  }
  elements.push({ id: '900', role: 'button', name: 'Add to cart', visible: true });
  elements.push({ id: '901', role: 'textbox', name: 'Email', value: step > 100 ? 'alice@example.com' : '', visible: true });
  elements.push({ id: '902', role: 'link', name: 'Orders', href: 'http://127.0.0.1:4000/orders', visible: true });
  const products = Array.from({ length: 30 }, (_, i) => ({ id: `p-${i}`, name: phrase(r, 3), price: Math.round(r() * 10000) / 100, stock: Math.floor(r() * 20) }));
  const cart = Array.from({ length: Math.min(8, Math.floor(step / 25)) }, (_, i) => ({ productId: `p-${i * 2 + 1}`, size: i % 2 ? 'M' : 'L', qty: 1 }));
  return {
    url: `http://127.0.0.1:4000/${['search', 'p/17', 'cart', 'checkout', 'account'][step % 5]}?q=${step}`,
    title: `Shop - ${phrase(r, 2)}`,
    elements,
    text: Array.from({ length: 220 }, () => phrase(r, 12)).join('. '),
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

function makeStep(index: number, r: () => number): LabelStep {
  const action = ACTIONS[index % ACTIONS.length]!;
  const state = pageState(index, r);
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
}

const runtime = new LabelRuntime();
const all: number[] = [];
const early: number[] = [];
const late: number[] = [];
const scoreOnly: number[] = [];
let stateBytes = 0;
let errors = 0;
for (let e = 0; e < EPISODES; e++) {
  const r = rng(1000 + e);
  const steps = Array.from({ length: STEPS }, (_, i) => makeStep(i, r));
  stateBytes = JSON.stringify(steps[10]).length;
  runtime.reset(labels, { taskId: 'bench', goal: 'buy a shirt', initial: pageState(0, r) });
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    const res = runtime.step(steps[i]!);
    const ms = performance.now() - t0;
    errors += Object.keys(res.errors).length;
    if (e === 0) continue; // warm-up episode
    all.push(ms);
    if (i >= 5 && i < 15) early.push(ms);
    if (i >= 195 && i < 205) late.push(ms);
    if (i % 10 === 0) {
      const s0 = performance.now();
      runtime.score();
      scoreOnly.push(performance.now() - s0);
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
};
runtime.close();

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function isolateMb(rt: LabelRuntime): number {
  return rt.heapStatistics().total_physical_size / 1024 / 1024;
}



console.log(result);
{
  const rt = new LabelRuntime();
  const r = rng(5);
  const steps = Array.from({ length: 30 }, (_, i) => makeStep(i, r));
  rt.reset(labels, { taskId: 'bench', goal: 'g', initial: pageState(0, r) });
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now(); const json = JSON.stringify(steps[i]); const t1 = performance.now();
    const res = rt.step(steps[i]!); const t2 = performance.now();
    const s0 = performance.now(); rt.score(); const s1 = performance.now();
    if (i > 20) console.log('stringify', (t1-t0).toFixed(3), 'step', (t2-t1).toFixed(3), 'score', (s1-s0).toFixed(3), Object.values(res.errors).map(e=>e.message));
  }
  // per label cost
  for (let k = 0; k < labels.length; k++) {
    const rt2 = new LabelRuntime();
    rt2.reset([labels[k]!], { taskId: 'bench', goal: 'g', initial: pageState(0, r) });
    for (let i = 0; i < 30; i++) rt2.step(steps[i]!);
    const xs = []; for (let j = 0; j < 20; j++) { const a = performance.now(); rt2.score(); xs.push(performance.now() - a); }
    xs.sort((a,b)=>a-b); console.log(k, labels[k]!.code.slice(0, 70), (xs[10]!*1000).toFixed(1), 'us');
    rt2.close();
  }
}
