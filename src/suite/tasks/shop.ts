/**
 * Task templates of the shop site: shopping, cart and wishlist chores, checkout, reviews, account
 * settings, questions about the catalogue and orders, and requests the shop cannot fulfil.
 * @module
 */
import type { OracleInput, TaskRuntime } from '../../env/task.ts';
import type { OracleVerdict } from '../../env/trajectory.ts';
import { fetchProbe } from '../site-control.ts';
import { Rng } from '../../env/index.ts';
import { CATEGORIES, SHIPPING_OPTIONS, formatMoney, randomAddress, ratingOf, seedState } from '../sites/shop/index.ts';
import type { Address, Product, ShopProbe, ShopState } from '../sites/shop/index.ts';
import {
  addFromProductPage, addressText, answerHasCount, answerHasMoney, browse, cartDelta, deltaEquals, describeDelta, fail,
  fillAddress, lineKey, norm, pageUntil, pass, quickAdd, readProbe, salt, sameAddress, search, startsWith,
} from '../sites/shop/task-kit.ts';
import type { SolverContext, SuiteUrls, TaskTemplate, TemplateFactory } from '../template.ts';

type Params = Record<string, unknown>;

function categoryOf(p: Product) {
  const category = CATEGORIES.find((c) => c.slug === p.category)!;
  return { category, sub: category.subcategories.find((s) => s.slug === p.subcategory)! };
}

function variant(size: string | null, colour: string): string {
  return size ? `${size}, ${colour}` : colour;
}

/** The rng a template draws its parameters from, plus the seeded shop they must agree with. */
function draw(id: string, seed: number): { rng: Rng; state: ShopState } {
  return { rng: new Rng((seed ^ salt(id)) | 0), state: seedState(seed) };
}

/** Shared checks every oracle starts with; returns the probe or a failing verdict. */
function begin(input: OracleInput, feasible = true): { probe: ShopProbe; initial: ShopState } | OracleVerdict {
  const probe = readProbe(input.probes);
  if (!probe) return fail('no shop probe (the session was never reset?)');
  if (feasible && input.infeasible !== undefined) return fail('reported infeasible, but the task can be done');
  return { probe, initial: seedState(input.instance.seed) };
}

function isVerdict(x: unknown): x is OracleVerdict {
  return typeof x === 'object' && x !== null && 'success' in x;
}

function noNewOrders(probe: ShopProbe, initial: ShopState): OracleVerdict | null {
  return probe.orders.length === initial.orders.length ? null : fail(`an order was placed (${probe.orders.length - initial.orders.length} new)`);
}

function cartUnchanged(probe: ShopProbe, initial: ShopState): OracleVerdict | null {
  const delta = cartDelta(initial.cart, probe.cart);
  return delta.size === 0 ? null : fail(`the cart changed: ${describeDelta(delta)}`);
}

function p<T>(instance: { params: Params }, key: string): T {
  return instance.params[key] as T;
}

async function openCart(s: SolverContext): Promise<void> {
  await s.click(startsWith('link', 'Cart ('));
}

async function toDeliveryStep(s: SolverContext): Promise<void> {
  await openCart(s);
  await s.click({ role: 'link', name: 'Proceed to checkout' });
  await s.click({ role: 'button', name: 'Continue to delivery options' });
}

