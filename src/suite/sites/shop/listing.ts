/**
 * Browsing the catalogue: home page, category and subcategory pages, and search, all with the
 * same filters (brand, colour, price range, in stock), sorting and paging.
 * @module
 */
import type { Context, Hono } from 'hono';
import { html } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { CATEGORIES } from './catalogue.ts';
import { addedDialog, notFound, pager, productCard, quickAddDialog } from './components.ts';
import { shopPage } from './layout.ts';
import { ratingOf } from './state.ts';
import type { Product, ShopState } from './state.ts';

export const PAGE_SIZE = 12;

export const SORTS = [
  { id: 'featured', label: 'Featured' },
  { id: 'price-asc', label: 'Price: low to high' },
  { id: 'price-desc', label: 'Price: high to low' },
  { id: 'rating', label: 'Customer rating' },
  { id: 'newest', label: 'Newest arrivals' },
] as const;

type Ctx = Context<SiteEnv<ShopState>>;

/** Whether every word of the query appears in the product's text; a plural word also matches its singular. */
export function matchesQuery(state: ShopState, p: Product, q: string): boolean {
  const category = CATEGORIES.find((c) => c.slug === p.category)!;
  const sub = category.subcategories.find((s) => s.slug === p.subcategory)!;
  const hay = [p.name, p.brand, category.name, sub.name, sub.noun, ...p.colours].join(' ').toLowerCase();
  const words = q.toLowerCase().split(/[^a-z0-9&-]+/).filter(Boolean);
  return words.every((w) => hay.includes(w) || (w.length > 3 && w.endsWith('s') && hay.includes(w.slice(0, -1))));
}

export function sortProducts(state: ShopState, products: Product[], sort: string): Product[] {
  const out = [...products];
  const rated = new Map(out.map((p) => [p.id, ratingOf(state, p.id)]));
  const byName = (a: Product, b: Product) => a.name.localeCompare(b.name);
  switch (sort) {
    case 'price-asc': return out.sort((a, b) => a.priceCents - b.priceCents || byName(a, b));
    case 'price-desc': return out.sort((a, b) => b.priceCents - a.priceCents || byName(a, b));
    case 'rating': return out.sort((a, b) => {
      const ra = rated.get(a.id)!;
      const rb = rated.get(b.id)!;
      return (rb.average ?? -1) - (ra.average ?? -1) || rb.count - ra.count || byName(a, b);
    });
    case 'newest': return out.sort((a, b) => (a.addedOn < b.addedOn ? 1 : a.addedOn > b.addedOn ? -1 : b.id - a.id));
    default: return out.sort((a, b) => a.featuredRank - b.featuredRank);
  }
}

