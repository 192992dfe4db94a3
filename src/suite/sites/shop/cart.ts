/**
 * The cart (quantities by typing or by +/- buttons, removal, subtotal) and the wishlist (remove,
 * move to cart with a size and colour).
 * @module
 */
import type { Hono } from 'hono';
import { html } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { productUrl, setFormFlash, takeForm, variantText } from './components.ts';
import { shopPage } from './layout.ts';
import { cartTotals, formatMoney } from './pricing.ts';
import { field } from './product.ts';
import type { CartLine, Product, ShopState } from './state.ts';

function productOf(state: ShopState, id: number): Product {
  return state.products.find((p) => p.id === id)!;
}

/** How a line is named in its controls' accessible names: "Kestrel Pocket Tee (M, Navy)". */
export function lineLabel(state: ShopState, line: CartLine): string {
  return `${productOf(state, line.productId).name} (${variantText(line)})`;
}

function cartPage(state: ShopState): string {
  const { errors } = takeForm(state);
  const totals = cartTotals(state);
  const rows = state.cart.map((line) => {
    const p = productOf(state, line.productId);
    const label = lineLabel(state, line);
    const err = errors[`qty_${line.id}`];
    return html`<tr>
<td><a href="${productUrl(p)}">${p.name}</a><div class="muted">${line.size ? `Size: ${line.size} · ` : ''}Colour: ${line.colour}</div></td>
<td>${formatMoney(p.priceCents)}</td>
<td><form method="post" action="/cart/line/${line.id}/decrease" style="display:inline"><button type="submit" aria-label="Decrease quantity of ${label}">−</button></form>
<input type="number" form="cart-form" name="qty_${line.id}" value="${line.quantity}" min="0" max="10" style="width:4em" aria-label="Quantity of ${label}"${err ? html` aria-invalid="true"` : ''}>
<form method="post" action="/cart/line/${line.id}/increase" style="display:inline"><button type="submit" aria-label="Increase quantity of ${label}">+</button></form>
${err ? html`<div class="error">${err}</div>` : ''}</td>
<td>${formatMoney(p.priceCents * line.quantity)}</td>
<td><form method="post" action="/cart/line/${line.id}/remove"><button type="submit" aria-label="Remove ${label}">Remove</button></form></td>
</tr>`;
  });
  const body = state.cart.length === 0
    ? html`<h1>Your cart</h1><p>Your cart is empty.</p><p><a href="/">Continue shopping</a></p>`
    : html`<h1>Your cart</h1>
<form id="cart-form" method="post" action="/cart/update"></form>
<table><thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col">Total</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows}</tbody></table>
<p><button type="submit" form="cart-form">Update cart</button></p>
<p>Subtotal (${totals.itemCount} ${totals.itemCount === 1 ? 'item' : 'items'}): <strong>${formatMoney(totals.subtotalCents)}</strong></p>
${state.appliedCoupon && totals.discountCents > 0 ? html`<p>Coupon ${state.appliedCoupon}: −${formatMoney(totals.discountCents)}</p>` : ''}
<p class="muted">Shipping and coupons are worked out at checkout.</p>
<p><a href="/checkout">Proceed to checkout</a> · <a href="/">Continue shopping</a></p>`;
  return shopPage(state, { title: 'Cart', body });
}

function wishlistPage(state: ShopState): string {
  const { errors } = takeForm(state);
  const rows = state.wishlist.map((id) => {
    const p = productOf(state, id);
    const err = errors[`wish_${id}`];
    return html`<tr>
<td><a href="${productUrl(p)}">${p.name}</a><div class="muted">${formatMoney(p.priceCents)} · ${p.stock > 0 ? 'In stock' : 'Out of stock'}</div></td>
<td><form method="post" action="/wishlist/${p.id}/move">
${p.sizes.length ? html`<label>Size <select name="size" aria-label="Size for ${p.name}"><option value="">Choose a size</option>${p.sizes.map((s) => html`<option>${s}</option>`)}</select></label>` : ''}
<label>Colour <select name="colour" aria-label="Colour for ${p.name}">${p.colours.map((col) => html`<option>${col}</option>`)}</select></label>
<button type="submit" aria-label="Move ${p.name} to cart"${p.stock === 0 ? html` disabled` : ''}>Move to cart</button>
${err ? html`<div class="error">${err}</div>` : ''}</form></td>
<td><form method="post" action="/wishlist/${p.id}/remove"><button type="submit" aria-label="Remove ${p.name} from wishlist">Remove</button></form></td>
</tr>`;
  });
  const body = state.wishlist.length === 0
    ? html`<h1>Your wishlist</h1><p>Your wishlist is empty. Save products you like with “Add to wishlist”.</p>`
    : html`<h1>Your wishlist</h1><table><thead><tr><th scope="col">Product</th><th scope="col">Options</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table>`;
  return shopPage(state, { title: 'Wishlist', body });
}

