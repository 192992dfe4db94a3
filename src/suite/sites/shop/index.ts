/**
 * The shop site of the built-in suite: a seeded store with categories, search with filters,
 * product options, reviews, cart, wishlist, two-step checkout, orders and account settings.
 * @module
 */
import type { SiteDefinition } from '../../site.ts';
import { registerAccountRoutes } from './account.ts';
import { registerCartRoutes } from './cart.ts';
import { registerCheckoutRoutes } from './checkout.ts';
import { registerListingRoutes } from './listing.ts';
import { registerProductRoutes } from './product.ts';
import { seedState } from './state.ts';
import type { Account, CartLine, Order, Review, ShopState } from './state.ts';

/** What the shop's probe reports: the customer's side of the state, plus each product's price and stock. */
export interface ShopProbe {
  cart: CartLine[];
  wishlist: number[];
  orders: Order[];
  account: Account;
  appliedCoupon: string | null;
  /** Reviews the customer wrote in this session. */
  customerReviews: Review[];
  products: { id: number; name: string; priceCents: number; stock: number }[];
}

/** Kept small on purpose: probes are read after every step and copied into label state. */
export function shopProbe(state: ShopState): ShopProbe {
  return {
    cart: state.cart,
    wishlist: state.wishlist,
    orders: state.orders,
    account: state.account,
    appliedCoupon: state.appliedCoupon,
    customerReviews: state.reviews.filter((r) => r.byCustomer),
    products: state.products.map((p) => ({ id: p.id, name: p.name, priceCents: p.priceCents, stock: p.stock })),
  };
}

export const shopSite: SiteDefinition<ShopState> = {
  name: 'shop',
  seedState,
  probe: shopProbe,
  routes(app) {
    registerListingRoutes(app);
    registerProductRoutes(app);
    registerCartRoutes(app);
    registerCheckoutRoutes(app);
    registerAccountRoutes(app);
  },
};

export { seedState, ratingOf, randomAddress } from './state.ts';
export type { Account, Address, CartLine, Order, Product, Review, ShopState } from './state.ts';
export { formatMoney, SHIPPING_OPTIONS } from './pricing.ts';
export { CATEGORIES } from './catalogue.ts';
