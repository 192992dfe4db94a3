/**
 * Checkout in two steps (delivery address with validation, then shipping method, payment and
 * coupon), order placement, order history, order details and "Buy it again".
 * @module
 */
import type { Hono } from 'hono';
import { html } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { addressFields, parseAddress, productUrl, setFormFlash, takeForm, variantText } from './components.ts';
import { addToCart } from './cart.ts';
import { shopPage } from './layout.ts';
import { SHIPPING_OPTIONS, cartTotals, evaluateCoupon, formatMoney } from './pricing.ts';
import { field } from './product.ts';
import { TODAY } from './state.ts';
import type { Address, Order, PaymentMethod, ShippingMethod, ShopState } from './state.ts';

function addressLines(a: Address) {
  return html`<address>${a.fullName}<br>${a.street}<br>${a.city} ${a.postcode}<br>${a.country}</address>`;
}

function summaryRows(state: ShopState) {
  return state.cart.map((line) => {
    const p = state.products.find((x) => x.id === line.productId)!;
    return html`<tr><td>${p.name}<div class="muted">${variantText(line)}</div></td><td>× ${line.quantity}</td><td>${formatMoney(p.priceCents * line.quantity)}</td></tr>`;
  });
}

function addressStep(state: ShopState): string {
  const { errors, values } = takeForm(state);
  const base: Partial<Address> = state.checkoutDraft ?? state.account.defaultAddress;
  const shown = Object.keys(values).length ? (values as Partial<Address>) : base;
  const body = html`<h1>Checkout</h1><p class="muted">Step 1 of 2: Delivery address</p>
${Object.keys(errors).length ? html`<div class="alert" role="alert">Please correct the highlighted fields.</div>` : ''}
<form method="post" action="/checkout" novalidate>
${addressFields('ship', shown, errors)}
<div class="field"><label><input type="checkbox" name="saveDefault" value="1"${values.saveDefault ? html` checked` : ''}> Save this as my default address</label></div>
<button type="submit">Continue to delivery options</button>
</form><p><a href="/cart">Back to cart</a></p>`;
  return shopPage(state, { title: 'Checkout', body });
}

function deliveryStep(state: ShopState): string {
  const { errors } = takeForm(state);
  const draft = state.checkoutDraft!;
  const totals = cartTotals(state, draft.shipping);
  const couponInfo = state.appliedCoupon ? evaluateCoupon(state.coupons, state.appliedCoupon, totals.subtotalCents) : null;
  const afterDiscount = totals.subtotalCents - totals.discountCents;
  const freeShipping = couponInfo?.ok === true && couponInfo.freeShipping;
  const body = html`<h1>Checkout</h1><p class="muted">Step 2 of 2: Delivery and payment</p>
${errors.order ? html`<div class="alert" role="alert">${errors.order}</div>` : ''}
<section aria-labelledby="to-h"><h2 id="to-h">Delivering to</h2>${addressLines(draft)}<p><a href="/checkout">Change address</a></p></section>
<section aria-labelledby="sum-h"><h2 id="sum-h">Order summary</h2>
<table><tbody>${summaryRows(state)}</tbody></table>
<p>Subtotal: ${formatMoney(totals.subtotalCents)}</p>
${totals.discountCents > 0 ? html`<p>Discount (${state.appliedCoupon}): −${formatMoney(totals.discountCents)}</p>` : ''}
</section>
<section aria-labelledby="coupon-h"><h2 id="coupon-h">Coupon</h2>
${state.appliedCoupon
    ? html`<form method="post" action="/checkout/coupon"><p>Coupon <strong>${state.appliedCoupon}</strong> applied.</p><input type="hidden" name="op" value="remove"><button type="submit">Remove coupon</button></form>`
    : html`<form method="post" action="/checkout/coupon"><input type="hidden" name="op" value="apply">
<div class="field"><label for="coupon">Coupon code</label><input id="coupon" name="code" value=""${errors.coupon ? html` aria-invalid="true" aria-describedby="coupon-error"` : ''}>
${errors.coupon ? html`<span class="error" id="coupon-error">${errors.coupon}</span>` : ''}</div>
<button type="submit">Apply coupon</button></form>`}
</section>
<form method="post" action="/checkout/place">
<fieldset><legend>Shipping method</legend>
${SHIPPING_OPTIONS.map((o) => {
    const cents = o.id === 'standard' && (freeShipping || afterDiscount >= 7500) ? 0 : o.cents;
    return html`<div><label><input type="radio" name="shipping" value="${o.id}" data-cents="${cents}"${o.id === draft.shipping ? html` checked` : ''}> ${o.label}</label>
<span class="muted">${cents === 0 ? 'Free' : formatMoney(cents)} · ${o.detail}</span></div>`;
  })}
</fieldset>
<fieldset><legend>Payment method</legend>
<div><label><input type="radio" name="payment" value="card"${draft.payment === 'card' ? html` checked` : ''}> Visa ending in ${state.account.cardLast4}</label></div>
<div><label><input type="radio" name="payment" value="gift-card"${draft.payment === 'gift-card' ? html` checked` : ''}> Gift card (balance ${formatMoney(state.account.giftCardCents)})</label></div>
<p class="muted">We accept Visa, Mastercard and American Express cards and Larkspur gift cards. Saved cards are managed by our payment provider.</p>
</fieldset>
<p>Order total: <strong id="order-total" data-base="${afterDiscount}">${formatMoney(totals.totalCents)}</strong></p>
<button type="submit">Place order</button>
</form>
<script>
(function(){
  var total = document.getElementById('order-total');
  document.querySelectorAll('input[name=shipping]').forEach(function(r){
    r.addEventListener('change', function(){
      var cents = Number(total.getAttribute('data-base')) + Number(r.getAttribute('data-cents'));
      total.textContent = '$' + (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    });
  });
})();
</script>`;
  return shopPage(state, { title: 'Checkout – delivery and payment', body });
}

