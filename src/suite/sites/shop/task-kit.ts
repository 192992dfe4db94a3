/**
 * What the shop's task templates share: reading the probe, comparing carts, checking answers,
 * and the solver moves every strategy is built from (search, browse, quick add, product page).
 * @module
 */
import type { OracleVerdict } from '../../../env/trajectory.ts';
import type { ElementQuery, SolverContext } from '../../template.ts';
import type { ShopProbe } from './index.ts';
import type { Address, CartLine } from './state.ts';

export function readProbe(probes: Record<string, unknown>): ShopProbe | null {
  const result = probes.shop as { state?: ShopProbe } | undefined;
  return result?.state ?? null;
}

export function fail(reason: string): OracleVerdict {
  return { success: false, reason };
}

export function pass(reason = 'ok'): OracleVerdict {
  return { success: true, reason };
}

type LineLike = Pick<CartLine, 'productId' | 'size' | 'colour' | 'quantity'>;

export function lineKey(l: Pick<CartLine, 'productId' | 'size' | 'colour'>): string {
  return `${l.productId}|${l.size ?? ''}|${l.colour}`;
}

function counts(lines: readonly LineLike[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) m.set(lineKey(l), (m.get(lineKey(l)) ?? 0) + l.quantity);
  return m;
}

/** Quantity change per line key from `before` to `after` (zero changes left out). */
export function cartDelta(before: readonly LineLike[], after: readonly LineLike[]): Map<string, number> {
  const a = counts(before);
  const b = counts(after);
  const out = new Map<string, number>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const d = (b.get(key) ?? 0) - (a.get(key) ?? 0);
    if (d !== 0) out.set(key, d);
  }
  return out;
}

export function describeDelta(delta: Map<string, number>): string {
  return delta.size === 0 ? 'no change' : [...delta].map(([k, d]) => `${k} ${d > 0 ? '+' : ''}${d}`).join(', ');
}

/** Whether the delta is exactly the expected one. */
export function deltaEquals(delta: Map<string, number>, expected: Map<string, number>): boolean {
  if (delta.size !== expected.size) return false;
  for (const [k, d] of expected) if (delta.get(k) !== d) return false;
  return true;
}

export function norm(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ').trim();
}

export function sameAddress(a: Address, b: Address): boolean {
  const pc = (s: string) => s.toUpperCase().replace(/\s+/g, '');
  return norm(a.fullName) === norm(b.fullName) && norm(a.street) === norm(b.street) && norm(a.city) === norm(b.city)
    && pc(a.postcode) === pc(b.postcode) && a.country === b.country;
}

export function addressText(a: Address): string {
  return `${a.fullName}, ${a.street}, ${a.city} ${a.postcode}, ${a.country}`;
}

function numbersIn(answer: string): number[] {
  return (answer.match(/\d[\d,]*(?:\.\d+)?/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
}

/** The answer states this amount of money ("$1,234.50", "1234.5", "USD 1234.50"). */
export function answerHasMoney(answer: string | undefined, cents: number): boolean {
  if (!answer) return false;
  return numbersIn(answer).some((n) => Math.abs(n * 100 - cents) < 0.5);
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** The answer states this count, in digits or as a word, and no other count (numbers inside `ignore`, e.g. the product name, do not count). */
export function answerHasCount(answer: string | undefined, n: number, ignore = ''): boolean {
  if (!answer) return false;
  // Ratings ("4.0 out of 5", "3/5", "4 stars") are not counts.
  const text = (ignore ? answer.replace(new RegExp(escapeRegExp(ignore), 'gi'), ' ') : answer)
    .replace(/\b\d(?:\.\d+)?\s*(?:out of|\/)\s*5\b/gi, ' ').replace(/\b\d(?:\.\d+)?\s*stars?\b/gi, ' ');
  // Numbers with a decimal point are never counts.
  const found = new Set((text.match(/\d[\d,]*(?:\.\d+)?/g) ?? []).filter((t) => !t.includes('.')).map((t) => Number(t.replace(/,/g, ''))));
  for (const w of norm(text).split(' ')) if (WORDS.includes(w)) found.add(WORDS.indexOf(w));
  return found.has(n) && found.size === 1;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A query for an accessible name that starts with `prefix`. */
export function startsWith(role: string, prefix: string): ElementQuery {
  return { role, name: new RegExp(`^${escapeRegExp(prefix)}`) };
}

/** Type into the header search box and submit with Enter. */
export async function search(s: SolverContext, text: string): Promise<void> {
  await s.fill({ role: 'searchbox', name: 'Search products' }, text);
  await s.press('Enter', { role: 'searchbox', name: 'Search products' });
}

/** Open a category from the top bar, then one of its departments. */
export async function browse(s: SolverContext, category: string, department: string): Promise<void> {
  await s.click({ role: 'link', name: category });
  await s.click({ role: 'link', name: department });
}

/** Page through a listing until `query` is on the page. */
export async function pageUntil(s: SolverContext, query: ElementQuery): Promise<void> {
  while (s.findAll(query).length === 0) await s.click({ role: 'link', name: 'Next' });
}

/** On a product page: choose options and add to the cart (leaves the "Added to cart" dialog open). */
export async function addFromProductPage(s: SolverContext, size: string | null, colour: string | null, quantity = 1): Promise<void> {
  if (size) await s.select({ role: 'combobox', name: 'Size' }, size);
  if (colour) await s.check({ role: 'radio', name: colour });
  if (quantity !== 1) await s.fill({ role: 'spinbutton', name: 'Quantity' }, String(quantity));
  await s.click({ role: 'button', name: 'Add to cart' });
}

/** On a listing: quick-add a product through its dialog. */
export async function quickAdd(s: SolverContext, name: string, size: string | null, colour: string | null): Promise<void> {
  await pageUntil(s, { role: 'button', name: `Quick add ${name}` });
  await s.click({ role: 'button', name: `Quick add ${name}` });
  if (size) await s.select({ role: 'combobox', name: 'Select size' }, size);
  if (colour) await s.select({ role: 'combobox', name: 'Select colour' }, colour);
  await s.click({ role: 'button', name: 'Add to cart' });
}

export async function fillAddress(s: SolverContext, a: Address): Promise<void> {
  await s.fill({ role: 'textbox', name: 'Full name' }, a.fullName);
  await s.fill({ role: 'textbox', name: 'Street address' }, a.street);
  await s.fill({ role: 'textbox', name: 'City' }, a.city);
  await s.fill({ role: 'textbox', name: 'ZIP / Postal code' }, a.postcode);
  await s.select({ role: 'combobox', name: 'Country' }, a.country);
}

/** A stable per-template salt so templates of the same seed pick independently. */
export function salt(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h | 0;
}