export const shopTemplates: TemplateFactory = (urls: SuiteUrls): TaskTemplate[] => {
  const start = (seed: number, path = '/') => `${urls.shop}/__coregym/reset?seed=${seed}&next=${encodeURIComponent(path)}`;
  const probes = {
    shop: ({ context }: TaskRuntime) => fetchProbe(context, urls.shop),
  };

  const addVariant: TaskTemplate = {
    id: 'shop.add-variant-to-cart',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 20,
    instantiate(seed) {
      const { rng, state } = draw('shop.add-variant-to-cart', seed);
      const product = rng.pick(state.products.filter((x) => x.sizes.length > 0 && x.stock >= 2));
      const size = rng.pick(product.sizes);
      const colour = rng.pick(product.colours);
      const { category, sub } = categoryOf(product);
      return {
        goal: `Add the ${product.name} in size ${size}, colour ${colour}, to my cart.`,
        startUrl: start(seed),
        params: { productId: product.id, name: product.name, size, colour, category: category.name, department: sub.name },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const { instance } = input;
      const expected = new Map([[lineKey({ productId: p(instance, 'productId'), size: p(instance, 'size'), colour: p(instance, 'colour') }), 1]]);
      const delta = cartDelta(b.initial.cart, b.probe.cart);
      if (!deltaEquals(delta, expected)) return fail(`cart change was ${describeDelta(delta)}, expected ${describeDelta(expected)}`);
      return noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'search-product-page'(s) {
        const i = s.instance;
        await search(s, p(i, 'name'));
        await s.click({ role: 'link', name: p(i, 'name') });
        await addFromProductPage(s, p(i, 'size'), p(i, 'colour'));
      },
      async 'browse-quick-add'(s) {
        const i = s.instance;
        await browse(s, p(i, 'category'), p(i, 'department'));
        await quickAdd(s, p(i, 'name'), p(i, 'size'), p(i, 'colour'));
      },
    },
  };

  const cheapestOfBrand: TaskTemplate = {
    id: 'shop.add-cheapest-brand-item',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 20,
    instantiate(seed) {
      const { rng, state } = draw('shop.add-cheapest-brand-item', seed);
      const choices: { brand: string; product: Product }[] = [];
      for (const category of CATEGORIES) {
        for (const sub of category.subcategories) {
          for (const brand of category.brands) {
            const mine = state.products.filter((x) => x.subcategory === sub.slug && x.brand === brand)
              .sort((a, b) => a.priceCents - b.priceCents);
            const [first, second] = mine;
            if (first && second && first.priceCents < second.priceCents && first.stock > 0 && first.sizes.length === 0) {
              choices.push({ brand, product: first });
            }
          }
        }
      }
      // Every seed has dozens of candidates; the fallback only guards the type.
      const { brand, product } = rng.pick(choices);
      const { category, sub } = categoryOf(product);
      return {
        goal: `Put the cheapest ${brand} product from the ${sub.name} range into my cart. Any colour is fine, just one.`,
        startUrl: start(seed),
        params: { productId: product.id, name: product.name, brand, category: category.name, department: sub.name, priceCents: product.priceCents },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const delta = cartDelta(b.initial.cart, b.probe.cart);
      const id = p<number>(input.instance, 'productId');
      const entries = [...delta];
      if (entries.length !== 1) return fail(`expected exactly one new cart line, got ${describeDelta(delta)}`);
      const [key, qty] = entries[0]!;
      if (!key.startsWith(`${id}|`)) return fail(`added ${key}, not the cheapest product ${id}`);
      if (qty !== 1) return fail(`added quantity ${qty}, expected 1`);
      return noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'filter-and-sort'(s) {
        const i = s.instance;
        await browse(s, p(i, 'category'), p(i, 'department'));
        await s.select({ role: 'combobox', name: 'Brand' }, p(i, 'brand'));
        await s.select({ role: 'combobox', name: 'Sort by' }, 'Price: low to high');
        await quickAdd(s, p(i, 'name'), null, null);
      },
      async 'search-and-sort'(s) {
        const i = s.instance;
        await search(s, `${p<string>(i, 'brand')} ${p<string>(i, 'department')}`);
        await s.select({ role: 'combobox', name: 'Sort by' }, 'Price: low to high');
        await s.click({ role: 'link', name: p(i, 'name') });
        await s.click({ role: 'button', name: 'Add to cart' });
      },
    },
  };

  const addToWishlist: TaskTemplate = {
    id: 'shop.add-to-wishlist',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 12,
    instantiate(seed) {
      const { rng, state } = draw('shop.add-to-wishlist', seed);
      const product = rng.pick(state.products.filter((x) => !state.wishlist.includes(x.id)));
      const { category, sub } = categoryOf(product);
      return {
        goal: `Save the ${product.name} to my wishlist for later.`,
        startUrl: start(seed),
        params: { productId: product.id, name: product.name, category: category.name, department: sub.name },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const want = [...b.initial.wishlist, p<number>(input.instance, 'productId')].sort();
      const got = [...b.probe.wishlist].sort();
      if (JSON.stringify(want) !== JSON.stringify(got)) return fail(`wishlist is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      return cartUnchanged(b.probe, b.initial) ?? noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async search(s) {
        await search(s, p(s.instance, 'name'));
        await s.click({ role: 'link', name: p(s.instance, 'name') });
        await s.click({ role: 'button', name: 'Add to wishlist' });
      },
      async browse(s) {
        const i = s.instance;
        await browse(s, p(i, 'category'), p(i, 'department'));
        await pageUntil(s, { role: 'link', name: p(i, 'name') });
        await s.click({ role: 'link', name: p(i, 'name') });
        await s.click({ role: 'button', name: 'Add to wishlist' });
      },
    },
  };

  const moveWishlist: TaskTemplate = {
    id: 'shop.move-wishlist-to-cart',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 20,
    instantiate(seed) {
      const { rng, state } = draw('shop.move-wishlist-to-cart', seed);
      const id = rng.pick(state.wishlist);
      const product = state.products.find((x) => x.id === id)!;
      const size = product.sizes.length ? rng.pick(product.sizes) : null;
      const colour = rng.pick(product.colours);
      return {
        goal: `Move the ${product.name} from my wishlist into my cart${size ? ` in size ${size}` : ''}, colour ${colour}.`,
        startUrl: start(seed),
        params: { productId: product.id, name: product.name, size, colour },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      const id = p<number>(i, 'productId');
      const expected = new Map([[lineKey({ productId: id, size: p(i, 'size'), colour: p(i, 'colour') }), 1]]);
      const delta = cartDelta(b.initial.cart, b.probe.cart);
      if (!deltaEquals(delta, expected)) return fail(`cart change was ${describeDelta(delta)}, expected ${describeDelta(expected)}`);
      const want = b.initial.wishlist.filter((w) => w !== id).sort();
      if (JSON.stringify([...b.probe.wishlist].sort()) !== JSON.stringify(want)) return fail(`wishlist is ${JSON.stringify(b.probe.wishlist)}, expected ${JSON.stringify(want)}`);
      return noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'wishlist-move'(s) {
        const i = s.instance;
        const name = p<string>(i, 'name');
        await s.click(startsWith('link', 'Wishlist ('));
        if (p(i, 'size')) await s.select({ role: 'combobox', name: `Size for ${name}` }, p(i, 'size'));
        await s.select({ role: 'combobox', name: `Colour for ${name}` }, p(i, 'colour'));
        await s.click({ role: 'button', name: `Move ${name} to cart` });
      },
      async 'product-page-then-remove'(s) {
        const i = s.instance;
        await s.click(startsWith('link', 'Wishlist ('));
        await s.click({ role: 'link', name: p(i, 'name') });
        await addFromProductPage(s, p(i, 'size'), p(i, 'colour'));
        await s.click({ role: 'button', name: 'Continue shopping' });
        await s.click({ role: 'button', name: 'Remove from wishlist' });
      },
    },
  };

  const changeQuantity: TaskTemplate = {
    id: 'shop.change-cart-quantity',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 12,
    instantiate(seed) {
      const { rng, state } = draw('shop.change-cart-quantity', seed);
      const line = rng.pick(state.cart);
      const product = state.products.find((x) => x.id === line.productId)!;
      // Seeded cart lines are well stocked, so the new quantity always fits.
      const wanted = Math.min(10, product.stock, line.quantity + rng.int(1, 3));
      return {
        goal: `I need ${wanted} of the ${product.name} (${variant(line.size, line.colour)}) in my cart, not ${line.quantity}. Please fix the quantity.`,
        startUrl: start(seed),
        params: { lineKey: lineKey(line), label: `${product.name} (${variant(line.size, line.colour)})`, from: line.quantity, to: wanted },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      const delta = cartDelta(b.initial.cart, b.probe.cart);
      const expected = new Map([[p<string>(i, 'lineKey'), p<number>(i, 'to') - p<number>(i, 'from')]]);
      if (!deltaEquals(delta, expected)) return fail(`cart change was ${describeDelta(delta)}, expected ${describeDelta(expected)}`);
      return noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'type-and-update'(s) {
        const i = s.instance;
        await openCart(s);
        await s.fill({ role: 'spinbutton', name: `Quantity of ${p<string>(i, 'label')}` }, String(p(i, 'to')));
        await s.click({ role: 'button', name: 'Update cart' });
      },
      async 'type-and-enter'(s) {
        const i = s.instance;
        const field = { role: 'spinbutton', name: `Quantity of ${p<string>(i, 'label')}` };
        await openCart(s);
        await s.fill(field, String(p(i, 'to')));
        await s.press('Enter', field);
      },
      async 'step-buttons'(s) {
        const i = s.instance;
        const diff = p<number>(i, 'to') - p<number>(i, 'from');
        await openCart(s);
        for (let k = 0; k < Math.abs(diff); k++) {
          await s.click({ role: 'button', name: `${diff > 0 ? 'Increase' : 'Decrease'} quantity of ${p<string>(i, 'label')}` });
        }
      },
    },
  };

  const removeItem: TaskTemplate = {
    id: 'shop.remove-cart-item',
    site: 'shop',
    split: 'heldout',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 10,
    instantiate(seed) {
      const { rng, state } = draw('shop.remove-cart-item', seed);
      const line = rng.pick(state.cart);
      const product = state.products.find((x) => x.id === line.productId)!;
      const others = state.cart.filter((l) => l.productId === product.id).length > 1;
      return {
        goal: `Take the ${product.name}${others ? ` (${variant(line.size, line.colour)})` : ''} out of my cart; I don't want it any more.`,
        startUrl: start(seed),
        params: { lineKey: lineKey(line), label: `${product.name} (${variant(line.size, line.colour)})`, quantity: line.quantity },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      const delta = cartDelta(b.initial.cart, b.probe.cart);
      const expected = new Map([[p<string>(i, 'lineKey'), -p<number>(i, 'quantity')]]);
      if (!deltaEquals(delta, expected)) return fail(`cart change was ${describeDelta(delta)}, expected ${describeDelta(expected)}`);
      return noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'remove-button'(s) {
        await openCart(s);
        await s.click({ role: 'button', name: `Remove ${p<string>(s.instance, 'label')}` });
      },
      async 'zero-quantity'(s) {
        await openCart(s);
        await s.fill({ role: 'spinbutton', name: `Quantity of ${p<string>(s.instance, 'label')}` }, '0');
        await s.click({ role: 'button', name: 'Update cart' });
      },
    },
  };

  const orderMatches = (probe: ShopProbe, initial: ShopState, expect: {
    lines: Map<string, number>; shipping?: string; address?: Address; coupon?: string | null; payment?: string;
  }): OracleVerdict => {
    const added = probe.orders.slice(initial.orders.length);
    if (added.length !== 1) return fail(`expected exactly one new order, got ${added.length}`);
    const order = added[0]!;
    const lines = cartDelta([], order.lines);
    if (!deltaEquals(lines, expect.lines)) return fail(`order holds ${describeDelta(lines)}, expected ${describeDelta(expect.lines)}`);
    if (expect.shipping && order.shipping !== expect.shipping) return fail(`shipping was ${order.shipping}, expected ${expect.shipping}`);
    if (expect.address && !sameAddress(order.address, expect.address)) return fail(`shipped to ${addressText(order.address)}, expected ${addressText(expect.address)}`);
    if (expect.coupon !== undefined && order.coupon !== expect.coupon) return fail(`coupon was ${order.coupon}, expected ${expect.coupon}`);
    if (expect.payment && order.payment !== expect.payment) return fail(`paid by ${order.payment}, expected ${expect.payment}`);
    if (!sameAddress(probe.account.defaultAddress, initial.account.defaultAddress)) return fail('the default address was changed');
    return pass();
  };

  const checkoutAddress: TaskTemplate = {
    id: 'shop.checkout-with-address',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'long-horizon'],
    maxSteps: 30,
    instantiate(seed) {
      const { rng, state } = draw('shop.checkout-with-address', seed);
      const friend = `${rng.pick(['Ana', 'Ben', 'Clara', 'Dev', 'Erin', 'Felix', 'Gus', 'Ines'])} ${rng.pick(['Holm', 'Varga', 'Osei', 'Lund', 'Baker', 'Costa'])}`;
      let address = randomAddress(rng, friend);
      if (sameAddress(address, state.account.defaultAddress)) address = { ...address, street: `1${address.street}` };
      const shipping = rng.pick(SHIPPING_OPTIONS);
      return {
        goal: `Check out my cart as it is, but send it to ${friend} at ${address.street}, ${address.city} ${address.postcode}, ${address.country}. Use ${shipping.label.toLowerCase()} and pay with my saved card. Don't change my default address.`,
        startUrl: start(seed),
        params: { address, shipping: shipping.id, shippingLabel: shipping.label },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      return orderMatches(b.probe, b.initial, {
        lines: cartDelta([], b.initial.cart), shipping: p(i, 'shipping'), address: p(i, 'address'), payment: 'card',
      });
    },
    solvers: {
      async checkout(s) {
        const i = s.instance;
        await openCart(s);
        await s.click({ role: 'link', name: 'Proceed to checkout' });
        await fillAddress(s, p(i, 'address'));
        await s.click({ role: 'button', name: 'Continue to delivery options' });
        await s.check({ role: 'radio', name: p(i, 'shippingLabel') });
        await s.click({ role: 'button', name: 'Place order' });
      },
    },
  };

  const couponOrder: TaskTemplate = {
    id: 'shop.place-order-with-coupon',
    site: 'shop',
    split: 'train',
    tags: ['shop'],
    maxSteps: 18,
    instantiate(seed) {
      const { rng, state } = draw('shop.place-order-with-coupon', seed);
      const subtotal = state.cart.reduce((sum, l) => sum + state.products.find((x) => x.id === l.productId)!.priceCents * l.quantity, 0);
      const coupon = rng.pick(state.coupons.filter((c) => !c.expired && c.minSubtotalCents <= subtotal));
      return {
        goal: `Place the order for what's in my cart using the coupon code ${coupon.code}. Standard delivery to my default address, paid with my saved card.`,
        startUrl: start(seed),
        params: { code: coupon.code },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      return orderMatches(b.probe, b.initial, {
        lines: cartDelta([], b.initial.cart), shipping: 'standard', address: b.initial.account.defaultAddress,
        coupon: p(input.instance, 'code'), payment: 'card',
      });
    },
    solvers: {
      async checkout(s) {
        await toDeliveryStep(s);
        await s.fill({ role: 'textbox', name: 'Coupon code' }, p(s.instance, 'code'));
        await s.click({ role: 'button', name: 'Apply coupon' });
        await s.click({ role: 'button', name: 'Place order' });
      },
    },
  };

  const REVIEW_OPENERS = ['Bought this for weekend trips', 'I use it almost every day', 'Got it as a birthday present', 'Replaced my old one with this'];
  const REVIEW_VERDICTS: Record<number, string[]> = {
    5: ['and it has been perfect so far.', 'and I could not be happier with it.'],
    4: ['and it is very good, only the packaging was a bit wasteful.', 'and it works well, though it runs slightly small.'],
    3: ['and it is okay, nothing more.', 'and it is fine for the price.'],
    2: ['and it wore out sooner than I hoped.', 'and the quality is not what I expected.'],
    1: ['and it broke within a month.', 'and sadly it arrived faulty.'],
  };
  const REVIEW_TITLES: Record<number, string[]> = {
    5: ['Love it', 'Fantastic buy'], 4: ['Pretty good', 'Good value'], 3: ['It is okay', 'Average'],
    2: ['Not great', 'Meh'], 1: ['Avoid', 'Really disappointed'],
  };

  const writeReview: TaskTemplate = {
    id: 'shop.write-review',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 20,
    instantiate(seed) {
      const { rng, state } = draw('shop.write-review', seed);
      const order = rng.pick(state.orders);
      const line = rng.pick(order.lines);
      const rating = rng.int(1, 5);
      const title = rng.pick(REVIEW_TITLES[rating]!);
      const text = `${rng.pick(REVIEW_OPENERS)} ${rng.pick(REVIEW_VERDICTS[rating]!)}`;
      return {
        goal: `Write a ${rating}-star review of the ${line.name} I ordered, with the title "${title}" and the text "${text}"`,
        startUrl: start(seed),
        params: { productId: line.productId, name: line.name, orderId: order.id, rating, title, text },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      const mine = b.probe.customerReviews;
      if (mine.length !== 1) return fail(`expected exactly one new review, got ${mine.length}`);
      const r = mine[0]!;
      if (r.productId !== p(i, 'productId')) return fail(`reviewed product ${r.productId}, expected ${p(i, 'productId')}`);
      if (r.rating !== p(i, 'rating')) return fail(`rated ${r.rating} stars, expected ${p(i, 'rating')}`);
      const clean = (t: string) => t.trim().replace(/\s+/g, ' ');
      if (clean(r.title) !== clean(p(i, 'title'))) return fail(`title was ${JSON.stringify(r.title)}`);
      if (clean(r.text) !== clean(p(i, 'text'))) return fail(`text was ${JSON.stringify(r.text)}`);
      return cartUnchanged(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'via-order-history'(s) {
        const i = s.instance;
        await s.click({ role: 'link', name: 'Orders' });
        await s.click({ role: 'link', name: `#${p<string>(i, 'orderId')}` });
        await s.click({ role: 'link', name: p(i, 'name') });
        await writeReviewOnPage(s);
      },
      async 'via-search'(s) {
        await search(s, p(s.instance, 'name'));
        await s.click({ role: 'link', name: p(s.instance, 'name') });
        await writeReviewOnPage(s);
      },
    },
  };

  async function writeReviewOnPage(s: SolverContext): Promise<void> {
    const i = s.instance;
    const rating = p<number>(i, 'rating');
    await s.check({ role: 'radio', name: `${rating} ${rating === 1 ? 'star' : 'stars'}` });
    await s.fill({ role: 'textbox', name: 'Review title' }, p(i, 'title'));
    await s.fill({ role: 'textbox', name: 'Your review' }, p(i, 'text'));
    await s.click({ role: 'button', name: 'Submit review' });
  }

  const NEWSLETTER = 'Email me the weekly newsletter with offers and new arrivals';
  const emailNewsletter: TaskTemplate = {
    id: 'shop.update-email-newsletter',
    site: 'shop',
    split: 'heldout',
    tags: ['shop'],
    maxSteps: 15,
    instantiate(seed) {
      const { rng, state } = draw('shop.update-email-newsletter', seed);
      const [first, last] = state.account.email.split('@')[0]!.split('.') as [string, string];
      const email = `${rng.pick([first, first[0]!])}${rng.pick(['.', '_', ''])}${last}${rng.int(1, 99)}@${rng.pick(['fastmail.com', 'proton.me', 'posteo.net'])}`;
      const subscribe = !state.account.newsletter;
      return {
        goal: `Change the email address on my account to ${email} and ${subscribe ? 'sign me up for' : 'unsubscribe me from'} the newsletter.`,
        startUrl: start(seed),
        params: { email, subscribe },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      const a = b.probe.account;
      if (a.email.toLowerCase() !== p<string>(i, 'email').toLowerCase()) return fail(`email is ${a.email}`);
      if (a.newsletter !== p(i, 'subscribe')) return fail(`newsletter is ${a.newsletter}`);
      if (a.name !== b.initial.account.name) return fail('the name was changed');
      return pass();
    },
    solvers: {
      async 'profile-then-preferences'(s) {
        await s.click({ role: 'link', name: 'Account' });
        await s.fill({ role: 'textbox', name: 'Email address' }, p(s.instance, 'email'));
        await s.click({ role: 'button', name: 'Save profile' });
        await s.click({ role: 'tab', name: 'Email preferences' });
        await s.click({ role: 'checkbox', name: NEWSLETTER });
        await s.click({ role: 'button', name: 'Save preferences' });
      },
    },
  };

  const defaultAddress: TaskTemplate = {
    id: 'shop.set-default-address',
    site: 'shop',
    split: 'heldout',
    tags: ['shop', 'long-horizon', 'multi-strategy'],
    maxSteps: 25,
    instantiate(seed) {
      const { rng, state } = draw('shop.set-default-address', seed);
      let address = randomAddress(rng, state.account.name);
      if (sameAddress(address, state.account.defaultAddress)) address = { ...address, street: `2${address.street}` };
      return {
        goal: `I've moved. Make ${address.street}, ${address.city} ${address.postcode}, ${address.country} my default delivery address (still in my name, ${address.fullName}). Don't order anything.`,
        startUrl: start(seed),
        params: { address },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const want = p<Address>(input.instance, 'address');
      if (!sameAddress(b.probe.account.defaultAddress, want)) return fail(`default address is ${addressText(b.probe.account.defaultAddress)}`);
      return noNewOrders(b.probe, b.initial) ?? cartUnchanged(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'account-settings'(s) {
        await s.click({ role: 'link', name: 'Account' });
        await s.click({ role: 'tab', name: 'Default address' });
        await fillAddress(s, p(s.instance, 'address'));
        await s.click({ role: 'button', name: 'Save address' });
      },
      async 'checkout-checkbox'(s) {
        await openCart(s);
        await s.click({ role: 'link', name: 'Proceed to checkout' });
        await fillAddress(s, p(s.instance, 'address'));
        await s.check({ role: 'checkbox', name: 'Save this as my default address' });
        await s.click({ role: 'button', name: 'Continue to delivery options' });
      },
    },
  };

  const reorder: TaskTemplate = {
    id: 'shop.reorder-past-order',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy', 'long-horizon'],
    maxSteps: 40,
    instantiate(seed) {
      const { rng, state } = draw('shop.reorder-past-order', seed);
      const fits = state.orders.filter((o) => o.lines.every((l) => {
        const product = state.products.find((x) => x.id === l.productId)!;
        const inCart = state.cart.filter((c) => lineKey(c) === lineKey(l)).reduce((n, c) => n + c.quantity, 0);
        return inCart + l.quantity <= Math.min(10, product.stock);
      }));
      // seedState keeps the newest order well stocked, so `fits` is never empty.
      const order = rng.pick(fits);
      return {
        goal: `Put everything from the order I placed on ${order.placedOn} back in my cart — same sizes, colours and quantities. Don't check out yet.`,
        startUrl: start(seed),
        params: {
          orderId: order.id,
          lines: order.lines.map((l) => ({ productId: l.productId, name: l.name, size: l.size, colour: l.colour, quantity: l.quantity })),
        },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const expected = cartDelta([], p(input.instance, 'lines'));
      const delta = cartDelta(b.initial.cart, b.probe.cart);
      if (!deltaEquals(delta, expected)) return fail(`cart change was ${describeDelta(delta)}, expected ${describeDelta(expected)}`);
      return noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'buy-it-again'(s) {
        await s.click({ role: 'link', name: 'Orders' });
        await s.click({ role: 'link', name: `#${p<string>(s.instance, 'orderId')}` });
        await s.click({ role: 'button', name: 'Buy it again' });
      },
      async 'add-each-item'(s) {
        const orderLink = { role: 'link', name: `#${p<string>(s.instance, 'orderId')}` };
        await s.click({ role: 'link', name: 'Orders' });
        await s.click(orderLink);
        for (const l of p<{ name: string; size: string | null; colour: string; quantity: number }[]>(s.instance, 'lines')) {
          await s.click({ role: 'link', name: l.name });
          await addFromProductPage(s, l.size, l.colour, l.quantity);
          await s.click({ role: 'button', name: 'Continue shopping' });
          await s.click({ role: 'link', name: 'Orders' });
          await s.click(orderLink);
        }
      },
    },
  };

  const infoPrice: TaskTemplate = {
    id: 'shop.info-price',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'info-seeking', 'multi-strategy'],
    maxSteps: 12,
    instantiate(seed) {
      const { rng, state } = draw('shop.info-price', seed);
      const product = rng.pick(state.products);
      const { category, sub } = categoryOf(product);
      return {
        goal: `How much does the ${product.name} cost at the moment?`,
        startUrl: start(seed),
        params: { name: product.name, priceCents: product.priceCents, price: formatMoney(product.priceCents), category: category.name, department: sub.name },
      };
    },
    probes,
    oracle(input) {
      const cents = p<number>(input.instance, 'priceCents');
      if (input.infeasible !== undefined) return fail('reported infeasible');
      return answerHasMoney(input.answer, cents) ? pass() : fail(`answer ${JSON.stringify(input.answer)} does not state ${formatMoney(cents)}`);
    },
    solvers: {
      async search(s) {
        await search(s, p(s.instance, 'name'));
        await s.click({ role: 'link', name: p(s.instance, 'name') });
        await s.answer(p(s.instance, 'price'));
      },
      async browse(s) {
        const i = s.instance;
        await browse(s, p(i, 'category'), p(i, 'department'));
        await pageUntil(s, { role: 'link', name: p(i, 'name') });
        await s.answer(p(i, 'price'));
      },
    },
  };

  const infoReviews: TaskTemplate = {
    id: 'shop.info-review-count',
    site: 'shop',
    split: 'heldout',
    tags: ['shop', 'info-seeking'],
    maxSteps: 10,
    instantiate(seed) {
      const { rng, state } = draw('shop.info-review-count', seed);
      const product = rng.pick(state.products);
      return {
        goal: `How many customer reviews does the ${product.name} have?`,
        startUrl: start(seed),
        params: { name: product.name, count: ratingOf(state, product.id).count },
      };
    },
    probes,
    oracle(input) {
      const i = input.instance;
      if (input.infeasible !== undefined) return fail('reported infeasible');
      return answerHasCount(input.answer, p(i, 'count'), p(i, 'name')) ? pass() : fail(`answer ${JSON.stringify(input.answer)} does not state ${p(i, 'count')}`);
    },
    solvers: {
      async search(s) {
        const count = p<number>(s.instance, 'count');
        await search(s, p(s.instance, 'name'));
        await s.click({ role: 'link', name: p(s.instance, 'name') });
        await s.answer(`${count} ${count === 1 ? 'review' : 'reviews'}`);
      },
    },
  };

  const infoLastOrder: TaskTemplate = {
    id: 'shop.info-last-order-total',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'info-seeking'],
    maxSteps: 10,
    instantiate(seed) {
      const { state } = draw('shop.info-last-order-total', seed);
      const latest = state.orders.at(-1)!;
      return {
        goal: 'What was the total of my most recent order?',
        startUrl: start(seed),
        params: { orderId: latest.id, totalCents: latest.totalCents, total: formatMoney(latest.totalCents) },
      };
    },
    probes,
    oracle(input) {
      const cents = p<number>(input.instance, 'totalCents');
      if (input.infeasible !== undefined) return fail('reported infeasible');
      return answerHasMoney(input.answer, cents) ? pass() : fail(`answer ${JSON.stringify(input.answer)} does not state ${formatMoney(cents)}`);
    },
    solvers: {
      async 'order-history'(s) {
        await s.click({ role: 'link', name: 'Orders' });
        await s.click({ role: 'link', name: `#${p<string>(s.instance, 'orderId')}` });
        await s.answer(p(s.instance, 'total'));
      },
    },
  };

  const topRatedBrand: TaskTemplate = {
    id: 'shop.info-top-rated-brand',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'info-seeking', 'multi-strategy'],
    maxSteps: 12,
    instantiate(seed) {
      const { rng, state } = draw('shop.info-top-rated-brand', seed);
      const options = CATEGORIES.flatMap((category) => category.subcategories.map((sub) => {
        const rated = state.products.filter((x) => x.subcategory === sub.slug)
          .map((x) => ({ product: x, average: ratingOf(state, x.id).average ?? -1 }))
          .sort((a, b) => b.average - a.average);
        const best = rated[0]!.average;
        const brands = [...new Set(rated.filter((r) => r.average === best).map((r) => r.product.brand))];
        return { category, sub, brands, unique: rated.filter((r) => r.average === best).length === 1 };
      }));
      const unique = options.filter((o) => o.unique);
      // A tie for first place across all 18 departments is practically impossible; if it happens, any tied brand counts.
      const o = rng.pick(unique.length ? unique : options);
      return {
        goal: `Which brand makes the best-rated product in the shop's ${o.sub.name} department?`,
        startUrl: start(seed),
        params: { brands: o.brands, allBrands: o.category.brands, category: o.category.name, department: o.sub.name },
      };
    },
    probes,
    oracle(input) {
      const i = input.instance;
      if (input.infeasible !== undefined) return fail('reported infeasible');
      const said = p<string[]>(i, 'allBrands').filter((brand) => ` ${norm(input.answer ?? '')} `.includes(` ${norm(brand)} `));
      if (said.length !== 1) return fail(`answer names ${said.length} brands (${said.join(', ')}), expected exactly one`);
      return p<string[]>(i, 'brands').includes(said[0]!) ? pass() : fail(`answered ${said[0]}, expected ${p<string[]>(i, 'brands').join(' or ')}`);
    },
    solvers: {
      async 'sort-by-rating'(s) {
        const i = s.instance;
        await browse(s, p(i, 'category'), p(i, 'department'));
        await s.select({ role: 'combobox', name: 'Sort by' }, 'Customer rating');
        await s.answer(p<string[]>(i, 'brands')[0]!);
      },
      async 'read-every-card'(s) {
        const i = s.instance;
        await browse(s, p(i, 'category'), p(i, 'department'));
        await s.answer(p<string[]>(i, 'brands')[0]!);
      },
    },
  };

  const infeasibleVerdict = (input: OracleInput): OracleVerdict => {
    const b = begin(input, false);
    if (isVerdict(b)) return b;
    if (input.infeasible === undefined) return fail('did not report the task infeasible');
    return noNewOrders(b.probe, b.initial) ?? cartUnchanged(b.probe, b.initial) ?? pass();
  };

  const missingProduct: TaskTemplate = {
    id: 'shop.infeasible-missing-product',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'infeasible'],
    maxSteps: 10,
    instantiate(seed) {
      const { rng, state } = draw('shop.infeasible-missing-product', seed);
      const names = new Set(state.products.map((x) => x.name));
      const category = rng.pick(CATEGORIES);
      const absent = category.subcategories.flatMap((sub) => category.brands.flatMap((brand) => sub.items.map((item) => `${brand} ${item.name}`)))
        .filter((n) => !names.has(n));
      const name = rng.pick(absent);
      return { goal: `Add the ${name} to my cart.`, startUrl: start(seed), params: { name } };
    },
    probes,
    oracle: infeasibleVerdict,
    solvers: {
      async search(s) {
        await search(s, p(s.instance, 'name'));
        await s.infeasible(`The shop does not sell the ${p<string>(s.instance, 'name')}: searching for it finds no products.`);
      },
    },
  };

  const missingSize: TaskTemplate = {
    id: 'shop.infeasible-size',
    site: 'shop',
    split: 'heldout',
    tags: ['shop', 'infeasible'],
    maxSteps: 10,
    instantiate(seed) {
      const { rng, state } = draw('shop.infeasible-size', seed);
      const choices = state.products.flatMap((x) => {
        if (x.sizes.length === 0) return [];
        const all = x.sizes[0]!.startsWith('UK') ? ['UK 4', 'UK 5', 'UK 12', 'UK 13'] : ['XS', 'XXL', '3XL'];
        return all.filter((size) => !x.sizes.includes(size)).map((size) => ({ product: x, size }));
      });
      const { product, size } = rng.pick(choices);
      return {
        goal: `Add the ${product.name} in size ${size} to my cart.`,
        startUrl: start(seed),
        params: { name: product.name, size, offered: product.sizes },
      };
    },
    probes,
    oracle: infeasibleVerdict,
    solvers: {
      async search(s) {
        await search(s, p(s.instance, 'name'));
        await s.click({ role: 'link', name: p(s.instance, 'name') });
        await s.infeasible(`The ${p<string>(s.instance, 'name')} is not offered in size ${p<string>(s.instance, 'size')}.`);
      },
    },
  };

  const unsupportedPayment: TaskTemplate = {
    id: 'shop.infeasible-payment',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'infeasible'],
    maxSteps: 12,
    instantiate(seed) {
      const { rng } = draw('shop.infeasible-payment', seed);
      const method = rng.pick(['PayPal', 'Apple Pay', 'cash on delivery', 'a bank transfer', 'Bitcoin']);
      return {
        goal: `Check out my cart with standard delivery to my default address and pay with ${method}.`,
        startUrl: start(seed),
        params: { method },
      };
    },
    probes,
    oracle: infeasibleVerdict,
    solvers: {
      async checkout(s) {
        await toDeliveryStep(s);
        await s.infeasible(`The shop only takes cards and its own gift cards, not ${p<string>(s.instance, 'method')}.`);
      },
    },
  };

  const buyExpress: TaskTemplate = {
    id: 'shop.buy-with-express',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'long-horizon', 'multi-strategy'],
    maxSteps: 30,
    instantiate(seed) {
      const { rng, state } = draw('shop.buy-with-express', seed);
      const product = rng.pick(state.products.filter((x) => x.stock >= 3 && !state.cart.some((l) => l.productId === x.id)));
      const size = product.sizes.length ? rng.pick(product.sizes) : null;
      const colour = rng.pick(product.colours);
      const shipping = rng.pick(SHIPPING_OPTIONS.filter((o) => o.id !== 'standard'));
      const { category, sub } = categoryOf(product);
      return {
        goal: `Buy the ${product.name} (${size ? `size ${size}, ` : ''}${colour}) together with everything already in my cart, with ${shipping.label.toLowerCase()} to my default address, paid with my saved card.`,
        startUrl: start(seed),
        params: { productId: product.id, name: product.name, size, colour, shipping: shipping.id, shippingLabel: shipping.label, category: category.name, department: sub.name },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      const lines = cartDelta([], [...b.initial.cart, { productId: p(i, 'productId'), size: p(i, 'size'), colour: p(i, 'colour'), quantity: 1 }]);
      return orderMatches(b.probe, b.initial, { lines, shipping: p(i, 'shipping'), address: b.initial.account.defaultAddress, payment: 'card' });
    },
    solvers: {
      async 'search-product-page'(s) {
        const i = s.instance;
        await search(s, p(i, 'name'));
        await s.click({ role: 'link', name: p(i, 'name') });
        await addFromProductPage(s, p(i, 'size'), p(i, 'colour'));
        await finishExpressCheckout(s);
      },
      async 'browse-quick-add'(s) {
        const i = s.instance;
        await browse(s, p(i, 'category'), p(i, 'department'));
        await quickAdd(s, p(i, 'name'), p(i, 'size'), p(i, 'colour'));
        await finishExpressCheckout(s);
      },
    },
  };

  async function finishExpressCheckout(s: SolverContext): Promise<void> {
    await s.click({ role: 'link', name: 'View cart' });
    await s.click({ role: 'link', name: 'Proceed to checkout' });
    await s.click({ role: 'button', name: 'Continue to delivery options' });
    await s.check({ role: 'radio', name: p(s.instance, 'shippingLabel') });
    await s.click({ role: 'button', name: 'Place order' });
  }

  const inStockUnder: TaskTemplate = {
    id: 'shop.filter-price-colour',
    site: 'shop',
    split: 'train',
    tags: ['shop', 'multi-strategy'],
    maxSteps: 25,
    instantiate(seed) {
      const { rng, state } = draw('shop.filter-price-colour', seed);
      const choices = CATEGORIES.flatMap((category) => category.colours.flatMap((colour) => {
        const matching = state.products.filter((x) => x.category === category.slug && x.colours.includes(colour) && x.stock > 0)
          .sort((a, b) => b.priceCents - a.priceCents);
        if (matching.length < 3) return [];
        // A budget a dollar above one of the pricier matches makes that match the clear answer.
        const k = rng.int(1, Math.min(3, matching.length - 2));
        const ceiling = Math.ceil(matching[k]!.priceCents / 100) + 1;
        const within = matching.filter((x) => x.priceCents <= ceiling * 100);
        const winner = within[0]!;
        if (winner.sizes.length > 0 || within.length < 2 || winner.priceCents === within[1]!.priceCents) return [];
        return [{ category, colour, maxDollars: ceiling, product: winner }];
      }));
      const c = rng.pick(choices);
      return {
        goal: `My budget is $${c.maxDollars}. Add the most expensive in-stock ${c.category.name.toLowerCase()} item that comes in ${c.colour} and costs no more than that to my cart, in ${c.colour}.`,
        startUrl: start(seed),
        params: { productId: c.product.id, name: c.product.name, colour: c.colour, maxDollars: c.maxDollars, category: c.category.name },
      };
    },
    probes,
    oracle(input) {
      const b = begin(input);
      if (isVerdict(b)) return b;
      const i = input.instance;
      const expected = new Map([[lineKey({ productId: p(i, 'productId'), size: null, colour: p(i, 'colour') }), 1]]);
      const delta = cartDelta(b.initial.cart, b.probe.cart);
      if (!deltaEquals(delta, expected)) return fail(`cart change was ${describeDelta(delta)}, expected ${describeDelta(expected)}`);
      return noNewOrders(b.probe, b.initial) ?? pass();
    },
    solvers: {
      async 'filters-then-sort'(s) {
        const i = s.instance;
        await s.click({ role: 'link', name: p(i, 'category') });
        await s.select({ role: 'combobox', name: 'Colour' }, p(i, 'colour'));
        await s.fill({ role: 'spinbutton', name: 'Max price ($)' }, String(p(i, 'maxDollars')));
        await s.check({ role: 'checkbox', name: 'In stock only' });
        await s.select({ role: 'combobox', name: 'Sort by' }, 'Price: high to low');
        await quickAdd(s, p(i, 'name'), null, p(i, 'colour'));
      },
      async 'sort-then-page'(s) {
        const i = s.instance;
        await s.click({ role: 'link', name: p(i, 'category') });
        await s.select({ role: 'combobox', name: 'Sort by' }, 'Price: high to low');
        await pageUntil(s, { role: 'link', name: p(i, 'name') });
        await s.click({ role: 'link', name: p(i, 'name') });
        await addFromProductPage(s, null, p(i, 'colour'));
      },
    },
  };

  return [
    addVariant, cheapestOfBrand, addToWishlist, moveWishlist, changeQuantity, removeItem, checkoutAddress, couponOrder,
    writeReview, emailNewsletter, defaultAddress, reorder, infoPrice, infoReviews, infoLastOrder, topRatedBrand,
    missingProduct, missingSize, unsupportedPayment, buyExpress, inStockUnder,
  ];
};
