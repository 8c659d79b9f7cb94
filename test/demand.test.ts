import { describe, expect, it } from "vitest";
import { streamFor } from "../sim/random.js";
import { consumerSurplus, productQuantities, segmentShares, type LogitMarket } from "../sim/demand.js";
import { buyerSpending, logitMarketProblems, logitShares, productRevenues } from "./oracles/demand.js";

// a seeded stream (seedrandom, as everywhere in moat) so every random market is reproducible
const randomStream = (seed: number) => streamFor(seed, "test/random-markets");

function randomMarket(random: () => number, productCount: number, segmentCount: number): LogitMarket {
  const meanUtility = new Float64Array(segmentCount * productCount);
  const available = new Uint8Array(segmentCount * productCount);
  for (let i = 0; i < meanUtility.length; i++) {
    meanUtility[i] = -3 + 8 * random();
    available[i] = random() < 0.8 ? 1 : 0;
  }
  const priceSensitivity = new Float64Array(segmentCount).map(() => 0.2 + 2 * random());
  const marketSize = new Float64Array(segmentCount).map(() => 10 + 1000 * random());
  return { productCount, segmentCount, meanUtility, available, priceSensitivity, marketSize };
}

function randomPrices(random: () => number, productCount: number): Float64Array {
  return new Float64Array(productCount).map(() => 0.5 + 4 * random());
}

function sharesOf(market: LogitMarket, prices: Float64Array) {
  const shares = new Float64Array(market.segmentCount * market.productCount);
  const outsideShares = new Float64Array(market.segmentCount);
  segmentShares(market, prices, shares, outsideShares);
  return { shares, outsideShares };
}

function singleProductMarket(delta: number, alpha: number, size: number): LogitMarket {
  return {
    productCount: 1,
    segmentCount: 1,
    meanUtility: Float64Array.of(delta),
    available: Uint8Array.of(1),
    priceSensitivity: Float64Array.of(alpha),
    marketSize: Float64Array.of(size),
  };
}

