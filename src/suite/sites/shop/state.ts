/**
 * The shop's backend state and how a seed builds it: which products exist, their prices, stock
 * and reviews, the customer's account, cart, wishlist, past orders and the coupons on offer.
 * @module
 */
import { Rng } from '../../../env/index.ts';
import {
  CATEGORIES, CITIES_CA, CITIES_US, COUPON_WORDS, FIRST_NAMES, LAST_NAMES, LETTER_SIZES, REVIEW_TEXTS,
  REVIEW_TITLES, SHOE_SIZES, STREETS,
} from './catalogue.ts';
import type { Sizing } from './catalogue.ts';
import { shippingCostCents } from './pricing.ts';

/** The shop's calendar is frozen so that a seed always builds the same dates. */
export const TODAY = '2026-11-14';

export type Country = 'United States' | 'Canada';
export const COUNTRIES: readonly Country[] = ['United States', 'Canada'];

export interface Address {
  fullName: string;
  street: string;
  city: string;
  postcode: string;
  country: Country;
}

export interface Product {
  id: number;
  slug: string;
  name: string;
  brand: string;
  category: string;
  subcategory: string;
  itemType: string;
  priceCents: number;
  colours: string[];
  /** Empty when the product comes in one size. */
  sizes: string[];
  stock: number;
  addedOn: string;
  /** Position under the default "Featured" sort. */
  featuredRank: number;
  description: string;
}

export interface Review {
  id: number;
  productId: number;
  author: string;
  rating: number;
  title: string;
  text: string;
  date: string;
  /** Written by the signed-in customer during the session. */
  byCustomer: boolean;
}

export interface CartLine {
  id: number;
  productId: number;
  size: string | null;
  colour: string;
  quantity: number;
}

export type ShippingMethod = 'standard' | 'express' | 'next-day';
export type PaymentMethod = 'card' | 'gift-card';

