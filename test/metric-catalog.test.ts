// The metric registry (sim/metric-catalog.ts): what the shipped scenarios emit is exactly what is
// registered, in registry order; the compute functions on a market worked by hand; the derived lists.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  HEADLINE_METRICS,
  METRICS,
  METRIC_REGISTRY,
  REGIME_EFFECT_METRICS,
  metricIds,
  metricInfo,
  unitText,
  type MetricDefinition,
} from "../sim/metric-catalog.js";
import { homeUsageSumsOf, type PeriodObservation } from "../sim/observation.js";
import { loadScenario } from "../sim/scenario/load.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { emptyFlows, type FirmState, type ModelState, type PeriodEvents } from "../sim/state.js";
import { simulate } from "../sim/simulate.js";

const root = join(import.meta.dirname, "..");
const SHIPPED = ["scenarios", "scenarios/teaching", "scenarios/textbook"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(root, dir, f)),
);

async function shippedScenarios(): Promise<Scenario[]> {
  return Promise.all(SHIPPED.map(async (file) => (await loadScenario(file)).scenario));
}

describe("the metric registry against the shipped scenarios", () => {
  it("every emitted metric is registered, every registered metric is emitted, in registry order", async () => {
    const scenarios = await shippedScenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    const emittedAnywhere = new Set<string>();
    for (const scenario of scenarios) {
      const { metrics } = simulate(scenario, 1, { recordFirms: false });
      const registered = metricIds(Object.keys(scenario.kinds), Object.keys(scenario.segments));
      for (const period of [0, scenario.periods - 1]) {
        const ids = metrics.filter((row) => row.period === period).map((row) => row.metric);
        // no duplicates, nothing unregistered, and the rows follow the registry's order
        expect(new Set(ids).size, scenario.name).toBe(ids.length);
        expect(ids.filter((id) => !registered.includes(id)), scenario.name).toEqual([]);
        expect(ids, scenario.name).toEqual(registered.filter((id) => ids.includes(id)));
        for (const id of ids) emittedAnywhere.add(`${scenario.name}|${id}`);
      }
    }
    const everyRegistered = new Set(scenarios.flatMap((s) => metricIds(Object.keys(s.kinds), Object.keys(s.segments)).map((id) => id.replace(/\..*$/, ".*"))));
    const everyEmitted = new Set([...emittedAnywhere].map((key) => key.split("|")[1].replace(/\..*$/, ".*")));
    expect([...everyRegistered].filter((id) => !everyEmitted.has(id))).toEqual([]);
    // the Cournot market reports its subset, the differentiated market the rest
    const cournot = scenarios.find((s) => s.market.competition === "cournot")!;
    expect(emittedAnywhere.has(`${cournot.name}|mean_price`)).toBe(true);
    expect(emittedAnywhere.has(`${cournot.name}|gray_share`)).toBe(false);
  });

  it("metrics marked zero without a regime are 0 in every period of every shipped scenario run without one", async () => {
    const zero = METRICS.filter((m) => m.zeroWithoutRegime).map((m) => m.id);
    expect(zero).toContain("compliance_spend");
    for (const scenario of await shippedScenarios()) {
      const { metrics } = simulate({ ...scenario, regime: null }, 2, { recordFirms: false });
      const nonZero = metrics.filter((row) => zero.includes(row.metric) && row.value !== 0);
      expect(nonZero.slice(0, 3), scenario.name).toEqual([]);
    }
  });
});

