/**
 * The static catalogue the shop's seeded state is drawn from: categories, subcategories, item
 * types, brands, colours, and the people, places and review texts that fill orders and reviews.
 * @module
 */

/** How a product is sized: clothing letters, UK shoe sizes, or not at all. */
export type Sizing = 'letters' | 'shoes' | 'none';

/** One kind of item a subcategory sells; a product is a brand's version of it. */
export interface ItemType {
  name: string;
  /** Typical price in dollars; products vary around it. */
  basePrice: number;
  /** Overrides the category's sizing. */
  sizing?: Sizing;
}

export interface SubcategoryDef {
  slug: string;
  name: string;
  /** Singular noun a customer would use ("backpack"). */
  noun: string;
  items: ItemType[];
}

export interface CategoryDef {
  slug: string;
  name: string;
  brands: string[];
  colours: string[];
  sizing: Sizing;
  blurb: string;
  subcategories: SubcategoryDef[];
}

export const LETTER_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
export const SHOE_SIZES = ['UK 5', 'UK 6', 'UK 7', 'UK 8', 'UK 9', 'UK 10', 'UK 11', 'UK 12'] as const;

export const CATEGORIES: readonly CategoryDef[] = [
  {
    slug: 'clothing',
    name: 'Clothing',
    brands: ['Northwind', 'Alder & Finch', 'Kestrel', 'Urban Loom'],
    colours: ['Black', 'White', 'Navy', 'Olive', 'Heather Grey', 'Burgundy', 'Sand'],
    sizing: 'letters',
    blurb: 'Cut for everyday wear and made to last wash after wash.',
    subcategories: [
      {
        slug: 't-shirts', name: 'T-Shirts', noun: 't-shirt',
        items: [
          { name: 'Crew Neck Tee', basePrice: 19 }, { name: 'V-Neck Tee', basePrice: 21 },
          { name: 'Pocket Tee', basePrice: 24 }, { name: 'Long Sleeve Tee', basePrice: 29 },
          { name: 'Organic Cotton Tee', basePrice: 32 }, { name: 'Henley Shirt', basePrice: 36 },
        ],
      },
      {
        slug: 'jackets', name: 'Jackets', noun: 'jacket',
        items: [
          { name: 'Rain Shell Jacket', basePrice: 119 }, { name: 'Puffer Jacket', basePrice: 179 },
          { name: 'Fleece Jacket', basePrice: 69 }, { name: 'Denim Jacket', basePrice: 89 },
          { name: 'Softshell Jacket', basePrice: 129 }, { name: 'Windbreaker', basePrice: 59 },
        ],
      },
      {
        slug: 'trousers', name: 'Trousers', noun: 'pair of trousers',
        items: [
          { name: 'Chino Trousers', basePrice: 59 }, { name: 'Slim Jeans', basePrice: 79 },
          { name: 'Cargo Pants', basePrice: 65 }, { name: 'Jogger Pants', basePrice: 49 },
          { name: 'Hiking Trousers', basePrice: 85 }, { name: 'Linen Trousers', basePrice: 72 },
        ],
      },
    ],
  },
  {
    slug: 'footwear',
    name: 'Footwear',
    brands: ['Stridewell', 'Pacer', 'Ridgeback', 'Solemate'],
    colours: ['Black', 'Brown', 'Grey', 'White', 'Blue', 'Tan'],
    sizing: 'shoes',
    blurb: 'Fitted on real feet and tested over hundreds of miles.',
    subcategories: [
      {
        slug: 'running-shoes', name: 'Running Shoes', noun: 'running shoe',
        items: [
          { name: 'Road Runner 3', basePrice: 120 }, { name: 'Trail Runner GTX', basePrice: 150 },
          { name: 'Tempo Racer', basePrice: 135 }, { name: 'Cushion Max', basePrice: 160 },
          { name: 'Daily Trainer', basePrice: 95 }, { name: 'Carbon Pace', basePrice: 220 },
        ],
      },
      {
        slug: 'boots', name: 'Boots', noun: 'boot',
        items: [
          { name: 'Chelsea Boot', basePrice: 140 }, { name: 'Hiking Boot Mid', basePrice: 170 },
          { name: 'Winter Snow Boot', basePrice: 155 }, { name: 'Work Boot', basePrice: 130 },
          { name: 'Leather Lace-Up Boot', basePrice: 185 }, { name: 'Rain Boot', basePrice: 60 },
        ],
      },
      {
        slug: 'sandals', name: 'Sandals', noun: 'sandal',
        items: [
          { name: 'Sport Sandal', basePrice: 55 }, { name: 'Slide Sandal', basePrice: 35 },
          { name: 'Leather Sandal', basePrice: 75 }, { name: 'Flip Flop', basePrice: 22 },
          { name: 'Hiking Sandal', basePrice: 85 },
        ],
      },
    ],
  },
  {
    slug: 'home-kitchen',
    name: 'Home & Kitchen',
    brands: ['Hearth & Co', 'Copperleaf', 'Mira', 'Oakhollow'],
    colours: ['Charcoal', 'Cream', 'Sage', 'Terracotta', 'Steel', 'Red'],
    sizing: 'none',
    blurb: 'Everyday kitchen essentials, tested in busy home kitchens.',
    subcategories: [
      {
        slug: 'cookware', name: 'Cookware', noun: 'pan',
        items: [
          { name: 'Cast Iron Skillet 26cm', basePrice: 45 }, { name: 'Nonstick Frying Pan 28cm', basePrice: 39 },
          { name: 'Stainless Saucepan 2L', basePrice: 55 }, { name: 'Dutch Oven 5L', basePrice: 110 },
          { name: 'Carbon Steel Wok 32cm', basePrice: 49 }, { name: 'Stock Pot 8L', basePrice: 65 },
        ],
      },
      {
        slug: 'mugs-cups', name: 'Mugs & Cups', noun: 'mug',
        items: [
          { name: 'Stoneware Mug', basePrice: 14 }, { name: 'Travel Mug 470ml', basePrice: 25 },
          { name: 'Espresso Cup Set', basePrice: 29 }, { name: 'Glass Tumbler Set', basePrice: 24 },
          { name: 'Ceramic Latte Mug', basePrice: 18 },
        ],
      },
      {
        slug: 'storage', name: 'Storage', noun: 'storage set',
        items: [
          { name: 'Glass Food Containers 10-Piece', basePrice: 39 }, { name: 'Bamboo Bread Bin', basePrice: 34 },
          { name: 'Spice Jar Set', basePrice: 27 }, { name: 'Pantry Canister Trio', basePrice: 44 },
          { name: 'Vacuum Storage Bags', basePrice: 19 },
        ],
      },
    ],
  },
  {
    slug: 'electronics',
    name: 'Electronics',
    brands: ['Voltique', 'Sonara', 'Pulsewave', 'Kitebyte'],
    colours: ['Black', 'White', 'Midnight Blue', 'Silver', 'Rose'],
    sizing: 'none',
    blurb: 'Covered by a two-year warranty and free returns within 30 days.',
    subcategories: [
      {
        slug: 'headphones', name: 'Headphones', noun: 'pair of headphones',
        items: [
          { name: 'Wireless Over-Ear Headphones', basePrice: 149 }, { name: 'Noise Cancelling Earbuds', basePrice: 129 },
          { name: 'Sport Earbuds', basePrice: 79 }, { name: 'Studio Monitor Headphones', basePrice: 99 },
          { name: 'Kids Headphones', basePrice: 35 },
        ],
      },
      {
        slug: 'speakers', name: 'Speakers', noun: 'speaker',
        items: [
          { name: 'Portable Bluetooth Speaker', basePrice: 69 }, { name: 'Smart Speaker Mini', basePrice: 49 },
          { name: 'Soundbar 2.1', basePrice: 229 }, { name: 'Waterproof Speaker', basePrice: 89 },
          { name: 'Bookshelf Speakers', basePrice: 179 },
        ],
      },
      {
        slug: 'chargers', name: 'Chargers', noun: 'charger',
        items: [
          { name: '65W USB-C Charger', basePrice: 45 }, { name: 'Wireless Charging Pad', basePrice: 29 },
          { name: 'Power Bank 20000mAh', basePrice: 49 }, { name: 'Dual USB Car Charger', basePrice: 19 },
          { name: '3-in-1 Charging Stand', basePrice: 65 },
        ],
      },
    ],
  },
  {
    slug: 'outdoor',
    name: 'Outdoor',
    brands: ['Trailpeak', 'Summitline', 'Fernwood', 'Bluecrest'],
    colours: ['Forest Green', 'Orange', 'Slate Grey', 'Ocean Blue', 'Black'],
    sizing: 'none',
    blurb: 'Trail-tested gear for day hikes and long weekends alike.',
    subcategories: [
      {
        slug: 'tents', name: 'Tents', noun: 'tent',
        items: [
          { name: '2-Person Dome Tent', basePrice: 189 }, { name: 'Ultralight 1-Person Tent', basePrice: 279 },
          { name: '6-Person Family Tent', basePrice: 349 }, { name: '3-Person Backpacking Tent', basePrice: 299 },
          { name: 'Pop-Up Beach Shelter', basePrice: 69 },
        ],
      },
      {
        slug: 'backpacks', name: 'Backpacks', noun: 'backpack',
        items: [
          { name: 'Daypack 22L', basePrice: 79 }, { name: 'Trekking Pack 45L', basePrice: 169 },
          { name: 'Hydration Pack 12L', basePrice: 65 }, { name: 'Travel Backpack 35L', basePrice: 129 },
          { name: 'Summit Pack 60L', basePrice: 229 },
        ],
      },
      {
        slug: 'water-bottles', name: 'Water Bottles', noun: 'water bottle',
        items: [
          { name: 'Insulated Bottle 750ml', basePrice: 32 }, { name: 'Filter Bottle 1L', basePrice: 42 },
          { name: 'Collapsible Bottle 500ml', basePrice: 18 }, { name: 'Stainless Bottle 1L', basePrice: 27 },
          { name: 'Sport Squeeze Bottle', basePrice: 12 },
        ],
      },
    ],
  },
  {
    slug: 'sports',
    name: 'Sports',
    brands: ['Corefit', 'Velotta', 'Zenfold', 'Apex Athletics'],
    colours: ['Purple', 'Black', 'Teal', 'Coral', 'Grey'],
    sizing: 'none',
    blurb: 'Training kit chosen with coaches and physiotherapists.',
    subcategories: [
      {
        slug: 'yoga', name: 'Yoga', noun: 'yoga accessory',
        items: [
          { name: 'Yoga Mat 6mm', basePrice: 45 }, { name: 'Cork Yoga Block', basePrice: 19 },
          { name: 'Yoga Strap', basePrice: 12 }, { name: 'Travel Yoga Mat', basePrice: 39 },
          { name: 'Meditation Cushion', basePrice: 49 },
        ],
      },
      {
        slug: 'fitness', name: 'Fitness Equipment', noun: 'piece of fitness equipment',
        items: [
          { name: 'Adjustable Dumbbells 24kg', basePrice: 249 }, { name: 'Kettlebell 12kg', basePrice: 55 },
          { name: 'Resistance Band Set', basePrice: 29 }, { name: 'Jump Rope', basePrice: 15 },
          { name: 'Foam Roller', basePrice: 32 }, { name: 'Doorway Pull-Up Bar', basePrice: 39 },
        ],
      },
      {
        slug: 'cycling', name: 'Cycling', noun: 'cycling item',
        items: [
          { name: 'Road Bike Helmet', basePrice: 89, sizing: 'letters' }, { name: 'Cycling Gloves', basePrice: 29, sizing: 'letters' },
          { name: 'LED Bike Light Set', basePrice: 39 }, { name: 'Folding Bike Lock', basePrice: 59 },
          { name: 'Cycling Jersey', basePrice: 69, sizing: 'letters' },
        ],
      },
    ],
  },
];