describe("logit shares", () => {
  it("sum to one with the outside option in every segment of random markets", () => {
    const random = randomStream(7);
    for (let trial = 0; trial < 50; trial++) {
      const market = randomMarket(random, 1 + Math.floor(random() * 30), 1 + Math.floor(random() * 5));
      expect(logitMarketProblems(market)).toEqual([]);
      const { shares, outsideShares } = sharesOf(market, randomPrices(random, market.productCount));
      for (let s = 0; s < market.segmentCount; s++) {
        let total = outsideShares[s];
        for (let j = 0; j < market.productCount; j++) {
          const share = shares[s * market.productCount + j];
          expect(share).toBeGreaterThanOrEqual(0);
          total += share;
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-14);
      }
    }
  });

  it("give unavailable products exactly zero and leave the others' ratios unchanged", () => {
    const random = randomStream(11);
    const market = randomMarket(random, 6, 3);
    market.available.fill(1);
    const prices = randomPrices(random, 6);
    const before = sharesOf(market, prices).shares;
    market.available[1 * 6 + 2] = 0; // segment 1 may not buy product 2
    const after = sharesOf(market, prices).shares;
    expect(after[1 * 6 + 2]).toBe(0);
    expect(after[0 * 6 + 2]).toBe(before[0 * 6 + 2]); // other segments untouched
    // IIA: within segment 1, the remaining products keep their relative shares and gain share.
    expect(after[1 * 6 + 0] / after[1 * 6 + 1]).toBeCloseTo(before[1 * 6 + 0] / before[1 * 6 + 1], 12);
    expect(after[1 * 6 + 0]).toBeGreaterThan(before[1 * 6 + 0]);
  });

  it("match exp(v) / (1 + sum exp(v)) computed directly and the single-segment logitShares", () => {
    const utilities = Float64Array.of(0.5, -1, 2);
    const out = new Float64Array(3);
    const outside = logitShares(utilities, out);
    const denominator = 1 + Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
    expect(out[0]).toBeCloseTo(Math.exp(0.5) / denominator, 15);
    expect(out[2]).toBeCloseTo(Math.exp(2) / denominator, 15);
    expect(outside).toBeCloseTo(1 / denominator, 15);
    // The same through segmentShares with delta = v + alpha p.
    const market: LogitMarket = {
      productCount: 3,
      segmentCount: 1,
      meanUtility: Float64Array.of(0.5 + 1.5 * 2, -1 + 1.5 * 1, 2 + 1.5 * 3),
      available: Uint8Array.of(1, 1, 1),
      priceSensitivity: Float64Array.of(1.5),
      marketSize: Float64Array.of(1),
    };
    const { shares, outsideShares } = sharesOf(market, Float64Array.of(2, 1, 3));
    for (let j = 0; j < 3; j++) expect(Math.abs(shares[j] - out[j])).toBeLessThan(1e-15);
    expect(Math.abs(outsideShares[0] - outside)).toBeLessThan(1e-15);
  });

  it("stay finite and exact with utilities around 700 (no overflow) and around -700 (no 0/0)", () => {
    const utilities = Float64Array.of(700, 701, 699.5);
    const out = new Float64Array(3);
    const outside = logitShares(utilities, out);
    const denominator = Math.exp(-701) + Math.exp(-1) + 1 + Math.exp(-1.5); // everything relative to exp(701)
    expect(out[1]).toBeCloseTo(1 / denominator, 14);
    expect(out[0]).toBeCloseTo(Math.exp(-1) / denominator, 14);
    expect(Math.abs(outside / (Math.exp(-701) / denominator) - 1)).toBeLessThan(1e-12);
    const market: LogitMarket = {
      productCount: 2,
      segmentCount: 2,
      meanUtility: Float64Array.of(710, 709, -700, -701),
      available: Uint8Array.of(1, 1, 1, 1),
      priceSensitivity: Float64Array.of(1, 1),
      marketSize: Float64Array.of(1, 1),
    };
    const prices = Float64Array.of(1, 1);
    const { shares, outsideShares } = sharesOf(market, prices);
    expect(shares[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 14);
    expect(shares[2]).toBeGreaterThan(0); // exp(-701) / (1 + ...) is tiny but representable
    expect(Math.abs(shares[2] / Math.exp(-701) - 1)).toBeLessThan(1e-12);
    expect(outsideShares[1]).toBeCloseTo(1, 15);
    const surplusBySegment = new Float64Array(2);
    consumerSurplus(market, prices, surplusBySegment);
    expect(surplusBySegment[0]).toBeCloseTo(709 + Math.log(1 + Math.exp(-1)), 10);
    expect(Number.isFinite(surplusBySegment[1])).toBe(true);
    expect(surplusBySegment[1]).toBeGreaterThanOrEqual(0);
  });
});

describe("quantities, spending and revenue", () => {
  it("buyer spending equals total revenue sum_j p_j q_j on random markets", () => {
    const random = randomStream(23);
    for (let trial = 0; trial < 30; trial++) {
      const market = randomMarket(random, 1 + Math.floor(random() * 40), 1 + Math.floor(random() * 4));
      const prices = randomPrices(random, market.productCount);
      const { shares } = sharesOf(market, prices);
      const quantities = new Float64Array(market.productCount);
      productQuantities(market, shares, quantities);
      const revenues = new Float64Array(market.productCount);
      productRevenues(prices, quantities, revenues);
      const revenue = revenues.reduce((sum, value) => sum + value, 0);
      const spending = buyerSpending(market, prices, shares);
      expect(Math.abs(spending - revenue) / revenue).toBeLessThan(1e-13);
      // Units bought plus units not bought equal the market.
      const bought = quantities.reduce((sum, value) => sum + value, 0);
      const marketTotal = market.marketSize.reduce((sum, value) => sum + value, 0);
      expect(bought).toBeLessThan(marketTotal);
    }
  });

  it("q_j = sum_s M_s s_sj by hand for two segments", () => {
    const market: LogitMarket = {
      productCount: 2,
      segmentCount: 2,
      meanUtility: Float64Array.of(1, 0, 2, 1),
      available: Uint8Array.of(1, 1, 1, 0),
      priceSensitivity: Float64Array.of(1, 0.5),
      marketSize: Float64Array.of(100, 40),
    };
    const prices = Float64Array.of(1, 2);
    const { shares } = sharesOf(market, prices);
    const quantities = new Float64Array(2);
    productQuantities(market, shares, quantities);
    const segment0 = 1 + Math.exp(0) + Math.exp(-2);
    const segment1 = 1 + Math.exp(1.5);
    expect(quantities[0]).toBeCloseTo(100 / segment0 + (40 * Math.exp(1.5)) / segment1, 12);
    expect(quantities[1]).toBeCloseTo((100 * Math.exp(-2)) / segment0, 12);
  });
});

describe("consumer surplus (log-sum)", () => {
  it("equals the integral of demand from the price to infinity for a single product", () => {
    const delta = 2.3;
    const alpha = 0.8;
    const size = 250;
    const market = singleProductMarket(delta, alpha, size);
    const demandAt = (price: number) => (size * Math.exp(delta - alpha * price)) / (1 + Math.exp(delta - alpha * price));
    for (const price of [0.5, 2, 4, 9]) {
      // Composite Simpson on [p, p + 80 / alpha]; the tail beyond carries < e^-75 of the demand.
      const upper = price + 80 / alpha;
      const intervals = 20000;
      const step = (upper - price) / intervals;
      let integral = demandAt(price) + demandAt(upper);
      for (let i = 1; i < intervals; i++) integral += (i % 2 === 1 ? 4 : 2) * demandAt(price + i * step);
      integral *= step / 3;
      const surplus = consumerSurplus(market, Float64Array.of(price));
      expect(Math.abs(surplus - integral) / integral).toBeLessThan(1e-10);
    }
  });

  it("has dCS/dp_j = -q_j across segments (finite differences)", () => {
    const random = randomStream(31);
    for (let trial = 0; trial < 10; trial++) {
      const market = randomMarket(random, 5, 3);
      const prices = randomPrices(random, 5);
      const { shares } = sharesOf(market, prices);
      const quantities = new Float64Array(5);
      productQuantities(market, shares, quantities);
      for (let j = 0; j < 5; j++) {
        const step = 1e-5;
        const up = Float64Array.from(prices);
        const down = Float64Array.from(prices);
        up[j] += step;
        down[j] -= step;
        const derivative = (consumerSurplus(market, up) - consumerSurplus(market, down)) / (2 * step);
        expect(Math.abs(derivative + quantities[j])).toBeLessThan(1e-6 * Math.max(1, quantities[j]));
      }
    }
  });

  it("reports per-segment surplus summing to the total, zero for an empty segment", () => {
    const random = randomStream(41);
    const market = randomMarket(random, 4, 3);
    market.marketSize[2] = 0;
    const prices = randomPrices(random, 4);
    const perSegment = new Float64Array(3);
    const total = consumerSurplus(market, prices, perSegment);
    expect(perSegment[2]).toBe(0);
    expect(perSegment[0] + perSegment[1]).toBeCloseTo(total, 10);
    // (M_s / alpha_s) ln(1 + sum_j exp(v_sj)) for segment 0 by hand
    let sum = 1;
    for (let j = 0; j < 4; j++) if (market.available[j]) sum += Math.exp(market.meanUtility[j] - market.priceSensitivity[0] * prices[j]);
    expect(perSegment[0]).toBeCloseTo((market.marketSize[0] / market.priceSensitivity[0]) * Math.log(sum), 9);
  });
});

describe("logitMarketProblems", () => {
  it("names each wrong field once per line", () => {
    const market = singleProductMarket(1, -1, 10);
    market.meanUtility = new Float64Array(2);
    const problems = logitMarketProblems(market);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^meanUtility: expected length S\*J = 1, found 2$/);
    expect(problems[1]).toMatch(/^priceSensitivity\[0\]: expected a finite number > 0, found -1$/);
  });
});
