/**
 * Pieces of markup shared by several shop pages: form fields with their errors, product cards,
 * the quick-add and "Added to cart" dialogs, the pager, and the address fields.
 * @module
 */
import { html } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import { CATEGORIES } from './catalogue.ts';
import { starsText } from './layout.ts';
import { cartTotals, formatMoney } from './pricing.ts';
import { COUNTRIES, ratingOf } from './state.ts';
import type { Address, CartLine, Product, ShopState } from './state.ts';

/** Take the form echo (errors and submitted values) out of the flash; it shows once. */
export function takeForm(state: ShopState): { errors: Record<string, string>; values: Record<string, string> } {
  const form = { errors: state.flash.errors ?? {}, values: state.flash.values ?? {} };
  state.flash.errors = undefined;
  state.flash.values = undefined;
  return form;
}

export function setFormFlash(state: ShopState, errors: Record<string, string>, values: Record<string, string>): void {
  state.flash.errors = errors;
  state.flash.values = values;
}

export interface FieldOptions {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string;
  type?: string;
  autocomplete?: string;
}

export function textField(o: FieldOptions): SafeHtml {
  const errId = `${o.id}-error`;
  return html`<div class="field"><label for="${o.id}">${o.label}</label>
<input id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.error ? html` aria-invalid="true" aria-describedby="${errId}"` : ''}>
${o.error ? html`<span class="error" id="${errId}">${o.error}</span>` : ''}</div>`;
}

export function selectField(o: FieldOptions & { options: readonly string[]; placeholder?: string }): SafeHtml {
  const errId = `${o.id}-error`;
  return html`<div class="field"><label for="${o.id}">${o.label}</label>
<select id="${o.id}" name="${o.name}"${o.error ? html` aria-invalid="true" aria-describedby="${errId}"` : ''}>
${o.placeholder !== undefined ? html`<option value="">${o.placeholder}</option>` : ''}
${o.options.map((opt) => html`<option${opt === o.value ? html` selected` : ''}>${opt}</option>`)}
</select>${o.error ? html`<span class="error" id="${errId}">${o.error}</span>` : ''}</div>`;
}

/** The five address fields, ids prefixed so two forms on one page never clash. */
export function addressFields(prefix: string, value: Partial<Address>, errors: Record<string, string>): SafeHtml {
  return html`${textField({ id: `${prefix}-name`, name: 'fullName', label: 'Full name', value: value.fullName ?? '', error: errors.fullName, autocomplete: 'name' })}
${textField({ id: `${prefix}-street`, name: 'street', label: 'Street address', value: value.street ?? '', error: errors.street, autocomplete: 'street-address' })}
${textField({ id: `${prefix}-city`, name: 'city', label: 'City', value: value.city ?? '', error: errors.city, autocomplete: 'address-level2' })}
${textField({ id: `${prefix}-postcode`, name: 'postcode', label: 'ZIP / Postal code', value: value.postcode ?? '', error: errors.postcode, autocomplete: 'postal-code' })}
${selectField({ id: `${prefix}-country`, name: 'country', label: 'Country', value: value.country ?? '', error: errors.country, options: COUNTRIES, placeholder: 'Choose a country' })}`;
}

/** Validate a submitted address; returns the address or the errors by field. */
export function parseAddress(body: Record<string, unknown>): { address: Address; errors: Record<string, string> } {
  const get = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim().replace(/\s+/g, ' ') : '');
  const errors: Record<string, string> = {};
  const fullName = get('fullName');
  const street = get('street');
  const city = get('city');
  let postcode = get('postcode').toUpperCase();
  const country = get('country');
  if (!fullName) errors.fullName = 'Enter the full name of the recipient.';
  if (!street) errors.street = 'Enter a street address.';
  if (!city) errors.city = 'Enter a city.';
  if (!COUNTRIES.includes(country as Address['country'])) errors.country = 'Choose a country.';
  if (!postcode) errors.postcode = 'Enter a ZIP or postal code.';
  else if (country === 'United States' && !/^\d{5}(-\d{4})?$/.test(postcode)) {
    errors.postcode = 'Enter a US ZIP code like 12345 or 12345-6789.';
  } else if (country === 'Canada') {
    if (/^[A-Z]\d[A-Z] ?\d[A-Z]\d$/.test(postcode)) postcode = `${postcode.slice(0, 3)} ${postcode.slice(-3)}`;
    else errors.postcode = 'Enter a Canadian postal code like K1A 0B1.';
  }
  return { address: { fullName, street, city, postcode, country: country as Address['country'] }, errors };
}