describe("lookups and derived lists", () => {
  it("resolves by-kind ids to their family, with the member's label and noun", () => {
    expect(metricInfo("entries.startup")).toMatchObject({ id: "entries.startup", label: "Entries: startup", unit: "firms per quarter", byKind: true, noun: "the number of entries: startup" });
    expect(metricInfo("usage_share.gray")).toMatchObject({ label: "Usage share: gray", unit: "share of home usage (0-1)", noun: "the gray market usage share" });
    expect(metricInfo("entries")).toMatchObject({ label: "Entries", unit: "firms per quarter" });
    expect(metricInfo("entries")?.byKind).toBeUndefined();
    expect(metricInfo("usage_share")).toBeUndefined();
    expect(metricInfo("hhi_usage.startup")).toBeUndefined();
    expect(metricInfo("nonsense")).toBeUndefined();
  });

  it("ids are unique per form (a total and its by-kind family may share a base id)", () => {
    const scalars = METRIC_REGISTRY.filter((m) => !m.byKind).map((m) => m.id);
    const families = METRIC_REGISTRY.filter((m) => m.byKind).map((m) => m.id);
    expect(new Set(scalars).size).toBe(scalars.length);
    expect(new Set(families).size).toBe(families.length);
  });

  it("the summaries' headline metrics, in rank order; the readout leaves out those that are 0 without a regime", () => {
    expect(HEADLINE_METRICS).toEqual(["hhi_usage", "frontier_providers", "gray_share", "mean_price", "consumer_surplus", "compliance_spend"]);
    expect(REGIME_EFFECT_METRICS).toEqual(["hhi_usage", "frontier_providers", "gray_share", "mean_price", "consumer_surplus"]);
  });

  it("writes each unit kind's text", () => {
    expect(unitText({ kind: "share", of: "home usage" })).toBe("share of home usage (0-1)");
    expect(unitText({ kind: "share", of: null })).toBe("share (0-1)");
    expect(unitText({ kind: "count", of: "models", perPeriod: true })).toBe("models per quarter");
    expect(unitText({ kind: "index-points", index: "HHI" })).toBe("points (0-10,000)");
    expect(unitText({ kind: "money-per-period" })).toBe("USD M per quarter");
  });
});

// ---------------------------------------------------------------------------------------------
// A market worked by hand: three products at home, one segment of 100 Mtok
//   A licensed, startup,       price 2,   usage 30
//   B exempt,   frontier-lab,  price 1,   usage 50 (open weights)
//   C gray,     startup,       price 0.5, usage 20

function firm(id: number, kindId: string, jurisdiction: string): FirmState {
  return { id, kindId, jurisdiction, alive: true, incumbent: id === 0, exitedPeriod: -1, models: [], period: emptyFlows() } as unknown as FirmState;
}

function model(owner: number, open: boolean, capability: number): ModelState {
  return { owner, open, capability, trainingFlop: 1e24 } as ModelState;
}

function handMarket(): PeriodObservation {
  const startup = firm(0, "startup", "home");
  const lab = firm(1, "frontier-lab", "home");
  const gray = firm(2, "startup", "abroad");
  const products = [model(0, false, 26), model(1, true, 25.5), model(2, false, 27)];
  startup.models = [products[0]];
  lab.models = [products[1]];
  gray.models = [products[2]];
  const events = { entries: new Map(), exits: new Map(), relocations: new Map(), releaseDelays: [] } as unknown as PeriodEvents;
  const market = {
    products,
    providers: [startup, lab, gray],
    standings: (["licensed", "exempt", "gray"] as const).map((status) => ({ status }) as never),
    pricesUsdPerMtok: Float64Array.of(2, 1, 0.5),
    homeUsageMtok: Float64Array.of(30, 50, 20),
    homeUsageTotalMtok: 100,
    gray: Uint8Array.of(0, 0, 1),
    // one home segment of M = 400/3 Mtok, 25% outside: shares 0.225, 0.375, 0.15 give usage 30, 50, 20
    segments: [{ id: "regulated", home: true, enterprise: true, buyers: 10, outsideShare: 0.25, surplusUsd: 3e6, requiresLicensed: true, marketSizeMtok: 400 / 3, priceSensitivity: 0.5, capabilityTaste: 1 }],
    sharesBySegment: Float64Array.of(0.225, 0.375, 0.15),
  };
  return {
    scenario: { homeJurisdiction: "home", periodsPerYear: 4, metrics: { frontierWindowCapability: 0.6, frontierWindowQuarters: 2 }, regime: null } as unknown as Scenario,
    period: 0,
    years: 0,
    regime: null,
    kindIds: ["frontier-lab", "startup"],
    segmentIds: ["regulated"],
    traded: [startup, lab, gray],
    selling: [startup, lab, gray],
    events,
    cournot: null,
    market: { ...market, homeUsageSums: homeUsageSumsOf(market) },
    // the best model on sale gained 27.2 - 26.0 = 1.2 points over the last 2 quarters
    bestCapabilityHistory: [25.6, 25.8, 26.0, 27.2],
  };
}

function compute(id: string, o: PeriodObservation, kindId?: string): number | undefined {
  const metric = METRIC_REGISTRY.find((m) => m.id === id && Boolean(m.byKind) === (kindId !== undefined)) as MetricDefinition;
  return metric.byKind ? metric.compute(o, kindId!) : metric.compute(o);
}