function ordersPage(state: ShopState): string {
  const orders = [...state.orders].reverse();
  const body = html`<h1>Your orders</h1>
${orders.length === 0 ? html`<p>You have not placed any orders yet.</p>` : html`<table><thead><tr><th scope="col">Order</th><th scope="col">Placed on</th><th scope="col">Items</th><th scope="col">Total</th><th scope="col">Status</th></tr></thead>
<tbody>${orders.map((o) => html`<tr><td><a href="/orders/${o.id}">#${o.id}</a></td><td>${o.placedOn}</td><td>${o.lines.reduce((n, l) => n + l.quantity, 0)}</td><td>${formatMoney(o.totalCents)}</td><td>${o.status}</td></tr>`)}</tbody></table>`}`;
  return shopPage(state, { title: 'Orders', body });
}

function orderPage(state: ShopState, o: Order): string {
  const shipping = SHIPPING_OPTIONS.find((s) => s.id === o.shipping)!;
  const body = html`<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/orders">Your orders</a> › Order #${o.id}</nav>
<h1>Order #${o.id}</h1>
<p>Placed on ${o.placedOn} · Status: ${o.status}</p>
<table><thead><tr><th scope="col">Product</th><th scope="col">Options</th><th scope="col">Quantity</th><th scope="col">Price</th><th scope="col">Total</th></tr></thead>
<tbody>${o.lines.map((l) => {
    const p = state.products.find((x) => x.id === l.productId);
    return html`<tr><td>${p ? html`<a href="${productUrl(p)}">${l.name}</a>` : l.name}</td><td>${variantText(l)}</td><td>${l.quantity}</td><td>${formatMoney(l.unitPriceCents)}</td><td>${formatMoney(l.unitPriceCents * l.quantity)}</td></tr>`;
  })}</tbody></table>
<p>Subtotal: ${formatMoney(o.subtotalCents)}</p>
${o.discountCents > 0 ? html`<p>Discount (${o.coupon}): −${formatMoney(o.discountCents)}</p>` : ''}
<p>${shipping.label}: ${o.shippingCents === 0 ? 'Free' : formatMoney(o.shippingCents)}</p>
<p>Order total: <strong>${formatMoney(o.totalCents)}</strong></p>
<p>Paid with ${o.payment === 'card' ? `Visa ending in ${state.account.cardLast4}` : 'gift card'}</p>
<h2>Delivery address</h2>${addressLines(o.address)}
<form method="post" action="/orders/${o.id}/reorder"><button type="submit">Buy it again</button></form>`;
  return shopPage(state, { title: `Order #${o.id}`, body });
}

