import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import type { OracleInput, Trajectory } from '../../src/env/index.ts';
import { serveSites } from '../../src/suite/server.ts';
import type { ServedSites } from '../../src/suite/server.ts';
import { runSolver } from '../../src/suite/solver-context.ts';
import { shopProbe, shopSite, seedState, ratingOf } from '../../src/suite/sites/shop/index.ts';
import type { Address, Order, ShopState } from '../../src/suite/sites/shop/index.ts';
import { shopTemplates } from '../../src/suite/tasks/shop.ts';
import type { TaskTemplate } from '../../src/suite/template.ts';

let served: ServedSites;
let runtime: BrowserRuntime;
let browser: Browser;
let base: string;
let templates: TaskTemplate[];

beforeAll(async () => {
  served = await serveSites([shopSite]);
  base = served.sites[0]!.url;
  runtime = new BrowserRuntime({ executablePath: '/usr/lib/chromium/chromium-headless-shell' });
  browser = await runtime.getBrowser();
  templates = shopTemplates({ shop: base, forum: 'http://127.0.0.1:9', tracker: 'http://127.0.0.1:9' });
});

afterAll(async () => {
  await runtime?.close();
  await served?.close();
});

async function probe(context: BrowserContext): Promise<{ seed: number; state: ReturnType<typeof shopProbe> }> {
  return (await context.request.get(`${base}/__coregym/probe`)).json();
}