describe("compute functions on a market worked by hand", () => {
  const o = handMarket();
  it("concentration variants: lawful supply, regulated buyers, open weights as a fringe", () => {
    // lawful at home: startup 30, lab 50 -> 10000 (0.375^2 + 0.625^2)
    expect(compute("hhi_lawful", o)).toBeCloseTo(5312.5, 9);
    // the one segment buys only licensed: every product's usage in it, 30, 50, 20 -> 10000 (0.09 + 0.25 + 0.04)
    expect(compute("hhi_regulated", o)).toBeCloseTo(3800, 9);
    // the lab's open model (50) is hosted by a fringe: 10000 ((30/100)^2 + (20/100)^2)
    expect(compute("hhi_hosted", o)).toBeCloseTo(1300, 9);
  });

  it("lawful frontier: window = realised progress 1.2; the startup (26 >= 27 - 1.2) is in, the lab (25.5) out, the gray firm not lawful", () => {
    expect(compute("frontier_providers_lawful", o)).toBe(1);
    expect(compute("frontier_levels", o)).toBe(1);
  });

  it("quality-adjusted premium: theta = beta/alpha = 2; p~ = 4 (licensed) against (4 x 50 + 0.5 x 20) / 70 = 3", () => {
    expect(compute("licensed_premium_quality_adjusted", o)).toBeCloseTo(1, 12);
  });

  it("shares of home usage: gray 20%, lawful startup 30%, frontier lab 50%, open weights 50%", () => {
    expect(compute("gray_share", o)).toBeCloseTo(0.2, 12);
    expect(compute("usage_share", o, "startup")).toBeCloseTo(0.3, 12);
    expect(compute("usage_share", o, "frontier-lab")).toBeCloseTo(0.5, 12);
    expect(compute("usage_share", o, "gray")).toBeCloseTo(0.2, 12);
    expect(compute("open_weight_share", o)).toBeCloseTo(0.5, 12);
  });

  it("prices: mean (2x30 + 1x50 + 0.5x20) / 100 = 1.2; licensed premium 2 / (60/70) - 1 = 4/3", () => {
    expect(compute("mean_price", o)).toBeCloseTo(1.2, 12);
    expect(compute("licensed_price_premium", o)).toBeCloseTo(4 / 3, 12);
  });

  it("providers by standing, the frontier window, surplus and enterprise adoption", () => {
    expect(compute("providers_licensed", o)).toBe(1);
    expect(compute("providers_gray", o)).toBe(1);
    expect(compute("providers_outside_home", o)).toBe(1);
    expect(compute("providers", o, "startup")).toBe(2);
    // best 27, window 0.6: only the gray firm's model (27) is within it
    expect(compute("frontier_providers", o)).toBe(1);
    expect(compute("frontier_share_outside_home", o)).toBe(1);
    expect(compute("best_capability", o)).toBe(27);
    expect(compute("consumer_surplus", o)).toBeCloseTo(3, 12);
    expect(compute("enterprise_adoption", o)).toBeCloseTo(0.75, 12);
    // no FLOP line: the threshold metrics do not apply
    expect(compute("threshold_capability_gap", o)).toBeUndefined();
  });
});

describe("a period with no home usage (firms: [], no arrivals yet)", () => {
  it("ratios of nothing are undefined (NaN), counts and concentration of nothing are 0", async () => {
    const { tinyScenario } = await import("./tiny-market.js");
    const scenario = tinyScenario({ firms: [] });
    const { metrics } = simulate(scenario, 1, { recordFirms: false });
    const at0 = new Map(metrics.filter((row) => row.period === 0).map((row) => [row.metric, row.value]));
    // 0/0: a share of home usage and the usage-weighted mean price have nothing to weigh
    for (const id of ["gray_share", "open_weight_share", "leaked_share", "mean_price"]) expect(at0.get(id), id).toBeNaN();
    for (const [id, value] of at0) if (id.startsWith("share.")) expect(value, id).toBeNaN();
    // no firm sells: nothing is concentrated and nobody provides
    expect(at0.get("hhi_usage")).toBe(0);
    expect(at0.get("providers")).toBe(0);
  });
});