export function productUrl(p: Product): string {
  return `/p/${p.slug}`;
}

export function categoryName(slug: string): string {
  return CATEGORIES.find((c) => c.slug === slug)?.name ?? slug;
}

export function subcategoryName(category: string, sub: string): string {
  return CATEGORIES.find((c) => c.slug === category)?.subcategories.find((s) => s.slug === sub)?.name ?? sub;
}

/** A product as a card in a listing, with its quick-add button. */
export function productCard(state: ShopState, p: Product): SafeHtml {
  const { average, count } = ratingOf(state, p.id);
  const quick = JSON.stringify({ id: p.id, name: p.name, price: formatMoney(p.priceCents), sizes: p.sizes, colours: p.colours, stock: p.stock });
  return html`<li class="card">
<div class="thumb" aria-hidden="true">${subcategoryName(p.category, p.subcategory)}</div>
<a href="${productUrl(p)}">${p.name}</a>
<span class="muted">${p.brand}</span>
<span class="price">${formatMoney(p.priceCents)}</span>
<span class="stars">${starsText(average, count)}</span>
${p.stock > 0
    ? html`<button type="button" data-quick-add="${quick}" aria-label="Quick add ${p.name}">Quick add</button>`
    : html`<span class="oos">Out of stock</span>`}
</li>`;
}

/** The one quick-add dialog of a listing page; the script fills it from the clicked card. */
export function quickAddDialog(returnPath: string): SafeHtml {
  return html`<dialog id="quick-add" aria-labelledby="quick-add-title">
<form method="post" action="/cart/add">
<h2 id="quick-add-title">Quick add</h2><p class="price" data-price></p>
<input type="hidden" name="productId" value="">
<input type="hidden" name="return" value="${returnPath}">
<div class="field"><label for="quick-size">Select size</label><select id="quick-size" name="size" required></select></div>
<div class="field"><label for="quick-colour">Select colour</label><select id="quick-colour" name="colour"></select></div>
<div class="field"><label for="quick-qty">Quantity</label><input id="quick-qty" type="number" name="quantity" min="1" max="10" value="1"></div>
<button type="submit">Add to cart</button> <button type="button" data-close-dialog>Cancel</button>
</form></dialog>`;
}

export function variantText(line: { size: string | null; colour: string }): string {
  return line.size ? `${line.size}, ${line.colour}` : line.colour;
}

/** The "Added to cart" confirmation, opened as a modal when the page loads. */
export function addedDialog(state: ShopState, lineId: number | undefined): SafeHtml {
  const line: CartLine | undefined = state.cart.find((l) => l.id === lineId);
  if (!line) return html``;
  const product = state.products.find((p) => p.id === line.productId)!;
  const totals = cartTotals(state);
  return html`<dialog id="added-to-cart" aria-labelledby="added-title" data-open-on-load>
<h2 id="added-title">Added to cart</h2>
<p>${product.name} — ${variantText(line)}</p>
<p>Quantity in cart: ${line.quantity}</p>
<p>Cart subtotal (${totals.itemCount} ${totals.itemCount === 1 ? 'item' : 'items'}): ${formatMoney(totals.subtotalCents)}</p>
<p><a href="/cart">View cart</a> <a href="/checkout">Checkout</a></p>
<button type="button" data-close-dialog>Continue shopping</button>
</dialog>`;
}

/** Previous / numbered / Next links that keep the rest of the query. */
export function pager(basePath: string, query: URLSearchParams, pageNo: number, pageCount: number): SafeHtml {
  if (pageCount <= 1) return html``;
  const hrefFor = (n: number) => {
    const q = new URLSearchParams(query);
    q.delete('added');
    if (n === 1) q.delete('page');
    else q.set('page', String(n));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const numbers = Array.from({ length: pageCount }, (_, i) => i + 1);
  return html`<nav class="pager" aria-label="Pagination">
${pageNo > 1 ? html`<a href="${hrefFor(pageNo - 1)}" rel="prev">Previous</a>` : ''}
${numbers.map((n) => (n === pageNo
    ? html`<span aria-current="page">Page ${n}</span>`
    : html`<a href="${hrefFor(n)}" aria-label="Page ${n}">${n}</a>`))}
${pageNo < pageCount ? html`<a href="${hrefFor(pageNo + 1)}" rel="next">Next</a>` : ''}
</nav>`;
}

export function notFound(): SafeHtml {
  return html`<h1>Page not found</h1><p>We could not find that page. <a href="/">Back to the home page</a></p>`;
}
