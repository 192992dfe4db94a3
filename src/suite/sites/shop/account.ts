/**
 * Account settings: one page with three client-side tabs (profile, default address, email
 * preferences), each saving its own form.
 * @module
 */
import type { Hono } from 'hono';
import { html } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { addressFields, parseAddress, setFormFlash, takeForm, textField } from './components.ts';
import { shopPage } from './layout.ts';
import { field } from './product.ts';
import type { ShopState } from './state.ts';

const TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'address', label: 'Default address' },
  { id: 'preferences', label: 'Email preferences' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

function accountPage(state: ShopState, active: TabId): string {
  const { errors, values } = takeForm(state);
  const a = state.account;
  const panels: Record<TabId, SafeHtml> = {
    profile: html`<form method="post" action="/account/profile" novalidate>
${textField({ id: 'profile-name', name: 'name', label: 'Name', value: values.name ?? a.name, error: errors.name, autocomplete: 'name' })}
${textField({ id: 'profile-email', name: 'email', label: 'Email address', type: 'email', value: values.email ?? a.email, error: errors.email, autocomplete: 'email' })}
<button type="submit">Save profile</button></form>`,
    address: html`<p class="muted">Used to fill in checkout.</p><form method="post" action="/account/address" novalidate>
${addressFields('default', values.street !== undefined ? values : a.defaultAddress, errors)}
<button type="submit">Save address</button></form>`,
    preferences: html`<form method="post" action="/account/preferences">
<div class="field"><label><input type="checkbox" name="newsletter" value="1"${a.newsletter ? html` checked` : ''}> Email me the weekly newsletter with offers and new arrivals</label></div>
<button type="submit">Save preferences</button></form>`,
  };
  const body = html`<h1>Account settings</h1>
<p class="muted">Signed in as ${a.email}</p>
<div class="tabs" role="tablist" aria-label="Account settings">
${TABS.map((t) => html`<button type="button" role="tab" id="tab-${t.id}" data-tab="${t.id}" aria-controls="panel-${t.id}" aria-selected="${t.id === active ? 'true' : 'false'}" tabindex="${t.id === active ? '0' : '-1'}">${t.label}</button>`)}
</div>
${TABS.map((t) => html`<section role="tabpanel" id="panel-${t.id}" aria-labelledby="tab-${t.id}"${t.id === active ? '' : html` hidden`}>${panels[t.id]}</section>`)}`;
  return shopPage(state, { title: 'Account settings', body });
}

export function registerAccountRoutes(app: Hono<SiteEnv<ShopState>>): void {
  app.get('/account', (c) => {
    const tab = TABS.find((t) => t.id === c.req.query('tab'))?.id ?? 'profile';
    return c.html(accountPage(c.get('state'), tab));
  });

  app.post('/account/profile', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    const name = field(body, 'name').replace(/\s+/g, ' ');
    const email = field(body, 'email');
    const errors: Record<string, string> = {};
    if (!name) errors.name = 'Enter your name.';
    if (!EMAIL.test(email)) errors.email = 'Enter an email address like name@example.com.';
    if (Object.keys(errors).length) {
      setFormFlash(state, errors, { name, email });
      return c.redirect('/account?tab=profile', 303);
    }
    state.account.name = name;
    state.account.email = email;
    state.flash.notice = 'Your profile has been updated.';
    return c.redirect('/account?tab=profile', 303);
  });

  app.post('/account/address', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    const { address, errors } = parseAddress(body);
    if (Object.keys(errors).length) {
      setFormFlash(state, errors, { ...address });
      return c.redirect('/account?tab=address', 303);
    }
    state.account.defaultAddress = address;
    state.flash.notice = 'Your default address has been saved.';
    return c.redirect('/account?tab=address', 303);
  });

  app.post('/account/preferences', async (c) => {
    const state = c.get('state');
    const body = await c.req.parseBody();
    state.account.newsletter = field(body, 'newsletter') === '1';
    state.flash.notice = state.account.newsletter ? 'You are subscribed to the newsletter.' : 'You are unsubscribed from the newsletter.';
    return c.redirect('/account?tab=preferences', 303);
  });
}