async function withPage<T>(fn: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

const reset = (seed: number, next = '/') => `${base}/__coregym/reset?seed=${seed}&next=${encodeURIComponent(next)}`;

describe('shop state', () => {
  it('seeds a realistic catalogue that differs between seeds', () => {
    const a = seedState(11);
    const b = seedState(12);
    expect(a.products.length).toBeGreaterThanOrEqual(72);
    expect(a.products.length).toBeLessThanOrEqual(126);
    expect(new Set(a.products.map((p) => p.category)).size).toBe(6);
    expect(new Set(a.products.map((p) => p.name)).size).toBe(a.products.length);
    expect(a.products.some((p) => p.stock === 0)).toBe(true);
    expect(a.reviews.length).toBeGreaterThan(100);
    expect(a.products.map((p) => p.name)).not.toEqual(b.products.map((p) => p.name));
    expect(seedState(11)).toEqual(a);
  });

  it('restores the seeded state exactly on reset, and different seeds give different state', async () => {
    await withPage(async (page, context) => {
      await page.goto(reset(5));
      const first = await probe(context);
      await page.goto(`${base}/account?tab=profile`);
      await page.getByRole('textbox', { name: 'Email address' }).fill('changed@example.org');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByRole('status').waitFor();
      expect((await probe(context)).state.account.email).toBe('changed@example.org');
      await page.goto(reset(5));
      expect(await probe(context)).toEqual(first);
      await page.goto(reset(6));
      const other = await probe(context);
      expect(other.seed).toBe(6);
      expect(other.state).not.toEqual(first.state);
    });
  });

  it('keeps four browser contexts mutating in parallel apart', async () => {
    const contexts = await Promise.all([0, 1, 2, 3].map(() => browser.newContext()));
    try {
      const results = await Promise.all(contexts.map(async (context, i) => {
        const page = await context.newPage();
        await page.goto(reset(3, '/account?tab=profile'));
        await page.getByRole('textbox', { name: 'Email address' }).fill(`user${i}@example.org`);
        await page.getByRole('button', { name: 'Save profile' }).click();
        await page.getByRole('status').waitFor();
        const product = seedState(3).products[i * 7]!;
        await page.goto(`${base}/p/${product.slug}`);
        await page.getByRole('button', { name: /wishlist/ }).click();
        await page.getByRole('status').waitFor();
        return { probe: await probe(context), productId: product.id };
      }));
      const initialWishlist = seedState(3).wishlist;
      results.forEach((r, i) => {
        expect(r.probe.state.account.email).toBe(`user${i}@example.org`);
        const others = results.filter((_, j) => j !== i).map((o) => o.productId);
        const toggled = initialWishlist.includes(r.productId) ? !r.probe.state.wishlist.includes(r.productId) : r.probe.state.wishlist.includes(r.productId);
        expect(toggled).toBe(true);
        for (const o of others) expect(r.probe.state.wishlist.includes(o)).toBe(initialWishlist.includes(o));
      });
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  });
});

describe('shop pages', () => {
  it('pages through search results and filters by brand with sorting by price', async () => {
    await withPage(async (page) => {
      const state = seedState(2);
      await page.goto(reset(2, '/search'));
      await expect(page.getByRole('status').textContent()).resolves.toBe(`Showing 1–12 of ${state.products.length} products`);
      await page.getByRole('link', { name: 'Next' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toBe(`Showing 13–24 of ${state.products.length} products`);
      await page.getByRole('link', { name: 'Previous' }).waitFor();
      const brand = state.products[0]!.brand;
      await page.getByRole('combobox', { name: 'Brand' }).selectOption(brand);
      await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Price: low to high' });
      await page.waitForURL(/sort=price-asc/);
      expect(page.url()).toContain(`brand=${encodeURIComponent(brand).replace(/%20/g, '+')}`);
      const shown = await page.locator('.card .price').allTextContents();
      const expected = state.products.filter((p) => p.brand === brand).map((p) => p.priceCents).sort((a, b) => a - b).slice(0, 12);
      expect(shown.map((t) => Math.round(Number(t.replace(/[$,]/g, '')) * 100))).toEqual(expected);
    });
  });

  it('quick-adds from a listing through a dialog and confirms in an "Added to cart" modal', async () => {
    await withPage(async (page, context) => {
      const state = seedState(4);
      const product = state.products.find((p) => p.sizes.length > 0 && p.stock > 2 && p.subcategory === 't-shirts')
        ?? state.products.find((p) => p.sizes.length > 0 && p.stock > 2)!;
      await page.goto(reset(4, `/c/${product.category}/${product.subcategory}`));
      await page.getByRole('button', { name: `Quick add ${product.name}` }).click();
      const dialog = page.getByRole('dialog', { name: product.name });
      await dialog.waitFor();
      await dialog.getByRole('combobox', { name: 'Select size' }).selectOption(product.sizes.at(-1)!);
      await dialog.getByRole('combobox', { name: 'Select colour' }).selectOption(product.colours.at(-1)!);
      await dialog.getByRole('button', { name: 'Add to cart' }).click();
      const added = page.getByRole('dialog', { name: 'Added to cart' });
      await added.waitFor();
      expect(await added.textContent()).toContain(product.name);
      const cart = (await probe(context)).state.cart;
      expect(cart.at(-1)).toMatchObject({ productId: product.id, size: product.sizes.at(-1), colour: product.colours.at(-1), quantity: 1 });
      await added.getByRole('button', { name: 'Continue shopping' }).click();
      await added.waitFor({ state: 'hidden' });
    });
  });

  it('rejects a checkout address with a missing city and a malformed ZIP code, keeping what was typed', async () => {
    await withPage(async (page, context) => {
      await page.goto(reset(7, '/checkout'));
      await page.getByRole('textbox', { name: 'City' }).fill('');
      await page.getByRole('combobox', { name: 'Country' }).selectOption('United States');
      await page.getByRole('textbox', { name: 'ZIP / Postal code' }).fill('ABC 12');
      await page.getByRole('textbox', { name: 'Street address' }).fill('9 Test Lane');
      await page.getByRole('button', { name: 'Continue to delivery options' }).click();
      await page.getByRole('alert').waitFor();
      expect(page.url()).toMatch(/\/checkout$/);
      expect(await page.getByText('Enter a city.').count()).toBe(1);
      expect(await page.getByText('Enter a US ZIP code like 12345 or 12345-6789.').count()).toBe(1);
      expect(await page.getByRole('textbox', { name: 'ZIP / Postal code' }).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('textbox', { name: 'Street address' }).inputValue()).toBe('9 Test Lane');
      expect((await probe(context)).state.orders.length).toBe(seedState(7).orders.length);
    });
  });

  it('reports an expired coupon and applies a valid one at checkout', async () => {
    await withPage(async (page, context) => {
      const state = seedState(8);
      await page.goto(reset(8, '/checkout'));
      await page.getByRole('button', { name: 'Continue to delivery options' }).click();
      await page.getByRole('textbox', { name: 'Coupon code' }).fill(state.coupons[3]!.code.toLowerCase());
      await page.getByRole('button', { name: 'Apply coupon' }).click();
      await page.getByText('This coupon has expired.').waitFor();
      await page.getByRole('textbox', { name: 'Coupon code' }).fill(state.coupons[2]!.code);
      await page.getByRole('button', { name: 'Apply coupon' }).click();
      await page.getByRole('button', { name: 'Remove coupon' }).waitFor();
      expect((await probe(context)).state.appliedCoupon).toBe(state.coupons[2]!.code);
    });
  });

  it('switches settings tabs with a client-side script and saves the newsletter choice', async () => {
    await withPage(async (page, context) => {
      const before = seedState(9).account.newsletter;
      await page.goto(reset(9, '/account'));
      expect(await page.getByRole('button', { name: 'Save preferences' }).isVisible()).toBe(false);
      await page.getByRole('tab', { name: 'Email preferences' }).click();
      expect(await page.getByRole('tab', { name: 'Email preferences' }).getAttribute('aria-selected')).toBe('true');
      expect(await page.getByRole('textbox', { name: 'Email address' }).isVisible()).toBe(false);
      await page.getByRole('checkbox').click();
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await page.getByRole('status').waitFor();
      expect((await probe(context)).state.account.newsletter).toBe(!before);
      expect(await page.getByRole('tab', { name: 'Email preferences' }).getAttribute('aria-selected')).toBe('true');
    });
  });

  it('refuses a review without a rating and publishes a complete one', async () => {
    await withPage(async (page, context) => {
      const product = seedState(10).products[3]!;
      await page.goto(reset(10, `/p/${product.slug}`));
      await page.getByRole('textbox', { name: 'Review title' }).fill('Solid');
      await page.getByRole('textbox', { name: 'Your review' }).fill('Holds up well after a month of use.');
      await page.getByRole('button', { name: 'Submit review' }).click();
      await page.getByText('Choose a star rating.').waitFor();
      expect(await page.getByRole('textbox', { name: 'Your review' }).inputValue()).toBe('Holds up well after a month of use.');
      await page.getByRole('radio', { name: '4 stars' }).check();
      await page.getByRole('button', { name: 'Submit review' }).click();
      await page.getByRole('status').waitFor();
      const reviews = (await probe(context)).state.customerReviews;
      expect(reviews).toHaveLength(1);
      expect(reviews[0]).toMatchObject({ productId: product.id, rating: 4, title: 'Solid' });
      expect(await page.getByText(`(${ratingOf(seedState(10), product.id).count + 1} review`).count()).toBeGreaterThan(0);
    });
  });

  it('opens the size guide as a modal and closes it', async () => {
    await withPage(async (page) => {
      const product = seedState(1).products.find((p) => p.sizes.length > 0)!;
      await page.goto(reset(1, `/p/${product.slug}`));
      await page.getByRole('button', { name: 'Size guide' }).click();
      const dialog = page.getByRole('dialog', { name: 'Size guide' });
      await dialog.waitFor();
      expect(await dialog.getByRole('row').count()).toBeGreaterThan(3);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });
  });
});

describe('shop templates', () => {
  it('has the required mix of templates', () => {
    const tagged = (tag: string) => templates.filter((t) => t.tags?.includes(tag));
    expect(templates.length).toBeGreaterThanOrEqual(15);
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
    expect(templates.filter((t) => Object.keys(t.solvers).length >= 2).length).toBeGreaterThanOrEqual(5);
    expect(tagged('multi-strategy').every((t) => Object.keys(t.solvers).length >= 2)).toBe(true);
    expect(tagged('info-seeking').length).toBeGreaterThanOrEqual(4);
    expect(tagged('infeasible').length).toBeGreaterThanOrEqual(1);
    expect(tagged('long-horizon').length).toBeGreaterThanOrEqual(4);
    const heldout = templates.filter((t) => t.split === 'heldout').length / templates.length;
    expect(heldout).toBeGreaterThan(0.18);
    expect(heldout).toBeLessThan(0.32);
    for (const t of templates) {
      expect(t.id).toMatch(/^shop\.[a-z0-9-]+$/);
      expect(t.tags).toContain('shop');
      expect(t.maxSteps).toBeGreaterThanOrEqual(10);
    }
  });

  it('instantiates every template deterministically for seeds 0..4, consistent with the seeded shop', () => {
    for (const t of templates) {
      for (let seed = 0; seed <= 4; seed++) {
        const instance = t.instantiate(seed);
        expect(t.instantiate(seed)).toEqual(instance);
        expect(instance.startUrl).toBe(`${base}/__coregym/reset?seed=${seed}&next=%2F`);
        expect(instance.goal).not.toMatch(/__coregym|\/p\/|\/c\//);
        const state = seedState(seed);
        const { productId, name } = instance.params as { productId?: number; name?: string };
        if (productId !== undefined) expect(state.products.find((p) => p.id === productId)?.name, `${t.id} seed ${seed}`).toBe(name);
        if (name !== undefined && !t.id.includes('missing-product')) expect(state.products.some((p) => p.name === name), `${t.id} seed ${seed}`).toBe(true);
        if (t.id.includes('missing-product')) expect(state.products.some((p) => p.name === name)).toBe(false);
        const hidden = t.id === 'shop.add-cheapest-brand-item' || t.id === 'shop.filter-price-colour';
        if (name !== undefined && !hidden) expect(instance.goal).toContain(name);
        if (t.id === 'shop.add-cheapest-brand-item') {
          const target = state.products.find((p) => p.id === productId)!;
          const rivals = state.products.filter((p) => p.brand === target.brand && p.subcategory === target.subcategory && p !== target);
          expect(rivals.length).toBeGreaterThan(0);
          for (const r of rivals) expect(r.priceCents).toBeGreaterThan(target.priceCents);
        }
        if (t.id === 'shop.filter-price-colour') {
          const { colour, maxDollars } = instance.params as { colour: string; maxDollars: number };
          const target = state.products.find((p) => p.id === productId)!;
          const fits = state.products.filter((p) => p.category === target.category && p.colours.includes(colour) && p.stock > 0 && p.priceCents <= maxDollars * 100);
          expect(fits.sort((a, b) => b.priceCents - a.priceCents)[0]).toBe(target);
          expect(fits[1]!.priceCents).toBeLessThan(target.priceCents);
        }
      }
    }
    const goals = new Set([0, 1, 2, 3, 4].map((seed) => templates[0]!.instantiate(seed).goal));
    expect(goals.size).toBeGreaterThan(3);
  });
});

describe('shop oracles', () => {
  const traj = {} as Trajectory;
  const tpl = (id: string) => templates.find((t) => t.id === `shop.${id}`)!;
  const SEED = 21;

  function verdict(id: string, mutate: (s: ShopState, params: Record<string, unknown>) => void, extra: Partial<OracleInput> = {}) {
    const template = tpl(id);
    const inst = template.instantiate(SEED);
    const instance = { ...inst, taskId: template.id, seed: SEED, maxSteps: template.maxSteps };
    const state = seedState(SEED);
    mutate(state, inst.params);
    return template.oracle!({ instance, trajectory: traj, probes: { shop: { seed: SEED, state: structuredClone(shopProbe(state)) } }, ...extra }) as { success: boolean; reason?: string };
  }

  const addLine = (s: ShopState, productId: number, size: string | null, colour: string, quantity = 1) => {
    s.cart.push({ id: 99, productId, size, colour, quantity });
  };

  function placeOrder(s: ShopState, over: Partial<Order> = {}, extraLines: Order['lines'] = []): void {
    s.orders.push({
      id: '999999', placedOn: '2026-11-14', status: 'Processing', address: s.account.defaultAddress, shipping: 'standard', payment: 'card',
      coupon: null, subtotalCents: 0, discountCents: 0, shippingCents: 0, totalCents: 0,
      lines: [...s.cart.map((l) => ({ productId: l.productId, name: '', size: l.size, colour: l.colour, quantity: l.quantity, unitPriceCents: 0 })), ...extraLines],
      ...over,
    });
    s.cart = [];
  }

  it('add-variant-to-cart: passes the right variant, rejects a wrong size and a quantity of 2', () => {
    const right = (s: ShopState, p: Record<string, unknown>) => addLine(s, p.productId as number, p.size as string, p.colour as string);
    expect(verdict('add-variant-to-cart', right).success).toBe(true);
    expect(verdict('add-variant-to-cart', (s, p) => {
      const product = s.products.find((x) => x.id === p.productId)!;
      addLine(s, product.id, product.sizes.find((z) => z !== p.size)!, p.colour as string);
    }).success).toBe(false);
    expect(verdict('add-variant-to-cart', (s, p) => addLine(s, p.productId as number, p.size as string, p.colour as string, 2)).success).toBe(false);
    expect(verdict('add-variant-to-cart', right, { infeasible: 'cannot' }).success).toBe(false);
  });

  it('add-cheapest-brand-item: rejects the second-cheapest product of the brand', () => {
    expect(verdict('add-cheapest-brand-item', (s, p) => addLine(s, p.productId as number, null, s.products.find((x) => x.id === p.productId)!.colours[0]!)).success).toBe(true);
    expect(verdict('add-cheapest-brand-item', (s, p) => {
      const target = s.products.find((x) => x.id === p.productId)!;
      const second = s.products.filter((x) => x.brand === target.brand && x.subcategory === target.subcategory && x.id !== target.id)
        .sort((a, b) => a.priceCents - b.priceCents)[0]!;
      addLine(s, second.id, second.sizes[0] ?? null, second.colours[0]!);
    }).success).toBe(false);
  });

  it('add-to-wishlist and move-wishlist-to-cart: reject the wrong product and an item left in the wishlist', () => {
    expect(verdict('add-to-wishlist', (s, p) => s.wishlist.push(p.productId as number)).success).toBe(true);
    expect(verdict('add-to-wishlist', (s, p) => s.wishlist.push(s.products.find((x) => x.id !== p.productId && !s.wishlist.includes(x.id))!.id)).success).toBe(false);
    const move = (s: ShopState, p: Record<string, unknown>) => addLine(s, p.productId as number, p.size as string | null, p.colour as string);
    expect(verdict('move-wishlist-to-cart', (s, p) => { move(s, p); s.wishlist = s.wishlist.filter((w) => w !== p.productId); }).success).toBe(true);
    expect(verdict('move-wishlist-to-cart', move).success).toBe(false);
  });

  it('change-cart-quantity and remove-cart-item: reject the wrong quantity and removing another line', () => {
    const setQty = (n: (p: Record<string, unknown>) => number) => (s: ShopState, p: Record<string, unknown>) => {
      const line = s.cart.find((l) => `${l.productId}|${l.size ?? ''}|${l.colour}` === p.lineKey)!;
      line.quantity = n(p);
    };
    expect(verdict('change-cart-quantity', setQty((p) => p.to as number)).success).toBe(true);
    expect(verdict('change-cart-quantity', setQty((p) => (p.to as number) + 1)).success).toBe(false);
    const key = (l: ShopState['cart'][number]) => `${l.productId}|${l.size ?? ''}|${l.colour}`;
    expect(verdict('remove-cart-item', (s, p) => { s.cart = s.cart.filter((l) => key(l) !== p.lineKey); }).success).toBe(true);
    expect(verdict('remove-cart-item', (s, p) => {
      const line = s.cart.find((l) => key(l) === p.lineKey)!;
      line.quantity -= 1;
    }).success).toBe(seedState(SEED).cart.find((l) => key(l) === tpl('remove-cart-item').instantiate(SEED).params.lineKey)!.quantity === 1);
  });

  it('checkout-with-address: rejects the right order shipped the wrong way or to the default address', () => {
    const order = (over: (p: Record<string, unknown>) => Partial<Order>) => (s: ShopState, p: Record<string, unknown>) => placeOrder(s, over(p));
    const right = (p: Record<string, unknown>) => ({ address: p.address as Address, shipping: p.shipping as Order['shipping'] });
    expect(verdict('checkout-with-address', order(right)).success).toBe(true);
    expect(verdict('checkout-with-address', order((p) => ({ ...right(p), shipping: p.shipping === 'express' ? 'standard' : 'express' }))).success).toBe(false);
    expect(verdict('checkout-with-address', order((p) => ({ shipping: p.shipping as Order['shipping'] }))).success).toBe(false);
    expect(verdict('checkout-with-address', (s, p) => { placeOrder(s, right(p)); s.account.defaultAddress = p.address as Address; }).success).toBe(false);
  });

  it('place-order-with-coupon and buy-with-express: reject an order without the coupon or with standard delivery', () => {
    expect(verdict('place-order-with-coupon', (s, p) => placeOrder(s, { coupon: p.code as string })).success).toBe(true);
    expect(verdict('place-order-with-coupon', (s) => placeOrder(s)).success).toBe(false);
    const extra = (p: Record<string, unknown>) => [{ productId: p.productId as number, name: '', size: p.size as string | null, colour: p.colour as string, quantity: 1, unitPriceCents: 0 }];
    expect(verdict('buy-with-express', (s, p) => placeOrder(s, { shipping: p.shipping as Order['shipping'] }, extra(p))).success).toBe(true);
    expect(verdict('buy-with-express', (s, p) => placeOrder(s, { shipping: 'standard' }, extra(p))).success).toBe(false);
    expect(verdict('buy-with-express', (s, p) => placeOrder(s, { shipping: p.shipping as Order['shipping'] })).success).toBe(false);
  });

  it('write-review: rejects a wrong star count and text that differs from what was asked', () => {
    const review = (over: (p: Record<string, unknown>) => Record<string, unknown>) => (s: ShopState, p: Record<string, unknown>) => {
      s.reviews.push({ id: 9999, productId: p.productId as number, author: 'me', rating: p.rating as number, title: p.title as string, text: p.text as string, date: '2026-11-14', byCustomer: true, ...over(p) });
    };
    expect(verdict('write-review', review(() => ({}))).success).toBe(true);
    expect(verdict('write-review', review((p) => ({ rating: ((p.rating as number) % 5) + 1 }))).success).toBe(false);
    expect(verdict('write-review', review((p) => ({ text: `${p.text as string} Thanks!` }))).success).toBe(false);
  });

  it('update-email-newsletter and set-default-address: reject half-done settings', () => {
    expect(verdict('update-email-newsletter', (s, p) => { s.account.email = p.email as string; s.account.newsletter = p.subscribe as boolean; }).success).toBe(true);
    expect(verdict('update-email-newsletter', (s, p) => { s.account.email = p.email as string; }).success).toBe(false);
    expect(verdict('set-default-address', (s, p) => { s.account.defaultAddress = p.address as Address; }).success).toBe(true);
    expect(verdict('set-default-address', (s, p) => { s.account.defaultAddress = { ...(p.address as Address), postcode: '00000' }; }).success).toBe(false);
    expect(verdict('set-default-address', (s, p) => { s.account.defaultAddress = p.address as Address; placeOrder(s); }).success).toBe(false);
  });

  it('reorder-past-order: rejects a cart missing one unit of the order', () => {
    type L = { productId: number; size: string | null; colour: string; quantity: number };
    const add = (drop: number) => (s: ShopState, p: Record<string, unknown>) => {
      (p.lines as L[]).forEach((l, i) => {
        const existing = s.cart.find((c) => c.productId === l.productId && c.size === l.size && c.colour === l.colour);
        const qty = l.quantity - (i === 0 ? drop : 0);
        if (existing) existing.quantity += qty;
        else if (qty > 0) s.cart.push({ id: 100 + i, productId: l.productId, size: l.size, colour: l.colour, quantity: qty });
      });
    };
    expect(verdict('reorder-past-order', add(0)).success).toBe(true);
    expect(verdict('reorder-past-order', add(1)).success).toBe(false);
  });

  it('info templates: accept reasonable formats and reject wrong values', () => {
    const none = () => {};
    const price = tpl('info-price').instantiate(SEED).params.priceCents as number;
    const dollars = (price / 100).toFixed(2);
    expect(verdict('info-price', none, { answer: `It costs $${dollars}.` }).success).toBe(true);
    expect(verdict('info-price', none, { answer: `${dollars} USD` }).success).toBe(true);
    expect(verdict('info-price', none, { answer: `$${((price + 100) / 100).toFixed(2)}` }).success).toBe(false);
    const count = tpl('info-review-count').instantiate(SEED).params.count as number;
    expect(verdict('info-review-count', none, { answer: `${count} reviews` }).success).toBe(true);
    expect(verdict('info-review-count', none, { answer: `${count} reviews, rated 4.0 out of 5` }).success).toBe(true);
    expect(verdict('info-review-count', none, { answer: `${count + 1}` }).success).toBe(false);
    const orders = seedState(SEED).orders;
    expect(verdict('info-last-order-total', none, { answer: (orders.at(-1)!.totalCents / 100).toFixed(2) }).success).toBe(true);
    expect(verdict('info-last-order-total', none, { answer: (orders[0]!.totalCents / 100).toFixed(2) }).success).toBe(orders[0]!.totalCents === orders.at(-1)!.totalCents);
    const params = tpl('info-top-rated-brand').instantiate(SEED).params as { brands: string[]; allBrands: string[] };
    const wrong = params.allBrands.find((b) => !params.brands.includes(b))!;
    expect(verdict('info-top-rated-brand', none, { answer: params.brands[0]!.toUpperCase() }).success).toBe(true);
    expect(verdict('info-top-rated-brand', none, { answer: wrong }).success).toBe(false);
    expect(verdict('info-top-rated-brand', none, { answer: `${params.brands[0]} or ${wrong}` }).success).toBe(false);
  });

  it('infeasible templates: pass only when reported infeasible without side effects', () => {
    for (const id of ['infeasible-missing-product', 'infeasible-size', 'infeasible-payment']) {
      expect(verdict(id, () => {}, { infeasible: 'not possible' }).success, id).toBe(true);
      expect(verdict(id, () => {}, { answer: 'done' }).success, id).toBe(false);
    }
    expect(verdict('infeasible-size', (s) => addLine(s, s.products[0]!.id, s.products[0]!.sizes[0] ?? null, s.products[0]!.colours[0]!), { infeasible: 'no size' }).success).toBe(false);
    expect(verdict('infeasible-payment', (s) => placeOrder(s), { infeasible: 'no paypal' }).success).toBe(false);
  });

  it('filter-price-colour: rejects the right product in another colour', () => {
    expect(verdict('filter-price-colour', (s, p) => addLine(s, p.productId as number, null, p.colour as string)).success).toBe(true);
    expect(verdict('filter-price-colour', (s, p) => {
      const product = s.products.find((x) => x.id === p.productId)!;
      const other = product.colours.find((c) => c !== p.colour);
      addLine(s, product.id, null, other ?? 'Not a colour');
    }).success).toBe(false);
  });
});

describe('shop solvers', () => {
  it('every solver passes its oracle on seeds 1..3', async () => {
    const jobs = templates.flatMap((t) => Object.keys(t.solvers).flatMap((strategy) => [1, 2, 3].map((seed) => ({ t, strategy, seed }))));
    const failures: string[] = [];
    let next = 0;
    // Two environments share the one browser, as the suite's demo recorder runs them.
    await Promise.all([0, 1].map(async () => {
      const env = new WebEnv({ runtime, source: 'demo' });
      try {
        for (let job = jobs[next++]; job; job = jobs[next++]) {
          try {
            const trajectory = await runSolver(env, job.t, job.seed, { strategy: job.strategy });
            const oracle = trajectory.outcome?.oracle;
            if (!oracle?.success) failures.push(`${job.t.id} ${job.strategy} seed ${job.seed}: ${oracle?.reason ?? trajectory.outcome?.error?.message}`);
            if (trajectory.steps.length * 2 > job.t.maxSteps + 2) failures.push(`${job.t.id} ${job.strategy} seed ${job.seed}: ${trajectory.steps.length} steps leave too little headroom under maxSteps ${job.t.maxSteps}`);
          } catch (error) {
            failures.push(`${job.t.id} ${job.strategy} seed ${job.seed}: ${(error as Error).message}`);
          }
        }
      } finally {
        await env.close();
      }
    }));
    expect(failures).toEqual([]);
  }, 900_000);
});