/** Add to the cart, merging with an identical line. Returns an error message when stock does not allow it. */
export function addToCart(state: ShopState, p: Product, size: string | null, colour: string, quantity: number): string | null {
  const line = state.cart.find((l) => l.productId === p.id && l.size === size && l.colour === colour);
  if ((line?.quantity ?? 0) + quantity > Math.min(10, p.stock)) {
    return p.stock === 0 ? `${p.name} is out of stock.` : `Only ${Math.min(10, p.stock)} of ${p.name} can be ordered.`;
  }
  if (line) line.quantity += quantity;
  else state.cart.push({ id: state.nextIds.cartLine++, productId: p.id, size, colour, quantity });
  return null;
}

export function registerCartRoutes(app: Hono<SiteEnv<ShopState>>): void {
  app.get('/cart', (c) => c.html(cartPage(c.get('state'))));

  app.post('/cart/update', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    const errors: Record<string, string> = {};
    const next = new Map<number, number>();
    for (const line of state.cart) {
      const text = field(body, `qty_${line.id}`);
      if (text === '') continue;
      const qty = Number(text);
      const stock = productOf(state, line.productId).stock;
      if (!Number.isInteger(qty) || qty < 0 || qty > 10) errors[`qty_${line.id}`] = 'Enter a quantity from 0 to 10.';
      else if (qty > stock) errors[`qty_${line.id}`] = `Only ${stock} left in stock.`;
      else next.set(line.id, qty);
    }
    if (Object.keys(errors).length) {
      setFormFlash(state, errors, {});
      return c.redirect('/cart', 303);
    }
    for (const line of state.cart) line.quantity = next.get(line.id) ?? line.quantity;
    state.cart = state.cart.filter((l) => l.quantity > 0);
    state.flash.notice = 'Your cart has been updated.';
    return c.redirect('/cart', 303);
  });

  app.post('/cart/line/:id/:op', (c) => {
    const state = c.get('state');
    const line = state.cart.find((l) => l.id === Number(c.req.param('id')));
    const op = c.req.param('op');
    if (!line) return c.redirect('/cart', 303);
    const p = productOf(state, line.productId);
    if (op === 'remove' || (op === 'decrease' && line.quantity <= 1)) {
      state.cart = state.cart.filter((l) => l !== line);
      state.flash.notice = `${p.name} was removed from your cart.`;
    } else if (op === 'decrease') {
      line.quantity -= 1;
    } else if (op === 'increase') {
      if (line.quantity + 1 > Math.min(10, p.stock)) setFormFlash(state, { [`qty_${line.id}`]: `Only ${Math.min(10, p.stock)} can be ordered.` }, {});
      else line.quantity += 1;
    }
    return c.redirect('/cart', 303);
  });

  app.get('/wishlist', (c) => c.html(wishlistPage(c.get('state'))));

  app.post('/wishlist/:id/:op', async (c) => {
    const state = c.get('state');
    const id = Number(c.req.param('id'));
    const p = state.products.find((x) => x.id === id);
    if (!p || !state.wishlist.includes(id)) return c.redirect('/wishlist', 303);
    if (c.req.param('op') === 'remove') {
      state.wishlist = state.wishlist.filter((w) => w !== id);
      state.flash.notice = `${p.name} was removed from your wishlist.`;
      return c.redirect('/wishlist', 303);
    }
    const body = await c.req.parseBody();
    const size = field(body, 'size');
    const colour = field(body, 'colour');
    let error: string | null = null;
    if (p.sizes.length && !p.sizes.includes(size)) error = 'Choose a size first.';
    else if (!p.colours.includes(colour)) error = 'Choose a colour first.';
    else error = addToCart(state, p, p.sizes.length ? size : null, colour, 1);
    if (error) {
      setFormFlash(state, { [`wish_${id}`]: error }, {});
      return c.redirect('/wishlist', 303);
    }
    state.wishlist = state.wishlist.filter((w) => w !== id);
    state.flash.notice = `${p.name} was moved to your cart.`;
    return c.redirect('/wishlist', 303);
  });
}
