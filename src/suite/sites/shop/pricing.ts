/**
 * Money in the shop: formatting, shipping costs, coupons and cart totals. All amounts are integer
 * cents so totals never drift.
 * @module
 */
import type { Coupon, ShippingMethod, ShopState } from './state.ts';

/** Orders of at least this much (after discounts) ship free by standard delivery. */
export const FREE_STANDARD_FROM_CENTS = 7500;

export const SHIPPING_OPTIONS: readonly { id: ShippingMethod; label: string; detail: string; cents: number }[] = [
  { id: 'standard', label: 'Standard delivery', detail: '3–5 business days, free over $75', cents: 495 },
  { id: 'express', label: 'Express delivery', detail: '1–2 business days', cents: 1295 },
  { id: 'next-day', label: 'Next-day delivery', detail: 'order before 2 pm', cents: 2495 },
];

export function formatMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

export function shippingCostCents(method: ShippingMethod, subtotalCents: number, freeShipping = false): number {
  if (method === 'standard' && (freeShipping || subtotalCents >= FREE_STANDARD_FROM_CENTS)) return 0;
  return SHIPPING_OPTIONS.find((o) => o.id === method)!.cents;
}

export type CouponResult =
  | { ok: true; coupon: Coupon; discountCents: number; freeShipping: boolean }
  | { ok: false; error: string };

/** Whether a typed code is a coupon that applies to this subtotal, and what it takes off. */
export function evaluateCoupon(coupons: readonly Coupon[], code: string, subtotalCents: number): CouponResult {
  const coupon = coupons.find((c) => c.code === code.trim().toUpperCase());
  if (!coupon) return { ok: false, error: 'That coupon code is not valid.' };
  if (coupon.expired) return { ok: false, error: 'This coupon has expired.' };
  if (subtotalCents < coupon.minSubtotalCents) {
    return { ok: false, error: `This coupon needs an order subtotal of at least ${formatMoney(coupon.minSubtotalCents)}.` };
  }
  const discountCents = coupon.kind === 'percent' ? Math.round((subtotalCents * coupon.value) / 100)
    : coupon.kind === 'fixed' ? Math.min(coupon.value, subtotalCents) : 0;
  return { ok: true, coupon, discountCents, freeShipping: coupon.kind === 'free-shipping' };
}

export interface Totals {
  itemCount: number;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  totalCents: number;
}

/** Totals of the current cart with the applied coupon (dropped silently if it no longer applies). */
export function cartTotals(state: ShopState, shipping: ShippingMethod = 'standard'): Totals {
  let itemCount = 0;
  let subtotalCents = 0;
  for (const line of state.cart) {
    const product = state.products.find((p) => p.id === line.productId)!;
    itemCount += line.quantity;
    subtotalCents += product.priceCents * line.quantity;
  }
  const coupon = state.appliedCoupon ? evaluateCoupon(state.coupons, state.appliedCoupon, subtotalCents) : null;
  const discountCents = coupon?.ok ? coupon.discountCents : 0;
  const shippingCents = itemCount === 0 ? 0 : shippingCostCents(shipping, subtotalCents - discountCents, coupon?.ok === true && coupon.freeShipping);
  return { itemCount, subtotalCents, discountCents, shippingCents, totalCents: subtotalCents - discountCents + shippingCents };
}