export const FIRST_NAMES = [
  'Maya', 'Liam', 'Priya', 'Noah', 'Sofia', 'Ethan', 'Amara', 'Lucas', 'Chloe', 'Mateo', 'Hannah', 'Omar',
  'Grace', 'Kenji', 'Isla', 'Daniel', 'Fatima', 'Jonas', 'Elena', 'Ravi', 'Zoe', 'Marcus', 'Leah', 'Tomas',
];
export const LAST_NAMES = [
  'Okafor', 'Jensen', 'Patel', 'Nguyen', 'García', 'Müller', 'Kowalski', 'Brennan', 'Haddad', 'Silva', 'Tanaka',
  'Lindqvist', 'Moreau', 'Adeyemi', 'Rossi', 'Fischer', 'Clarke', 'Novak', 'Dubois', 'Reyes',
];

/** Street names, cities and postcode makers per country. */
export const STREETS = [
  'Maple Avenue', 'Harbor Street', 'Oak Lane', 'Cedar Road', 'Willow Drive', 'Lakeview Terrace', 'Pine Street',
  'Elm Court', 'Riverside Way', 'Birch Boulevard', 'Chestnut Place', 'Granite Row',
];
export const CITIES_US = [
  { city: 'Portland', region: 'OR' }, { city: 'Austin', region: 'TX' }, { city: 'Madison', region: 'WI' },
  { city: 'Burlington', region: 'VT' }, { city: 'Boulder', region: 'CO' }, { city: 'Savannah', region: 'GA' },
];
export const CITIES_CA = [
  { city: 'Halifax', region: 'NS' }, { city: 'Calgary', region: 'AB' }, { city: 'Victoria', region: 'BC' },
  { city: 'Ottawa', region: 'ON' },
];

