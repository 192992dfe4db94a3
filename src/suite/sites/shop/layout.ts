/**
 * The shop's page shell: header with search, category bar and account links, the site CSS, and
 * the small client-side script (auto-submitting sort, dialogs, quick add, settings tabs).
 * @module
 */
import { html, page } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import { CATEGORIES } from './catalogue.ts';
import type { ShopState } from './state.ts';

export const SHOP_NAME = 'Larkspur Market';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#222;background:#fafaf7}
a{color:#1d4f91}header.top{display:flex;gap:16px;align-items:center;padding:10px 20px;background:#24323f;color:#fff}
header.top a{color:#fff}.logo{font-weight:700;font-size:20px;text-decoration:none}
header.top form{flex:1;display:flex;gap:6px}header.top input{flex:1;padding:6px}
nav.account{display:flex;gap:14px}nav.cats{display:flex;gap:18px;padding:8px 20px;background:#e8e6df}
main{padding:16px 20px;max-width:1200px;margin:auto}.layout{display:grid;grid-template-columns:230px 1fr;gap:22px}
.filters{background:#fff;border:1px solid #ddd;padding:12px}.filters .field{margin-bottom:10px}
.field{display:flex;flex-direction:column;gap:3px;margin-bottom:10px}.field input,.field select,.field textarea{padding:6px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:14px;list-style:none;padding:0}
.card{background:#fff;border:1px solid #ddd;padding:12px;display:flex;flex-direction:column;gap:6px}
.card .thumb{height:110px;background:#d9e2ea;display:flex;align-items:center;justify-content:center;color:#456}
.price{font-weight:700}.muted{color:#666;font-size:13px}.oos{color:#a33}.stars{color:#b7791f}
.error{color:#b00020;font-size:13px}.notice{background:#e4f3e4;border:1px solid #9c9;padding:8px;margin-bottom:12px}
.alert{background:#fdecea;border:1px solid #e99;padding:8px;margin-bottom:12px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #ddd;padding:8px;text-align:left}
button{cursor:pointer;padding:6px 12px}dialog{border:1px solid #999;padding:18px;min-width:320px}
dialog::backdrop{background:rgba(0,0,0,.45)}.pager{display:flex;gap:8px;margin-top:14px}
.tabs [role=tab]{border:1px solid #bbb;background:#eee;margin-right:4px}.tabs [role=tab][aria-selected=true]{background:#fff;border-bottom-color:#fff}
[role=tabpanel]{background:#fff;border:1px solid #bbb;padding:14px;margin-top:-1px}.breadcrumb{font-size:13px;margin-bottom:8px}
.product{display:grid;grid-template-columns:320px 1fr;gap:24px}.product .thumb{height:300px;background:#d9e2ea}
.review{border-top:1px solid #ddd;padding:8px 0}fieldset{border:1px solid #ccc;margin-bottom:10px}
`;

const SCRIPT = `
(function(){
  function fill(select, values, placeholder){
    select.replaceChildren();
    if (placeholder) { var o = document.createElement('option'); o.value = ''; o.textContent = placeholder; select.append(o); }
    values.forEach(function(v){ var o = document.createElement('option'); o.textContent = v; select.append(o); });
  }
  document.querySelectorAll('select[data-autosubmit]').forEach(function(s){
    s.addEventListener('change', function(){ s.form.requestSubmit(); });
  });
  document.querySelectorAll('dialog[data-open-on-load]').forEach(function(d){ d.showModal(); });
  document.querySelectorAll('[data-opens]').forEach(function(b){
    b.addEventListener('click', function(){ document.getElementById(b.getAttribute('data-opens')).showModal(); });
  });
  document.querySelectorAll('[data-close-dialog]').forEach(function(b){
    b.addEventListener('click', function(){ b.closest('dialog').close(); });
  });
  var quick = document.getElementById('quick-add');
  document.querySelectorAll('button[data-quick-add]').forEach(function(b){
    b.addEventListener('click', function(){
      var info = JSON.parse(b.getAttribute('data-quick-add'));
      quick.querySelector('h2').textContent = info.name;
      quick.querySelector('[data-price]').textContent = info.price;
      quick.querySelector('input[name=productId]').value = info.id;
      var size = quick.querySelector('select[name=size]');
      fill(size, info.sizes, 'Choose a size');
      size.disabled = info.sizes.length === 0;
      size.closest('.field').hidden = info.sizes.length === 0;
      fill(quick.querySelector('select[name=colour]'), info.colours, null);
      var qty = quick.querySelector('input[name=quantity]');
      qty.value = 1; qty.max = Math.min(10, info.stock);
      quick.showModal();
    });
  });
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role=tab]'));
  function activate(tab, focus){
    tabs.forEach(function(t){
      var on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    });
    if (focus) tab.focus();
    history.replaceState(null, '', '?tab=' + tab.getAttribute('data-tab'));
  }
  tabs.forEach(function(t, i){
    t.addEventListener('click', function(){ activate(t, false); });
    t.addEventListener('keydown', function(e){
      if (e.key === 'ArrowRight') activate(tabs[(i + 1) % tabs.length], true);
      if (e.key === 'ArrowLeft') activate(tabs[(i + tabs.length - 1) % tabs.length], true);
    });
  });
})();
`;

function header(state: ShopState, query: string): SafeHtml {
  const cartCount = state.cart.reduce((n, l) => n + l.quantity, 0);
  return html`<header class="top">
  <a class="logo" href="/">${SHOP_NAME}</a>
  <form action="/search" method="get" role="search">
    <input type="search" name="q" aria-label="Search products" placeholder="Search products" value="${query}">
    <button type="submit">Search</button>
  </form>
  <nav class="account" aria-label="Your account">
    <a href="/wishlist">Wishlist (${state.wishlist.length})</a>
    <a href="/orders">Orders</a>
    <a href="/account">Account</a>
    <a href="/cart">Cart (${cartCount})</a>
  </nav>
</header>
<nav class="cats" aria-label="Categories">${CATEGORIES.map((c) => html`<a href="/c/${c.slug}">${c.name}</a>`)}</nav>`;
}

/** Options of a shop page. */
export interface ShopPageOptions {
  title: string;
  body: SafeHtml;
  /** Current search text, echoed in the header search box. @default '' */
  query?: string;
}

/** A full shop page; shows and clears the one-shot notice. */
export function shopPage(state: ShopState, options: ShopPageOptions): string {
  const notice = state.flash.notice;
  state.flash.notice = undefined;
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}${options.body}`;
  return page({ title: `${options.title} | ${SHOP_NAME}`, css: CSS, header: header(state, options.query ?? ''), body, script: SCRIPT });
}

/** Star text as a screen reader would announce it. */
export function starsText(average: number | null, count: number): string {
  if (average === null) return 'No reviews yet';
  return `${average.toFixed(1)} out of 5 stars (${count} ${count === 1 ? 'review' : 'reviews'})`;
}
