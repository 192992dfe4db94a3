/**
 * Hand-made trajectories for the synthesis tests: a small shop and forum whose backend state is
 * carried through probes the way the built-in suite's are (`{ seed, state }` under the site name).
 */
import type { Action } from '../../src/env/action-schema.ts';
import type { CompactElement, StepRecord, Target, Trajectory } from '../../src/env/trajectory.ts';
import { TRAJECTORY_SCHEMA_VERSION } from '../../src/env/trajectory.ts';

export interface StepSpec {
  action: Action;
  target?: Target;
  url?: string;
  /** New backend state; when absent the previous state carries over. */
  state?: unknown;
  elements?: CompactElement[];
  text?: string;
  error?: string;
}

export interface TrajectorySpec {
  id?: string;
  taskId?: string;
  goal: string;
  params?: Record<string, unknown>;
  site?: string;
  url: string;
  state: unknown;
  elements?: CompactElement[];
  steps: StepSpec[];
  answer?: string;
  infeasible?: string;
}

const clone = <T>(v: T): T => structuredClone(v);

export function makeTrajectory(spec: TrajectorySpec): Trajectory {
  const site = spec.site ?? 'shop';
  let state = clone(spec.state);
  let url = spec.url;
  let elements = spec.elements ?? [];
  const steps: StepRecord[] = spec.steps.map((s, index) => {
    if (s.state !== undefined) state = clone(s.state);
    if (s.url) url = s.url;
    if (s.elements) elements = s.elements;
    return {
      index, url, title: '', elements, text: s.text ?? '',
      probes: { [site]: { seed: 1, state: clone(state) } },
      action: s.action, actionText: JSON.stringify(s.action), target: s.target,
      error: s.error ?? '', reward: 0, newlySatisfied: [],
    };
  });
  return {
    schema: TRAJECTORY_SCHEMA_VERSION,
    id: spec.id ?? 'demo-1',
    taskId: spec.taskId ?? `${site}.task`,
    seed: 1,
    goal: spec.goal,
    startUrl: spec.url,
    params: spec.params ?? {},
    source: 'demo',
    initial: { url: spec.url, title: '', elements: spec.elements ?? [], text: '', probes: { [site]: { seed: 1, state: clone(spec.state) } } },
    steps,
    answer: spec.answer,
    infeasible: spec.infeasible,
    startedAt: '2026-11-14T00:00:00Z',
  };
}

export const btn = (id: string, name: string): Target => ({ id, role: 'button', name });
export const link = (id: string, name: string): Target => ({ id, role: 'link', name });
export const field = (id: string, name: string): Target => ({ id, role: 'textbox', name });
export const combo = (id: string, name: string): Target => ({ id, role: 'combobox', name });

export interface ShopState {
  products: Array<{ id: number; name: string; sizes: string[]; priceCents: number; stock: number }>;
  cart: Array<{ id: number; productId: number; size: string | null; colour: string; quantity: number }>;
  orders: Array<{ id: string; placedOn: string; status: string; lines: Array<{ productId: number; name: string; size: string | null; quantity: number; unitPriceCents: number }>; totalCents: number; shipping: string }>;
  wishlist: number[];
  nextIds: { cartLine: number; order: number };
}

export function shopState(): ShopState {
  return {
    products: [
      { id: 17, name: 'Trail Runner 2', sizes: ['S', 'M', 'L'], priceCents: 8999, stock: 12 },
      { id: 18, name: 'Trail Runner 3', sizes: ['M', 'L'], priceCents: 10999, stock: 4 },
      { id: 19, name: 'Rain Shell', sizes: ['S', 'M'], priceCents: 12950, stock: 7 },
    ],
    cart: [],
    orders: [{ id: 'SO-1001', placedOn: '2026-10-01', status: 'Delivered', lines: [{ productId: 19, name: 'Rain Shell', size: 'S', quantity: 1, unitPriceCents: 12950 }], totalCents: 12950, shipping: 'standard' }],
    wishlist: [],
    nextIds: { cartLine: 1, order: 1002 },
  };
}