export const REVIEW_TITLES: Record<1 | 2 | 3 | 4 | 5, string[]> = {
  5: ['Absolutely love it', 'Best purchase this year', 'Exceeded expectations', 'Worth every penny', 'Perfect'],
  4: ['Very good', 'Solid choice', 'Happy with it', 'Great value', 'Nearly perfect'],
  3: ['Does the job', 'Okay for the price', 'Mixed feelings', 'Decent but not great'],
  2: ['Disappointing', 'Not as described', 'Expected more'],
  1: ['Would not buy again', 'Broke quickly', 'Very poor quality'],
};
export const REVIEW_TEXTS: Record<1 | 2 | 3 | 4 | 5, string[]> = {
  5: [
    'Exactly what I was looking for. Quality is excellent and it arrived quickly.',
    'I have used it every day for two months and it still looks new.',
    'Bought one for myself and then another as a gift. Both loved.',
    'Great design, great materials. I would happily buy from this brand again.',
  ],
  4: [
    'Really good overall. Only small niggle is that the colour is slightly darker than the photos.',
    'Does everything I need. Took a week to get used to it but now I am a fan.',
    'Good quality for the price. Delivery was fast.',
    'Comfortable and well made. Would give five stars if it were a little cheaper.',
  ],
  3: [
    'It is fine. Nothing special, but nothing wrong with it either.',
    'Works as expected, though the finish could be better.',
    'Average. I think there are better options at this price.',
  ],
  2: [
    'The stitching started coming loose after a few weeks.',
    'Smaller than I expected from the description and photos.',
    'Not great. Customer service was helpful with the return though.',
  ],
  1: [
    'Stopped working after a week. Returned it.',
    'Poor quality, nothing like the pictures.',
    'Arrived damaged and the replacement had the same problem.',
  ],
};

export const COUPON_WORDS = ['SPRING', 'HELLO', 'SAVE', 'WELCOME', 'TREAT', 'AUTUMN', 'LOYAL', 'FRESH'];
