/**
 * A tiny synthetic shop for policy tests: task instances whose products and prices vary by seed,
 * pages as Observations, and expert trajectories through them.
 */
import type { Action } from '../../src/env/action-schema.ts';
import type { ElementInfo, Observation } from '../../src/env/observation.ts';
import type { PageState, Trajectory } from '../../src/env/trajectory.ts';

const ADJ = ['Blue', 'Red', 'Quiet', 'Rugged', 'Silver', 'Compact', 'Deluxe', 'Vintage', 'Smart', 'Classic', 'Golden', 'Linen', 'Velvet', 'Arctic', 'Copper', 'Maple'];
const NOUN = ['Kettle', 'Backpack', 'Lamp', 'Headphones', 'Blender', 'Jacket', 'Watch', 'Umbrella', 'Toaster', 'Notebook', 'Sneakers', 'Scarf', 'Mug', 'Speaker', 'Tent', 'Wallet'];

function rng(seed: number) {
  let s = (seed * 2654435761) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ShopInstance {
  seed: number;
  kind: 'add' | 'price' | 'search';
  goal: string;
  products: { name: string; price: string }[];
  target: number;
  query: string;
}

export function shopInstance(seed: number, kind: ShopInstance['kind']): ShopInstance {
  const r = rng(seed);
  const names = new Set<string>();
  while (names.size < 5) names.add(`${ADJ[Math.floor(r() * ADJ.length)]} ${NOUN[Math.floor(r() * NOUN.length)]}`);
  const products = [...names].map((name) => ({ name, price: `$${(5 + Math.floor(r() * 9000) / 100).toFixed(2)}` }));
  const target = Math.floor(r() * products.length);
  const p = products[target]!;
  const goal = kind === 'add' ? `Add the ${p.name} to my cart` : kind === 'price' ? `What is the price of the ${p.name}?` : `Search the shop for "${p.name.split(' ')[1]!.toLowerCase()}"`;
  return { seed, kind, goal, products, target, query: p.name.split(' ')[1]!.toLowerCase() };
}

type El = Omit<ElementInfo, 'visible'> & { visible?: boolean };

export function homePage(inst: ShopInstance, idBase: number): { url: string; elements: ElementInfo[] } {
  const els: El[] = [
    { id: '', role: 'link', name: 'Home', clickable: true },
    { id: '', role: 'searchbox', name: 'Search products', editable: true, value: '' },
    { id: '', role: 'button', name: 'Search', clickable: true },
    { id: '', role: 'link', name: 'Cart (0)', clickable: true },
    { id: '', role: 'heading', name: 'Featured products' },
    ...inst.products.flatMap((p): El[] => [{ id: '', role: 'link', name: p.name, clickable: true }, { id: '', role: 'text', name: p.price }]),
  ];
  return { url: 'http://shop.test/', elements: els.map((e, i) => ({ visible: true, ...e, id: String(idBase + i) })) };
}

export function productPage(inst: ShopInstance, idBase: number): { url: string; elements: ElementInfo[] } {
  const p = inst.products[inst.target]!;
  const els: El[] = [
    { id: '', role: 'link', name: 'Home', clickable: true },
    { id: '', role: 'searchbox', name: 'Search products', editable: true, value: '' },
    { id: '', role: 'button', name: 'Search', clickable: true },
    { id: '', role: 'link', name: 'Cart (0)', clickable: true },
    { id: '', role: 'heading', name: p.name },
    { id: '', role: 'text', name: `Price: ${p.price}` },
    { id: '', role: 'combobox', name: 'Quantity', options: ['1', '2', '3'], value: '1', clickable: true },
    { id: '', role: 'button', name: 'Add to cart', clickable: true },
    { id: '', role: 'link', name: 'Write a review', clickable: true },
  ];
  return { url: `http://shop.test/product/${inst.target + 100}`, elements: els.map((e, i) => ({ visible: true, ...e, id: String(idBase + i) })) };
}

export function observation(goal: string, page: { url: string; elements: ElementInfo[] }): Observation {
  return { url: page.url, title: 'Shop', goal, tabs: [{ index: 0, url: page.url, title: 'Shop' }], activeTab: 0, axtree: '', elements: page.elements, lastActionError: '', dialogs: [], downloads: [], truncated: false };
}

function state(page: { url: string; elements: ElementInfo[] }): PageState {
  const out: PageState = { url: page.url, title: 'Shop', text: page.elements.map((e) => e.name).join(' '), elements: [] };
  page.elements.forEach((e, i) => {
    out.elements.push({ id: e.id, role: e.role, name: e.name, value: e.value, visible: e.visible });
    // Recorded pages list a select's options as `option` elements after it, as the env records them.
    e.options?.forEach((o, k) => out.elements.push({ id: `${e.id}o${k}`, role: 'option', name: o, visible: false }));
    void i;
  });
  return out;
}

/** The expert trajectory for an instance, with the pages it passes through. */
export function expertTrajectory(inst: ShopInstance): Trajectory {
  const home = homePage(inst, 1);
  const steps: { action: Action; after: { url: string; elements: ElementInfo[] } }[] = [];
  const product = productPage(inst, 100);
  const link = home.elements.find((e) => e.name === inst.products[inst.target]!.name)!;
  if (inst.kind === 'add') {
    steps.push({ action: { type: 'click', id: link.id }, after: product });
    steps.push({ action: { type: 'click', id: product.elements.find((e) => e.name === 'Add to cart')!.id }, after: product });
    steps.push({ action: { type: 'answer', text: 'done' }, after: product });
  } else if (inst.kind === 'price') {
    steps.push({ action: { type: 'click', id: link.id }, after: product });
    steps.push({ action: { type: 'answer', text: inst.products[inst.target]!.price }, after: product });
  } else {
    const box = home.elements.find((e) => e.role === 'searchbox')!;
    const filled = { ...home, elements: home.elements.map((e) => (e.id === box.id ? { ...e, value: inst.query } : e)) };
    steps.push({ action: { type: 'fill', id: box.id, text: inst.query }, after: filled });
    steps.push({ action: { type: 'press', id: box.id, key: 'Enter' }, after: { ...filled, url: `http://shop.test/search?q=${inst.query}` } });
  }
  return {
    schema: 'coregym.trajectory/1',
    id: `shop-${inst.kind}-${inst.seed}`,
    taskId: `shop.${inst.kind}`,
    seed: inst.seed,
    goal: inst.goal,
    startUrl: home.url,
    params: {},
    source: 'demo',
    initial: state(home),
    steps: steps.map((s, index) => ({
      index,
      action: s.action,
      actionText: JSON.stringify(s.action),
      error: '',
      reward: 0,
      newlySatisfied: [],
      ...state(s.after),
    })),
    startedAt: new Date(0).toISOString(),
  };
}