/** A shop state after `mutate`. */
export function shopWith(mutate: (s: ShopState) => void): ShopState {
  const s = shopState();
  mutate(s);
  return s;
}

const SHOP = 'http://shop.suite';

/** Demo: add 'Trail Runner 2' in size M to the cart through the product page. */
export function addToCartDemo(): Trajectory {
  const added = shopWith((s) => {
    s.cart.push({ id: 1, productId: 17, size: 'M', colour: 'Black', quantity: 1 });
    s.nextIds.cartLine = 2;
  });
  return makeTrajectory({
    goal: 'Add the Trail Runner 2 in size M to my cart',
    params: { productId: 17, size: 'M' },
    url: `${SHOP}/`,
    state: shopState(),
    steps: [
      { action: { type: 'fill', id: '3', text: 'trail runner' }, target: { id: '3', role: 'searchbox', name: 'Search products' } },
      { action: { type: 'press', id: '3', key: 'Enter' }, target: { id: '3', role: 'searchbox', name: 'Search products' }, url: `${SHOP}/search?q=trail+runner` },
      { action: { type: 'click', id: '21' }, target: link('21', 'Trail Runner 2'), url: `${SHOP}/products/17` },
      { action: { type: 'select', id: '30', options: ['M'] }, target: combo('30', 'Size') },
      {
        action: { type: 'click', id: '31' }, target: btn('31', 'Add to cart'), state: added,
        elements: [{ id: '40', role: 'status', name: 'Added Trail Runner 2 to your cart' }],
      },
    ],
  });
}

/** Demo: answer the price of the Rain Shell. */
export function priceAnswerDemo(): Trajectory {
  return makeTrajectory({
    goal: 'How much does the Rain Shell cost?',
    url: `${SHOP}/`,
    state: shopState(),
    steps: [
      { action: { type: 'click', id: '5' }, target: link('5', 'Rain Shell'), url: `${SHOP}/products/19` },
      { action: { type: 'answer', text: '$129.50' } },
    ],
    answer: '$129.50',
  });
}

export interface ForumState {
  me: string;
  now: string;
  posts: Array<{ id: number; title: string; score: number }>;
  comments: Array<{ id: number; postId: number; parentId: number | null; author: string; body: string; createdAt: string; score: number }>;
  votes: Record<string, 1 | -1>;
  nextCommentId: number;
}

export function forumState(): ForumState {
  return {
    me: 'alice',
    now: '2026-05-18T14:00:00.000Z',
    posts: [{ id: 3, title: 'Best risotto rice?', score: 12 }, { id: 4, title: 'Sourdough starter help', score: 5 }],
    comments: [{ id: 1, postId: 3, parentId: null, author: 'bob', body: 'Carnaroli, always.', createdAt: '2026-05-17T10:00:00.000Z', score: 3 }],
    votes: {},
    nextCommentId: 2,
  };
}

/** Demo: comment on the risotto post, then upvote it. Two key steps at different steps. */
export function commentAndVoteDemo(): Trajectory {
  const commented = forumState();
  commented.comments.push({ id: 2, postId: 3, parentId: null, author: 'alice', body: 'Arborio works fine too!', createdAt: '2026-05-18T14:01:00.000Z', score: 1 });
  commented.nextCommentId = 3;
  commented.now = '2026-05-18T14:01:00.000Z';
  const voted = structuredClone(commented);
  voted.votes.p3 = 1;
  return makeTrajectory({
    site: 'forum',
    goal: "Reply 'Arborio works fine too!' to the post about risotto rice and upvote it",
    url: 'http://forum.suite/',
    state: forumState(),
    steps: [
      { action: { type: 'click', id: '8' }, target: link('8', 'Best risotto rice?'), url: 'http://forum.suite/posts/3' },
      { action: { type: 'fill', id: '12', text: 'Arborio works fine too!' }, target: field('12', 'Comment') },
      { action: { type: 'click', id: '13' }, target: btn('13', 'Post comment'), state: commented },
      { action: { type: 'click', id: '9' }, target: btn('9', 'Upvote'), state: voted },
    ],
  });
}
