/**
 * Recorded-style trajectories of a small shop task ('shop.buy': put shoes in the cart and order
 * them), written out as data, and the labels a synthesizer would give each strategy.
 */
import type { Action } from '../../src/env/action-schema.ts';
import type { StepRecord, Trajectory } from '../../src/env/trajectory.ts';
import type { LabelSet } from '../../src/labels/label.ts';
import type { Synthesizer } from '../../src/labels/synthesizer.ts';
import { label, labelSet } from './fixtures.ts';

export const TASK = 'shop.buy';

interface Shop {
  cart: string[];
  orders: string[];
}

/** One step as written in a test: the action, what it touched, where it left the page and shop. */
export interface StepSpec {
  action: Action;
  target?: { role: string; name: string };
  url: string;
  shop: Shop;
}

export function makeTrajectory(
  id: string,
  steps: StepSpec[],
  options: { taskId?: string; oracle?: boolean; strategy?: string; source?: Trajectory['source'] } = {},
): Trajectory {
  const record = (spec: StepSpec, index: number): StepRecord => ({
    index,
    action: spec.action,
    actionText: JSON.stringify(spec.action),
    target: spec.target ? { id: String(index + 1), ...spec.target } : undefined,
    url: spec.url,
    title: 'Shop',
    elements: [{ id: '1', role: 'button', name: 'Add to cart' }],
    text: spec.shop.orders.length > 0 ? 'Thank you for your order' : 'Shop',
    probes: { shop: spec.shop },
    error: '',
    reward: 0,
    newlySatisfied: [],
  });
  return {
    schema: 'coregym.trajectory/1',
    id,
    taskId: options.taskId ?? TASK,
    seed: 0,
    goal: 'Buy the trail shoes',
    startUrl: 'http://shop.test/',
    params: {},
    source: options.source ?? 'rollout',
    strategy: options.strategy,
    initial: { url: 'http://shop.test/', title: 'Shop', elements: [], text: 'Shop', probes: { shop: { cart: [], orders: [] } } },
    steps: steps.map(record),
    outcome:
      options.oracle === undefined
        ? undefined
        : { terminated: true, truncated: false, totalReward: 0, oracle: { success: options.oracle } },
    startedAt: '2026-11-24T00:00:00.000Z',
  };
}

const empty: Shop = { cart: [], orders: [] };
const carted: Shop = { cart: ['shoes'], orders: [] };
const ordered: Shop = { cart: [], orders: ['shoes'] };
const click = (role: string, name: string, url: string, shop: Shop): StepSpec => ({ action: { type: 'click', id: '1' }, target: { role, name }, url, shop });
const fill = (name: string, text: string, url: string, shop: Shop): StepSpec => ({ action: { type: 'fill', id: '2', text }, target: { role: 'searchbox', name }, url, shop });

/** Browse the category, add to cart, check out. */
export function browseRun(id: string, options: { oracle?: boolean } = {}): Trajectory {
  return makeTrajectory(
    id,
    [
      click('link', 'Shoes', 'http://shop.test/c/shoes', empty),
      click('button', 'Add to cart', 'http://shop.test/p/trail', carted),
      click('button', 'Place order', 'http://shop.test/orders/17', ordered),
    ],
    { oracle: options.oracle ?? true, strategy: 'browse' },
  );
}

/** Search, add to cart, check out. */
export function searchRun(id: string, options: { oracle?: boolean } = {}): Trajectory {
  return makeTrajectory(
    id,
    [
      fill('Search', 'trail shoes', 'http://shop.test/', empty),
      click('button', 'Search', 'http://shop.test/search?q=trail', empty),
      click('button', 'Add to cart', 'http://shop.test/p/trail', carted),
      click('button', 'Place order', 'http://shop.test/orders/18', ordered),
    ],
    { oracle: options.oracle ?? true, strategy: 'search' },
  );
}

/** Reorder from the order history: never touches the cart. */
export function reorderRun(id: string): Trajectory {
  return makeTrajectory(
    id,
    [
      click('link', 'My orders', 'http://shop.test/orders', empty),
      click('button', 'Buy again', 'http://shop.test/orders/19', ordered),
    ],
    { oracle: true, strategy: 'reorder' },
  );
}

/** Adds the shoes to the cart and removes them again: the oracle rejects it. */
export function addThenRemoveRun(id: string): Trajectory {
  return makeTrajectory(
    id,
    [
      click('link', 'Shoes', 'http://shop.test/c/shoes', empty),
      click('button', 'Add to cart', 'http://shop.test/p/trail', carted),
      click('button', 'Remove', 'http://shop.test/cart', empty),
    ],
    { oracle: false },
  );
}

/** Wanders without buying. */
export function randomRun(id: string): Trajectory {
  return makeTrajectory(
    id,
    [click('link', 'About', 'http://shop.test/about', empty), click('link', 'Home', 'http://shop.test/', empty)],
    { oracle: false },
  );
}

export const LABELS = {
  category: label('opened-category', `(traj, api) => api.clicked('link', 'Shoes')`, "Opened the category 'Shoes'", 0),
  searched: label('searched', `(traj, api) => api.typed('trail shoes', 'Search')`, "Searched for 'trail shoes'", 0),
  cart: label('cart-has-shoes', `(traj, api) => (api.probe('shop.cart') ?? []).includes('shoes')`, 'The cart holds the shoes', 1),
  // Same check as `cart`, written differently: it must dedupe by code.
  cartAgain: label('in-cart', `(traj,api)=>(api.probe("shop.cart")??[]).includes("shoes") // cart`, 'Shoes are in the cart', 2),
  ordered: label('order-placed', `(traj, api) => api.urlMatches(/\\/orders\\/\\d+$/)`, 'The order is placed', 2),
  // Another check of the same key step (the click rather than the page reached): it dedupes with
  // `ordered` by signature only on a bank where the two agree; reordering tells them apart.
  placeOrderClick: label('clicked-place-order', `(traj, api) => api.clicked('button', 'Place order')`, "Clicked 'Place order'", 3),
  orderHistory: label('opened-orders', `(traj, api) => api.clicked('link', 'My orders')`, "Opened 'My orders'", 0),
};

/** The labels of a browse demo. */
export function browseLabels(): LabelSet {
  return labelSet(TASK, [LABELS.category, LABELS.cart, LABELS.ordered]);
}

/**
 * A synthesizer test double: returns the labels given per trajectory id (the real synthesizers are
 * tested in test/labels). Records what it was asked.
 */
export class GivenSynthesizer implements Synthesizer {
  readonly name = 'given';
  readonly calls: string[] = [];
  #byId: Record<string, LabelSet['labels']>;

  constructor(byId: Record<string, LabelSet['labels']>) {
    this.#byId = byId;
  }

  async synthesize(demo: Trajectory): Promise<LabelSet> {
    this.calls.push(demo.id);
    return labelSet(demo.taskId, this.#byId[demo.id] ?? []);
  }
}