export function registerCheckoutRoutes(app: Hono<SiteEnv<ShopState>>): void {
  app.get('/checkout', (c) => {
    const state = c.get('state');
    if (state.cart.length === 0) return c.redirect('/cart', 303);
    return c.html(addressStep(state));
  });

  app.post('/checkout', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    const { address, errors } = parseAddress(body);
    if (Object.keys(errors).length) {
      setFormFlash(state, errors, { ...address, saveDefault: field(body, 'saveDefault') });
      return c.redirect('/checkout', 303);
    }
    const previous = state.checkoutDraft;
    state.checkoutDraft = { ...address, shipping: previous?.shipping ?? 'standard', payment: previous?.payment ?? 'card', coupon: '' };
    if (field(body, 'saveDefault') === '1') state.account.defaultAddress = { ...address };
    return c.redirect('/checkout/delivery', 303);
  });

  app.get('/checkout/delivery', (c) => {
    const state = c.get('state');
    if (state.cart.length === 0) return c.redirect('/cart', 303);
    if (!state.checkoutDraft) return c.redirect('/checkout', 303);
    return c.html(deliveryStep(state));
  });

  app.post('/checkout/coupon', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    if (field(body, 'op') === 'remove') {
      state.appliedCoupon = null;
      state.flash.notice = 'The coupon was removed.';
      return c.redirect('/checkout/delivery', 303);
    }
    const code = field(body, 'code');
    const result = code ? evaluateCoupon(state.coupons, code, cartTotals(state).subtotalCents) : { ok: false as const, error: 'Enter a coupon code.' };
    if (result.ok) {
      state.appliedCoupon = result.coupon.code;
      state.flash.notice = `Coupon ${result.coupon.code} applied.`;
    } else {
      setFormFlash(state, { coupon: result.error }, {});
    }
    return c.redirect('/checkout/delivery', 303);
  });

  app.post('/checkout/place', async (c) => {
    const state = c.get('state');
    const draft = state.checkoutDraft;
    if (state.cart.length === 0) return c.redirect('/cart', 303);
    if (!draft) return c.redirect('/checkout', 303);
    const body = await c.req.parseBody();
    const shipping = field(body, 'shipping') as ShippingMethod;
    const payment = field(body, 'payment') as PaymentMethod;
    if (!SHIPPING_OPTIONS.some((o) => o.id === shipping) || !['card', 'gift-card'].includes(payment)) {
      setFormFlash(state, { order: 'Choose a shipping method and a payment method.' }, {});
      return c.redirect('/checkout/delivery', 303);
    }
    draft.shipping = shipping;
    draft.payment = payment;
    const totals = cartTotals(state, shipping);
    if (payment === 'gift-card' && state.account.giftCardCents < totals.totalCents) {
      setFormFlash(state, { order: `Your gift card balance (${formatMoney(state.account.giftCardCents)}) does not cover the order total. Choose another payment method.` }, {});
      return c.redirect('/checkout/delivery', 303);
    }
    for (const line of state.cart) {
      const p = state.products.find((x) => x.id === line.productId)!;
      if (line.quantity > p.stock) {
        setFormFlash(state, { order: `Only ${p.stock} of ${p.name} left in stock. Please update your cart.` }, {});
        return c.redirect('/checkout/delivery', 303);
      }
    }
    const id = String(state.nextIds.order++);
    const { shipping: _s, payment: _p, coupon: _c, ...address } = draft;
    state.orders.push({
      id,
      placedOn: TODAY,
      status: 'Processing',
      lines: state.cart.map((line) => {
        const p = state.products.find((x) => x.id === line.productId)!;
        p.stock -= line.quantity;
        return { productId: p.id, name: p.name, size: line.size, colour: line.colour, quantity: line.quantity, unitPriceCents: p.priceCents };
      }),
      address,
      shipping,
      payment,
      coupon: state.appliedCoupon && evaluateCoupon(state.coupons, state.appliedCoupon, totals.subtotalCents).ok ? state.appliedCoupon : null,
      subtotalCents: totals.subtotalCents,
      discountCents: totals.discountCents,
      shippingCents: totals.shippingCents,
      totalCents: totals.totalCents,
    });
    if (payment === 'gift-card') state.account.giftCardCents -= totals.totalCents;
    state.cart = [];
    state.appliedCoupon = null;
    state.checkoutDraft = null;
    state.flash.notice = `Thank you! Your order #${id} has been placed.`;
    return c.redirect(`/orders/${id}`, 303);
  });

  app.get('/orders', (c) => c.html(ordersPage(c.get('state'))));

  app.get('/orders/:id', (c) => {
    const state = c.get('state');
    const order = state.orders.find((o) => o.id === c.req.param('id'));
    if (!order) return c.html(shopPage(state, { title: 'Not found', body: html`<h1>Order not found</h1><p><a href="/orders">Your orders</a></p>` }), 404);
    return c.html(orderPage(state, order));
  });

  app.post('/orders/:id/reorder', (c) => {
    const state = c.get('state');
    const order = state.orders.find((o) => o.id === c.req.param('id'));
    if (!order) return c.redirect('/orders', 303);
    const problems: string[] = [];
    for (const l of order.lines) {
      const p = state.products.find((x) => x.id === l.productId);
      const error = p ? addToCart(state, p, l.size, l.colour, l.quantity) : `${l.name} is no longer sold.`;
      if (error) problems.push(error);
    }
    state.flash.notice = problems.length
      ? `Some items could not be added: ${problems.join(' ')}`
      : `The items from order #${order.id} were added to your cart.`;
    return c.redirect('/cart', 303);
  });
}
