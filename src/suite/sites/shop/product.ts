/**
 * Product pages: options (size select, colour radios, quantity), the size-guide dialog, adding to
 * the cart or wishlist, and reading and writing reviews.
 * @module
 */
import type { Hono } from 'hono';
import { html } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { LETTER_SIZES } from './catalogue.ts';
import {
  addedDialog, categoryName, notFound, productUrl, setFormFlash, subcategoryName, takeForm, textField,
} from './components.ts';
import { shopPage, starsText } from './layout.ts';
import { formatMoney } from './pricing.ts';
import { TODAY, ratingOf } from './state.ts';
import type { Product, ShopState } from './state.ts';

/** A form field as a trimmed string ('' when absent or a file). */
export function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** A same-site path to go back to, or the fallback. */
export function safeReturn(path: string, fallback: string): string {
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}

function withQuery(path: string, key: string, value: string): string {
  const url = new URL(path, 'http://shop.local');
  url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

function sizeGuide(p: Product) {
  if (p.sizes.length === 0) return html``;
  const letters = p.sizes[0]!.startsWith('UK') === false;
  const rows = letters
    ? LETTER_SIZES.map((s, i) => [s, `${81 + i * 5}–${85 + i * 5} cm`, `${66 + i * 5}–${70 + i * 5} cm`])
    : p.sizes.map((s) => {
      const uk = Number(s.slice(3));
      return [s, `EU ${uk + 33}`, `US ${uk + 1}`, `${(22.5 + (uk - 4) * 0.85).toFixed(1)} cm`];
    });
  const head = letters ? ['Size', 'Chest', 'Waist'] : ['UK', 'EU', 'US', 'Foot length'];
  return html`<dialog id="size-guide" aria-labelledby="size-guide-title">
<h2 id="size-guide-title">Size guide</h2>
<table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table>
<p class="muted">Between sizes? We recommend the larger size.</p>
<button type="button" data-close-dialog>Close</button>
</dialog>`;
}

function productPage(state: ShopState, p: Product, addedLine: number | undefined): string {
  const { errors, values } = takeForm(state);
  const { average, count } = ratingOf(state, p.id);
  const reviews = state.reviews.filter((r) => r.productId === p.id);
  const inWishlist = state.wishlist.includes(p.id);
  const maxQty = Math.max(1, Math.min(10, p.stock));
  const chosenColour = values.colour || p.colours[0];
  const body = html`<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/c/${p.category}">${categoryName(p.category)}</a> › <a href="/c/${p.category}/${p.subcategory}">${subcategoryName(p.category, p.subcategory)}</a></nav>
<div class="product"><div class="thumb" aria-hidden="true"></div><div>
<h1>${p.name}</h1>
<p>Brand: ${p.brand}</p>
<p class="price">${formatMoney(p.priceCents)}</p>
<p class="stars"><a href="#reviews">${starsText(average, count)}</a></p>
<p>${p.stock === 0 ? html`<span class="oos">Out of stock</span>` : p.stock <= 5 ? `Only ${p.stock} left in stock` : 'In stock'}</p>
<p>${p.description}</p>
<form method="post" action="/cart/add">
<input type="hidden" name="productId" value="${p.id}">
<input type="hidden" name="return" value="${productUrl(p)}">
${p.sizes.length ? html`<div class="field"><label for="size">Size</label>
<select id="size" name="size"${errors.size ? html` aria-invalid="true" aria-describedby="size-error"` : ''}><option value="">Choose a size</option>
${p.sizes.map((s) => html`<option${values.size === s ? html` selected` : ''}>${s}</option>`)}</select>
${errors.size ? html`<span class="error" id="size-error">${errors.size}</span>` : ''}</div>
<p><button type="button" data-opens="size-guide">Size guide</button></p>` : ''}
<fieldset><legend>Colour</legend>
${p.colours.map((col) => html`<label><input type="radio" name="colour" value="${col}"${col === chosenColour ? html` checked` : ''}> ${col}</label> `)}
</fieldset>
<div class="field"><label for="quantity">Quantity</label><input id="quantity" type="number" name="quantity" min="1" max="${maxQty}" value="${values.quantity || '1'}"${errors.quantity ? html` aria-invalid="true" aria-describedby="quantity-error"` : ''}>
${errors.quantity ? html`<span class="error" id="quantity-error">${errors.quantity}</span>` : ''}</div>
<button type="submit"${p.stock === 0 ? html` disabled` : ''}>Add to cart</button>
</form>
<form method="post" action="/wishlist/toggle"><input type="hidden" name="productId" value="${p.id}">
<button type="submit">${inWishlist ? 'Remove from wishlist' : 'Add to wishlist'}</button></form>
</div></div>
<section id="reviews" aria-labelledby="reviews-title"><h2 id="reviews-title">Customer reviews</h2>
<p>${starsText(average, count)}</p>
${reviews.map((r) => html`<article class="review"><h3>${r.title}</h3><p class="stars">Rated ${r.rating} out of 5</p>
<p class="muted">${r.author} · ${r.date}</p><p>${r.text}</p></article>`)}
<h3 id="write-review">Write a review</h3>
<form method="post" action="/p/${p.slug}/reviews">
<fieldset${errors.rating ? html` aria-describedby="rating-error"` : ''}><legend>Your rating</legend>
${[5, 4, 3, 2, 1].map((n) => html`<label><input type="radio" name="rating" value="${n}"${values.rating === String(n) ? html` checked` : ''}> ${n} ${n === 1 ? 'star' : 'stars'}</label> `)}
${errors.rating ? html`<span class="error" id="rating-error">${errors.rating}</span>` : ''}</fieldset>
${textField({ id: 'review-title', name: 'title', label: 'Review title', value: values.title ?? '', error: errors.title })}
<div class="field"><label for="review-text">Your review</label>
<textarea id="review-text" name="text" rows="4"${errors.text ? html` aria-invalid="true" aria-describedby="review-text-error"` : ''}>${values.text ?? ''}</textarea>
${errors.text ? html`<span class="error" id="review-text-error">${errors.text}</span>` : ''}</div>
<button type="submit">Submit review</button>
</form></section>
${sizeGuide(p)}${addedDialog(state, addedLine)}`;
  return shopPage(state, { title: p.name, body });
}

export function registerProductRoutes(app: Hono<SiteEnv<ShopState>>): void {
  app.get('/p/:slug', (c) => {
    const state = c.get('state');
    const p = state.products.find((x) => x.slug === c.req.param('slug'));
    if (!p) return c.html(shopPage(state, { title: 'Not found', body: notFound() }), 404);
    return c.html(productPage(state, p, Number(c.req.query('added'))));
  });

  app.post('/cart/add', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    const p = state.products.find((x) => x.id === Number(field(body, 'productId')));
    if (!p) return c.redirect('/', 303);
    const size = field(body, 'size');
    const colour = field(body, 'colour');
    const quantityText = field(body, 'quantity') || '1';
    const quantity = Number(quantityText);
    const errors: Record<string, string> = {};
    if (p.sizes.length && !p.sizes.includes(size)) errors.size = 'Please choose a size.';
    if (!p.colours.includes(colour)) errors.colour = 'Please choose a colour.';
    const line = state.cart.find((l) => l.productId === p.id && l.size === (p.sizes.length ? size : null) && l.colour === colour);
    const already = line?.quantity ?? 0;
    if (p.stock === 0) errors.quantity = 'This product is out of stock.';
    else if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10) errors.quantity = 'Enter a quantity from 1 to 10.';
    else if (already + quantity > p.stock) errors.quantity = `Only ${p.stock} left in stock.`;
    if (Object.keys(errors).length) {
      setFormFlash(state, errors, { size, colour, quantity: quantityText });
      return c.redirect(productUrl(p), 303);
    }
    let lineId: number;
    if (line) {
      line.quantity += quantity;
      lineId = line.id;
    } else {
      lineId = state.nextIds.cartLine++;
      state.cart.push({ id: lineId, productId: p.id, size: p.sizes.length ? size : null, colour, quantity });
    }
    return c.redirect(withQuery(safeReturn(field(body, 'return'), productUrl(p)), 'added', String(lineId)), 303);
  });

  app.post('/wishlist/toggle', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    const p = state.products.find((x) => x.id === Number(field(body, 'productId')));
    if (!p) return c.redirect('/wishlist', 303);
    if (state.wishlist.includes(p.id)) {
      state.wishlist = state.wishlist.filter((id) => id !== p.id);
      state.flash.notice = `${p.name} was removed from your wishlist.`;
    } else {
      state.wishlist.push(p.id);
      state.flash.notice = `${p.name} was added to your wishlist.`;
    }
    return c.redirect(productUrl(p), 303);
  });

  app.post('/p/:slug/reviews', async (c) => {
    const state = c.get('state');
    const p = state.products.find((x) => x.slug === c.req.param('slug'));
    if (!p) return c.redirect('/', 303);
    const body = await c.req.parseBody();
    const rating = field(body, 'rating');
    const title = field(body, 'title');
    const text = field(body, 'text');
    const errors: Record<string, string> = {};
    if (!['1', '2', '3', '4', '5'].includes(rating)) errors.rating = 'Choose a star rating.';
    if (!title) errors.title = 'Give your review a title.';
    if (text.length < 10) errors.text = 'Your review must be at least 10 characters long.';
    if (Object.keys(errors).length) {
      setFormFlash(state, errors, { rating, title, text });
      return c.redirect(`${productUrl(p)}#write-review`, 303);
    }
    state.reviews.unshift({
      id: state.nextIds.review++, productId: p.id, author: state.account.name, rating: Number(rating), title, text,
      date: TODAY, byCustomer: true,
    });
    state.flash.notice = 'Thank you! Your review has been published.';
    return c.redirect(`${productUrl(p)}#reviews`, 303);
  });
}
