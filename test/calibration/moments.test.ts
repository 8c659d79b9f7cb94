// The target moments against counts done by hand on a twelve-row fixture
// (test/calibration/fixtures/epoch-fixture.csv), an analytic trend, and invariants on random records.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEpochModels, releaseOf } from "../../sim/calibration/epoch.js";
import {
  EPOCH_CREDIT,
  MOMENTS,
  logLinearGrowthPerYear,
  targetMoments,
  trainingComputeTrend,
  trainingCostTrend,
  type ModelRelease,
  type MomentId,
} from "../../sim/calibration/moments.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtureFile = join(here, "fixtures", "epoch-fixture.csv");
const records = parseEpochModels(readFileSync(fixtureFile, "utf8"), fixtureFile).map(releaseOf);
const YEARS = [2022, 2023, 2024];
const rows = targetMoments(records, YEARS);
const at = (moment: MomentId, year: number) => rows.find((r) => r.moment === moment && r.year === year)!;

// The fixture, row by row (developer after the parent-company map; US = a US organization listed):
//   A1 2022 Google Brain->Google   US       2e23   open        $1.0M
//   A2 2022 DeepMind->Google       UK       5e24   unreleased  $3.0M
//   A3 2022 OpenAI                 US       1.5e25 API
//   A4 2022 Mistral AI             France   1e24   open (exactly on the line)
//   A5 2022 Example Labs, Inc (+ Peking University)  US,China  3e24  API  $2.0M
//   A6 2022 Zhipu AI               (none)   2e24   (none)
//   A7 2022 EleutherAI             Multinational only  9e22  open
//   A8 2022 Meta AI                US       (none) open
//   B1 2023 Facebook AI Research->Meta  US  2e25   open        $50M
//   B2 2023 Meta AI->Meta          US       4e24   open        $8M
//   B3 2023 Alibaba                China    1e23   open (exactly on the line)
//   B4 2023 (none)                 Multinational,Germany  6e24  hosted (closed)
describe("moments on a hand-counted fixture", () => {
  it("counts models at or above each line (a model exactly on the line counts; no FLOP, no count)", () => {
    // 2022: >=1e23 A1 A2 A3 A4 A5 A6 = 6 (A7 below, A8 no FLOP); >=1e24 A2 A3 A4 A5 A6 = 5; >=1e25 A3 = 1
    // 2023: >=1e23 B1 B2 B3 B4 = 4; >=1e24 B1 B2 B4 = 3; >=1e25 B1 = 1; 2024: none
    expect([2022, 2023, 2024].map((y) => at("models_1e23", y).value)).toEqual([6, 4, 0]);
    expect([2022, 2023, 2024].map((y) => at("models_1e24", y).value)).toEqual([5, 3, 0]);
    expect([2022, 2023, 2024].map((y) => at("models_1e25", y).value)).toEqual([1, 1, 0]);
  });

  it("counts distinct developers: research units merge into their company, co-developers after the first do not count", () => {
    // 2022 >=1e23: Google (A1, A2), OpenAI, Mistral AI, Example Labs, Inc, Zhipu AI = 5 (Peking University is A5's second organization)
    // 2022 >=1e24: Google (A2), OpenAI, Mistral AI, Example Labs, Inc, Zhipu AI = 5; >=1e25: OpenAI = 1
    // 2023 >=1e23: Meta (B1, B2), Alibaba = 2 (B4 names no organization); >=1e24: Meta = 1; >=1e25: Meta = 1
    expect([2022, 2023, 2024].map((y) => at("organizations_1e23", y).value)).toEqual([5, 2, 0]);
    expect([2022, 2023, 2024].map((y) => at("organizations_1e24", y).value)).toEqual([5, 1, 0]);
    expect([2022, 2023, 2024].map((y) => at("organizations_1e25", y).value)).toEqual([1, 1, 0]);
    // the basis is the models with a developer: 2023 >=1e24 is B1 B2 (B4 has none)
    expect(at("organizations_1e24", 2023).basis).toBe(2);
  });

  it("takes the largest training run of each year", () => {
    // 2022: A3 1.5e25 over the 7 models with FLOP; 2023: B1 2e25 over 4
    expect(at("largest_training_flop", 2022)).toMatchObject({ value: 1.5e25, basis: 7 });
    expect(at("largest_training_flop", 2023)).toMatchObject({ value: 2e25, basis: 4 });
    expect(at("largest_training_flop", 2024)).toMatchObject({ value: null, basis: 0 });
  });

  it("open-weight share among released models >= 1e24 with known access", () => {
    // 2022: A2 unreleased and A6 unknown left out; A3 closed, A4 open, A5 closed -> 1/3
    // 2023: B1 open, B2 open, B4 hosted -> 2/3; 2024: no model -> no share
    expect(at("open_weight_share_1e24", 2022).value).toBeCloseTo(1 / 3, 12);
    expect(at("open_weight_share_1e24", 2022).basis).toBe(3);
    expect(at("open_weight_share_1e24", 2023).value).toBeCloseTo(2 / 3, 12);
    expect(at("open_weight_share_1e24", 2024)).toMatchObject({ value: null, basis: 0 });
  });

  it("share from outside the US among models >= 1e24 with a known country", () => {
    // 2022: A2 UK out, A3 US, A4 France out, A5 US+China counts as US, A6 unknown left out -> 2/4
    // 2023: B1 US, B2 US, B4 Multinational+Germany out -> 1/3
    expect(at("outside_us_share_1e24", 2022)).toMatchObject({ value: 0.5, basis: 4 });
    expect(at("outside_us_share_1e24", 2023).value).toBeCloseTo(1 / 3, 12);
    expect(at("outside_us_share_1e24", 2023).basis).toBe(3);
  });

  it("largest training cost and its trend, fitted only over years with enough estimates", () => {
    // 2022: $1.0M, $3.0M, $2.0M -> $3.0M over 3 estimates; 2023: $50M, $8M -> $50M over 2
    expect(at("largest_training_cost_usd", 2022)).toMatchObject({ value: 3e6, basis: 3 });
    expect(at("largest_training_cost_usd", 2023)).toMatchObject({ value: 5e7, basis: 2 });
    // two years with >= 2 estimates: growth = 5e7 / 3e6 per year
    const trend = trainingCostTrend(rows, 2);
    expect(trend.fitYears).toEqual([2022, 2023]);
    expect(trend.growthPerYear).toBeCloseTo(5e7 / 3e6, 9);
    // with the default rule (>= 5 estimates) no year qualifies: no trend rather than a made-up one
    expect(trainingCostTrend(rows).fitYears).toEqual([]);
    expect(Number.isNaN(trainingCostTrend(rows).growthPerYear)).toBe(true);
    // compute: 1.5e25 -> 2e25 over one year
    expect(trainingComputeTrend(rows).growthPerYear).toBeCloseTo(2e25 / 1.5e25, 9);
  });

  it("returns every moment for every year asked, in the catalog's order", () => {
    expect(rows.length).toBe(MOMENTS.length * YEARS.length);
    expect([...new Set(rows.map((r) => r.moment))]).toEqual(MOMENTS.map((m) => m.id));
  });

  it("carries the credit line the licence requires", () => {
    expect(EPOCH_CREDIT).toBe("Data: Epoch AI, Data on AI Models (epoch.ai/data), CC BY 4.0.");
  });
});