describe("the home-usage sums the share metrics read (homeUsageSumsOf)", () => {
  it("equal the sums over products in order, to the bit, on a default run's markets", async () => {
    const { scenario } = await loadScenario("licensing-era");
    const { createWorld } = await import("../sim/world.js");
    const { stepPeriod } = await import("../sim/engine.js");
    const { observation } = await import("../sim/observation.js");
    const world = createWorld(scenario, 5);
    for (let t = 0; t < 12; t++) {
      world.period = t;
      const m = observation(world, stepPeriod(world)).market!;
      const sum = (term: (j: number) => number) => {
        let total = 0;
        for (let j = 0; j < m.products.length; j++) total += term(j);
        return total;
      };
      const leaked = (j: number) => m.standings[j].status === "leaked";
      expect(m.homeUsageSums.grayMtok).toBe(sum((j) => (m.gray[j] ? m.homeUsageMtok[j] : 0)));
      expect(m.homeUsageSums.openReleasedMtok).toBe(sum((j) => (m.products[j].open && !leaked(j) ? m.homeUsageMtok[j] : 0)));
      expect(m.homeUsageSums.leakedMtok).toBe(sum((j) => (leaked(j) ? m.homeUsageMtok[j] : 0)));
      for (const kindId of world.kindIds)
        expect(m.homeUsageSums.lawfulByKindMtok.get(kindId) ?? 0).toBe(sum((j) => (!m.gray[j] && m.providers[j]?.kindId === kindId ? m.homeUsageMtok[j] : 0)));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// HHI by buyer segment, worked by hand. Products: A (firm 0), B (firm 1, open weights), C a leaked
// copy (no provider). Market segments (J = 3 shares per row):
//   developers, vettable part   M = 100: shares A 0.5, B 0.3, C 0   -> A 50, B 30
//   developers, unvetted part   M =  50: shares A 0,   B 0.4, C 0.4 -> B 20, C 20 (leaked: left out)
//   enterprise                  M = 200: shares A 0.6, B 0.2, C 0   -> A 120, B 40
describe("hhi_segment: HHI within each buyer segment, a vetting-split segment's parts summed", () => {
  const withSums = (market: Omit<NonNullable<PeriodObservation["market"]>, "homeUsageSums">) => ({ ...market, homeUsageSums: homeUsageSumsOf(market) });
  function splitMarket(): PeriodObservation {
    const a = firm(0, "startup", "home");
    const b = firm(1, "frontier-lab", "home");
    const products = [model(0, false, 26), model(1, true, 25.5), model(9, true, 25)];
    a.models = [products[0]];
    b.models = [products[1]];
    const segment = (id: string, marketSizeMtok: number) =>
      ({ id, home: true, enterprise: id === "enterprise", buyers: 1, outsideShare: 0.2, surplusUsd: 0, requiresLicensed: false, marketSizeMtok, priceSensitivity: 1, capabilityTaste: 1 });
    return {
      ...handMarket(),
      segmentIds: ["developers", "enterprise"],
      traded: [a, b],
      selling: [a, b],
      market: withSums({
        products,
        providers: [a, b, null],
        standings: (["exempt", "exempt", "leaked"] as const).map((status) => ({ status }) as never),
        pricesUsdPerMtok: Float64Array.of(1, 0.5, 0.5),
        homeUsageMtok: Float64Array.of(170, 90, 20),
        homeUsageTotalMtok: 280,
        gray: Uint8Array.of(0, 0, 0),
        segments: [segment("developers", 100), segment("developers", 50), segment("enterprise", 200)],
        sharesBySegment: Float64Array.of(0.5, 0.3, 0, 0, 0.4, 0.4, 0.6, 0.2, 0),
      }),
    };
  }

  it("developers: A 50, B 30 + 20 = 50 -> 10000 (0.5^2 + 0.5^2) = 5000 (the vettable part alone would give 5312.5)", () => {
    expect(compute("hhi_segment", splitMarket(), "developers")).toBeCloseTo(5000, 9);
  });

  it("enterprise: A 120, B 40 -> 10000 (0.75^2 + 0.25^2) = 6250", () => {
    expect(compute("hhi_segment", splitMarket(), "enterprise")).toBeCloseTo(6250, 9);
  });

  it("a segment with no usage has HHI 0, and the Cournot market reports none", () => {
    expect(compute("hhi_segment", splitMarket(), "nobody")).toBe(0);
    expect(compute("hhi_segment", { ...splitMarket(), market: null, cournot: { firmCount: 2, priceUsdPerMtok: 1, consumerSurplusUsdM: 1 } }, "developers")).toBeUndefined();
  });

  it("the family reports one id per scenario segment, described by the segment", () => {
    const ids = metricIds(["startup"], ["developers", "enterprise"]).filter((id) => id.startsWith("hhi_segment."));
    expect(ids).toEqual(["hhi_segment.developers", "hhi_segment.enterprise"]);
    expect(metricInfo("hhi_segment.developers")?.label).toBe("HHI: developers");
    expect(metricInfo("hhi_segment.developers")?.members).toBe("segments");
  });
});