function listing(c: Ctx, scope: Product[], title: string, intro: SafeHtml, basePath: string): string {
  const state = c.get('state');
  const q = c.req.query();
  const brand = q.brand ?? '';
  const colour = q.colour ?? '';
  const min = q.min !== undefined && q.min !== '' ? Number(q.min) : null;
  const max = q.max !== undefined && q.max !== '' ? Number(q.max) : null;
  const inStock = q.instock === '1';
  const sort = SORTS.some((s) => s.id === q.sort) ? q.sort! : 'featured';
  let items = scope;
  if (brand) items = items.filter((p) => p.brand === brand);
  if (colour) items = items.filter((p) => p.colours.includes(colour));
  if (min !== null && Number.isFinite(min)) items = items.filter((p) => p.priceCents >= Math.round(min * 100));
  if (max !== null && Number.isFinite(max)) items = items.filter((p) => p.priceCents <= Math.round(max * 100));
  if (inStock) items = items.filter((p) => p.stock > 0);
  items = sortProducts(state, items, sort);
  const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const pageNo = Math.min(pageCount, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
  const shown = items.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  const brands = [...new Set(scope.map((p) => p.brand))].sort();
  const colours = [...new Set(scope.flatMap((p) => p.colours))].sort();
  const query = new URL(c.req.url).searchParams;
  const returnQuery = new URLSearchParams(query);
  returnQuery.delete('added');
  const returnPath = returnQuery.toString() ? `${basePath}?${returnQuery}` : basePath;
  const priceError = (min !== null && !Number.isFinite(min)) || (max !== null && !Number.isFinite(max));
  const body = html`${intro}
<div class="layout">
<aside class="filters"><h2>Filters</h2>
<form id="filters" method="get" action="${basePath}">
${q.q !== undefined ? html`<input type="hidden" name="q" value="${q.q}">` : ''}
<div class="field"><label for="f-brand">Brand</label><select id="f-brand" name="brand"><option value="">All brands</option>
${brands.map((b) => html`<option${b === brand ? html` selected` : ''}>${b}</option>`)}</select></div>
<div class="field"><label for="f-colour">Colour</label><select id="f-colour" name="colour"><option value="">Any colour</option>
${colours.map((col) => html`<option${col === colour ? html` selected` : ''}>${col}</option>`)}</select></div>
<div class="field"><label for="f-min">Min price ($)</label><input id="f-min" name="min" type="number" min="0" step="1" value="${min ?? ''}"></div>
<div class="field"><label for="f-max">Max price ($)</label><input id="f-max" name="max" type="number" min="0" step="1" value="${max ?? ''}"></div>
${priceError ? html`<p class="error">Prices must be numbers.</p>` : ''}
<div class="field"><label><input type="checkbox" name="instock" value="1"${inStock ? html` checked` : ''}> In stock only</label></div>
<button type="submit">Apply filters</button> <a href="${q.q !== undefined ? `${basePath}?q=${encodeURIComponent(q.q)}` : basePath}">Clear filters</a>
</form></aside>
<section aria-label="Products">
<div class="field" style="flex-direction:row;align-items:center;gap:8px"><label for="f-sort">Sort by</label>
<select id="f-sort" name="sort" form="filters" data-autosubmit>${SORTS.map((s) => html`<option value="${s.id}"${s.id === sort ? html` selected` : ''}>${s.label}</option>`)}</select></div>
<p class="muted" role="status">${items.length === 0 ? 'No products match your search.' : `Showing ${(pageNo - 1) * PAGE_SIZE + 1}–${(pageNo - 1) * PAGE_SIZE + shown.length} of ${items.length} products`}</p>
<ul class="grid">${shown.map((p) => productCard(state, p))}</ul>
${pager(basePath, query, pageNo, pageCount)}
</section></div>
${quickAddDialog(returnPath)}
${addedDialog(state, Number(q.added))}`;
  return shopPage(state, { title, body, query: q.q ?? '' });
}

export function registerListingRoutes(app: Hono<SiteEnv<ShopState>>): void {
  app.get('/', (c) => {
    const state = c.get('state');
    const first = state.account.name.split(' ')[0];
    const newest = sortProducts(state, state.products, 'newest').slice(0, 4);
    const top = sortProducts(state, state.products.filter((p) => ratingOf(state, p.id).count >= 3), 'rating').slice(0, 4);
    const body = html`<h1>Welcome back, ${first}</h1>
<p>Free standard delivery on orders over $75. Returns are free within 30 days.</p>
<section aria-labelledby="shop-by"><h2 id="shop-by">Shop by department</h2><ul>
${CATEGORIES.map((cat) => html`<li><a href="/c/${cat.slug}">${cat.name}</a>: ${cat.subcategories.map((s) => s.name).join(', ')}</li>`)}
</ul></section>
<section aria-labelledby="new-h"><h2 id="new-h">New arrivals</h2><ul class="grid">${newest.map((p) => productCard(state, p))}</ul></section>
<section aria-labelledby="top-h"><h2 id="top-h">Top rated</h2><ul class="grid">${top.map((p) => productCard(state, p))}</ul></section>
${quickAddDialog('/')}${addedDialog(state, Number(c.req.query('added')))}`;
    return c.html(shopPage(state, { title: 'Home', body }));
  });

  app.get('/search', (c) => {
    const state = c.get('state');
    const text = (c.req.query('q') ?? '').trim();
    const scope = text ? state.products.filter((p) => matchesQuery(state, p, text)) : state.products;
    const intro = html`<h1>${text ? `Results for “${text}”` : 'All products'}</h1>`;
    return c.html(listing(c, scope, text ? `Search: ${text}` : 'All products', intro, '/search'));
  });

  app.get('/c/:category', (c) => {
    const state = c.get('state');
    const category = CATEGORIES.find((cat) => cat.slug === c.req.param('category'));
    if (!category) return c.html(shopPage(state, { title: 'Not found', body: notFound() }), 404);
    const scope = state.products.filter((p) => p.category === category.slug);
    const intro = html`<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> › ${category.name}</nav>
<h1>${category.name}</h1>
<nav aria-label="${category.name} departments"><ul>${category.subcategories.map((s) => html`<li><a href="/c/${category.slug}/${s.slug}">${s.name}</a></li>`)}</ul></nav>`;
    return c.html(listing(c, scope, category.name, intro, `/c/${category.slug}`));
  });

  app.get('/c/:category/:sub', (c) => {
    const state = c.get('state');
    const category = CATEGORIES.find((cat) => cat.slug === c.req.param('category'));
    const sub = category?.subcategories.find((s) => s.slug === c.req.param('sub'));
    if (!category || !sub) return c.html(shopPage(state, { title: 'Not found', body: notFound() }), 404);
    const scope = state.products.filter((p) => p.subcategory === sub.slug);
    const intro = html`<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/c/${category.slug}">${category.name}</a> › ${sub.name}</nav>
<h1>${sub.name}</h1>`;
    return c.html(listing(c, scope, `${sub.name} – ${category.name}`, intro, `/c/${category.slug}/${sub.slug}`));
  });
}