describe("log-linear growth", () => {
  it("recovers the growth factor of an exact exponential", () => {
    // v_y = 3 * 4^(y - 2018) -> log10 v is linear in y with slope log10 4
    const points = [2018, 2019, 2020, 2021, 2022].map((year) => ({ year, value: 3 * 4 ** (year - 2018) }));
    expect(logLinearGrowthPerYear(points)).toBeCloseTo(4, 9);
  });
});

describe("moment invariants on random records", () => {
  const release = fc.record({
    year: fc.integer({ min: 2018, max: 2020 }),
    developer: fc.option(fc.constantFrom("a", "b", "c", "d"), { nil: null }),
    trainingFlop: fc.option(fc.double({ min: 1e21, max: 1e26, noNaN: true }), { nil: null }),
    openWeights: fc.option(fc.boolean(), { nil: null }),
    outsideUs: fc.option(fc.boolean(), { nil: null }),
    trainingCostUsd: fc.option(fc.double({ min: 1e3, max: 1e9, noNaN: true }), { nil: null }),
  }) as fc.Arbitrary<ModelRelease>;

  it("organizations <= models, counts fall as the line rises, shares lie in [0, 1]", () => {
    fc.assert(
      fc.property(fc.array(release, { maxLength: 40 }), (sample) => {
        const years = [2018, 2019, 2020];
        const out = targetMoments(sample, years);
        const get = (m: MomentId, y: number) => out.find((r) => r.moment === m && r.year === y)!.value as number;
        for (const y of years) {
          for (const line of ["1e23", "1e24", "1e25"])
            expect(get(`organizations_${line}` as MomentId, y)).toBeLessThanOrEqual(get(`models_${line}` as MomentId, y));
          expect(get("models_1e24", y)).toBeLessThanOrEqual(get("models_1e23", y));
          expect(get("models_1e25", y)).toBeLessThanOrEqual(get("models_1e24", y));
          for (const share of ["open_weight_share_1e24", "outside_us_share_1e24"] as const) {
            const v = out.find((r) => r.moment === share && r.year === y)!.value;
            if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          }
        }
      }),
      { numRuns: 100, seed: 12 },
    );
  });
});