export interface OrderLine {
  productId: number;
  name: string;
  size: string | null;
  colour: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Order {
  id: string;
  placedOn: string;
  status: 'Processing' | 'Shipped' | 'Delivered';
  lines: OrderLine[];
  address: Address;
  shipping: ShippingMethod;
  payment: PaymentMethod;
  coupon: string | null;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
}

export interface Coupon {
  code: string;
  kind: 'percent' | 'fixed' | 'free-shipping';
  /** Percent for `percent`, cents for `fixed`, unused for `free-shipping`. */
  value: number;
  minSubtotalCents: number;
  expired: boolean;
}

export interface Account {
  name: string;
  email: string;
  newsletter: boolean;
  defaultAddress: Address;
  cardLast4: string;
  giftCardCents: number;
}

/** What the checkout form held when it was last submitted (kept so errors re-render the form). */
export interface CheckoutDraft extends Address {
  shipping: ShippingMethod;
  payment: PaymentMethod;
  coupon: string;
}

/** One-shot messages and form echoes shown on the next page render; not business state. */
export interface Flash {
  notice?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

export interface ShopState {
  products: Product[];
  reviews: Review[];
  cart: CartLine[];
  wishlist: number[];
  orders: Order[];
  account: Account;
  coupons: Coupon[];
  appliedCoupon: string | null;
  checkoutDraft: CheckoutDraft | null;
  flash: Flash;
  nextIds: { cartLine: number; review: number; order: number };
}

export function slugify(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function sizesFor(rng: Rng, sizing: Sizing): string[] {
  if (sizing === 'letters') return LETTER_SIZES.slice(rng.int(0, 1), rng.int(4, 6));
  if (sizing === 'shoes') return SHOE_SIZES.slice(rng.int(0, 2), rng.int(5, 8));
  return [];
}

function priceCents(rng: Rng, basePrice: number): number {
  const dollars = Math.max(5, Math.round(basePrice * (0.75 + rng.next() * 0.6)));
  return dollars * 100 - rng.pick([1, 1, 5, 51]);
}

function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** A plausible address; exported so tasks can invent addresses the same way. */
export function randomAddress(rng: Rng, fullName: string): Address {
  const country: Country = rng.chance(0.7) ? 'United States' : 'Canada';
  const street = `${rng.int(12, 980)} ${rng.pick(STREETS)}`;
  if (country === 'United States') {
    const { city } = rng.pick(CITIES_US);
    return { fullName, street, city, postcode: String(rng.int(10000, 99999)), country };
  }
  const { city } = rng.pick(CITIES_CA);
  const L = 'ABCEGHJKLMNPRSTVXY';
  const letter = () => L[rng.int(0, L.length - 1)]!;
  return { fullName, street, city, postcode: `${letter()}${rng.int(0, 9)}${letter()} ${rng.int(0, 9)}${letter()}${rng.int(0, 9)}`, country };
}

function seedProducts(rng: Rng): Product[] {
  const products: Product[] = [];
  for (const category of CATEGORIES) {
    for (const sub of category.subcategories) {
      const combos = category.brands.flatMap((brand) => sub.items.map((item) => ({ brand, item })));
      for (const { brand, item } of rng.sample(combos, rng.int(4, 7))) {
        const name = `${brand} ${item.name}`;
        products.push({
          id: 0,
          slug: slugify(name),
          name,
          brand,
          category: category.slug,
          subcategory: sub.slug,
          itemType: item.name,
          priceCents: priceCents(rng, item.basePrice),
          colours: rng.sample(category.colours, rng.int(1, 4)),
          sizes: sizesFor(rng, item.sizing ?? category.sizing),
          stock: rng.chance(0.1) ? 0 : rng.int(1, 60),
          addedOn: daysBefore(TODAY, rng.int(1, 420)),
          featuredRank: 0,
          description: `The ${item.name} from ${brand}. ${category.blurb}`,
        });
      }
    }
  }
  // Ids and featured order are shuffled so neither reveals a product's category or age.
  const ranks = rng.shuffle(products.map((_, i) => i));
  rng.shuffle(products).forEach((p, i) => {
    p.id = 1001 + i;
    p.featuredRank = ranks[i]!;
  });
  return products.sort((a, b) => a.id - b.id);
}

function seedReviews(rng: Rng, products: Product[]): Review[] {
  const reviews: Review[] = [];
  for (const product of products) {
    const quality = 2.3 + rng.next() * 2.6;
    const count = rng.pick([0, 1, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11]);
    for (let i = 0; i < count; i++) {
      const rating = Math.min(5, Math.max(1, Math.round(quality + (rng.next() - 0.5) * 2.4))) as 1 | 2 | 3 | 4 | 5;
      reviews.push({
        id: 0,
        productId: product.id,
        author: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES).charAt(0)}.`,
        rating,
        title: rng.pick(REVIEW_TITLES[rating]),
        text: rng.pick(REVIEW_TEXTS[rating]),
        date: daysBefore(TODAY, rng.int(1, 360)),
        byCustomer: false,
      });
    }
  }
  reviews.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.productId - b.productId));
  reviews.forEach((r, i) => (r.id = i + 1));
  return reviews;
}

function seedCoupons(rng: Rng): Coupon[] {
  const words = rng.sample(COUPON_WORDS, 4);
  const percent = rng.pick([10, 15, 20]);
  return [
    { code: `${words[0]}${percent}`, kind: 'percent', value: percent, minSubtotalCents: rng.pick([0, 5000]), expired: false },
    { code: `${words[1]}${rng.int(10, 99)}`, kind: 'fixed', value: rng.pick([1000, 1500]), minSubtotalCents: 6000, expired: false },
    { code: `${words[2]}SHIP`, kind: 'free-shipping', value: 0, minSubtotalCents: 0, expired: false },
    { code: `${words[3]}${rng.int(10, 40)}`, kind: 'percent', value: 25, minSubtotalCents: 0, expired: true },
  ];
}

function seedOrders(rng: Rng, products: Product[], account: Account): Order[] {
  const count = rng.int(2, 4);
  const days = rng.sample(Array.from({ length: 300 }, (_, i) => i + 3), count).sort((a, b) => b - a);
  let id = rng.int(104000, 189000);
  const orders: Order[] = [];
  days.forEach((daysAgo, index) => {
    // The latest order is recent enough that what it holds is still well stocked.
    const pool = index === count - 1 ? products.filter((p) => p.stock >= 12) : products;
    const lines: OrderLine[] = rng.sample(pool, rng.int(1, 3)).map((p) => ({
      productId: p.id,
      name: p.name,
      size: p.sizes.length ? rng.pick(p.sizes) : null,
      colour: rng.pick(p.colours),
      quantity: rng.chance(0.25) ? 2 : 1,
      unitPriceCents: p.priceCents + rng.pick([0, 0, 0, 500, -300]),
    }));
    const subtotalCents = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
    const shipping = rng.pick<ShippingMethod>(['standard', 'standard', 'express', 'next-day']);
    const shippingCents = shippingCostCents(shipping, subtotalCents);
    const newest = index === count - 1;
    orders.push({
      id: String(id),
      placedOn: daysBefore(TODAY, daysAgo),
      status: newest && daysAgo < 8 ? 'Processing' : newest ? 'Shipped' : 'Delivered',
      lines,
      address: account.defaultAddress,
      shipping,
      payment: 'card',
      coupon: null,
      subtotalCents,
      discountCents: 0,
      shippingCents,
      totalCents: subtotalCents + shippingCents,
    });
    id += rng.int(40, 900);
  });
  return orders;
}

/** Build the whole shop for a seed. Deterministic in the seed; returns fresh objects. */
export function seedState(seed: number): ShopState {
  const rng = new Rng(seed);
  const products = seedProducts(rng);
  const reviews = seedReviews(rng, products);
  const name = personName(rng);
  const [first, last] = name.split(' ') as [string, string];
  const emailLocal = `${first}.${last}`.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const account: Account = {
    name,
    email: `${emailLocal}@${rng.pick(['example.com', 'mailbox.org', 'inbox.net'])}`,
    newsletter: rng.chance(0.5),
    defaultAddress: randomAddress(rng, name),
    cardLast4: String(rng.int(1000, 9999)),
    giftCardCents: rng.int(10, 40) * 100,
  };
  const orders = seedOrders(rng, products, account);
  const inStock = products.filter((p) => p.stock > 0);
  // Cart lines are well stocked so that quantity chores and checkout never hit the stock limit.
  const cartProducts = rng.sample(products.filter((p) => p.stock >= 8), rng.int(1, 3));
  const cart: CartLine[] = cartProducts.map((p, i) => ({
    id: i + 1,
    productId: p.id,
    size: p.sizes.length ? rng.pick(p.sizes) : null,
    colour: rng.pick(p.colours),
    quantity: rng.chance(0.3) ? 2 : 1,
  }));
  const wishlist = rng.sample(inStock.filter((p) => !cartProducts.includes(p)), rng.int(2, 3)).map((p) => p.id);
  return {
    products,
    reviews,
    cart,
    wishlist,
    orders,
    account,
    coupons: seedCoupons(rng),
    appliedCoupon: null,
    checkoutDraft: null,
    flash: {},
    nextIds: { cartLine: cart.length + 1, review: reviews.length + 1, order: Number(orders.at(-1)!.id) + rng.int(40, 900) },
  };
}

/** Average rating (one decimal) and review count of a product. */
export function ratingOf(state: ShopState, productId: number): { average: number | null; count: number } {
  const mine = state.reviews.filter((r) => r.productId === productId);
  if (mine.length === 0) return { average: null, count: 0 };
  const sum = mine.reduce((s, r) => s + r.rating, 0);
  return { average: Math.round((sum / mine.length) * 10) / 10, count: mine.length };
}
