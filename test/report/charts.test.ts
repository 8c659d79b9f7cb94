// The vega-lite specs: titles derived from the data, axes with units, bands, regime marks, palette,
// source line; plus the pure helpers (scales, label spreading, number wording).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { METRICS } from "../../sim/metric-catalog.js";
import { readChartTables, readStatTable } from "../../sim/report/chart-data.js";
import {
  BASELINE_COLOUR,
  buildChart,
  ChartInputError,
  defaultChartKind,
  effectTitle,
  formatNumber,
  GRAY_MARKET_COLOUR,
  KIND_PALETTE,
  metricWording,
  niceScale,
  OKABE_ITO,
  parameterLabel,
  roundSignificant,
  SERIES_COLOURS,
  spreadLabels,
  type ChartKind,
  type ChartRequest,
  type EndEffect,
  type StudyTables,
} from "../../sim/report/charts/index.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const compare = readChartTables(join(fixtures, "compare"));
const single = readChartTables(join(fixtures, "single-run"));
const sweep = readChartTables(join(fixtures, "sweep"));
const replicated = readChartTables(join(fixtures, "replicated-run"));

type Json = Record<string, any>;
const spec = (tables: StudyTables, request: Partial<ChartRequest> & { kind: ChartKind; metric: string }): Json =>
  buildChart(tables, { size: "social", ...request }).spec as unknown as Json;
const layers = (s: Json): Json[] => s.layer as Json[];
const titleText = (s: Json): string => (s.title.text as string[]).join(" ");
const datasetOf = (s: Json, layer: Json): Json[] => (layer.data?.name ? s.datasets[layer.data.name] : layer.data?.values ?? s.data?.values);

// The last-period row of a metric in differences.csv, read independently of the chart code.
function lastDifference(arm: string, metric: string): { mean: number; q05: number; q95: number; year: number } {
  const rows = readStatTable(join(fixtures, "compare", "differences.csv")).rows.filter((r) => r.arm === arm && r.metric === metric);
  return rows.reduce((a, b) => (b.period > a.period ? b : a));
}

describe("time series spec", () => {
  const s = spec(compare, { kind: "timeseries", metric: "hhi_usage" });

  it("states the finding computed from differences.csv in the title", () => {
    const strict = lastDifference("strict-licensing", "hhi_usage");
    expect(strict.q05).toBeGreaterThan(0);
    const points = formatNumber(roundSignificant(strict.mean));
    expect(titleText(s)).toContain(`The strict-licensing regime raises market concentration by ${points} HHI points by ${Math.floor(strict.year)}`);
  });

  it("has a subtitle with the unit and setting and a y-axis title with the unit", () => {
    const subtitle = (s.title.subtitle as string[]).join(" ");
    expect(subtitle).toContain("points");
    expect(subtitle).toContain("Mean of 30 seeds");
    expect(subtitle).toContain("5-95% band");
    const yAxes = layers(s).map((l) => l.encoding?.y?.axis).filter((a) => a && a.title);
    expect(yAxes.length).toBeGreaterThan(0);
    expect(yAxes[0].title).toBe("HHI (usage shares), points");
  });

  it("draws the 5-95% band as an area from q05 to q95", () => {
    const band = layers(s).find((l) => l.mark.type === "area");
    expect(band?.encoding.y.field).toBe("q05");
    expect(band?.encoding.y2.field).toBe("q95");
    const rows = datasetOf(s, band!);
    expect(rows.every((r) => r.q05 <= r.mean + 1e-9 && r.mean <= r.q95 + 1e-9)).toBe(true);
  });

  it("marks the regime start with a rule and a label at startYear + regimeStartPeriod / periodsPerYear", () => {
    const rule = layers(s).find((l) => l.mark.type === "rule" && l.encoding?.x?.field === "year");
    expect(rule).toBeDefined();
    expect(rule!.data.values[0].year).toBe(2027);
    const label = layers(s).find((l) => l.mark.type === "text" && l.data?.values?.[0]?.label === "Regime starts 2027");
    expect(label).toBeDefined();
  });

  it("colours regimes from the Okabe-Ito palette and the baseline in neutral grey, with no legend", () => {
    const line = layers(s).find((l) => l.mark.type === "line")!;
    const { domain, range } = line.encoding.color.scale;
    expect(line.encoding.color.legend).toBeNull();
    const okabeIto = Object.values(OKABE_ITO) as string[];
    domain.forEach((key: string, i: number) => {
      if (key.startsWith("no-regime#")) expect(range[i]).toBe(BASELINE_COLOUR);
      else expect(okabeIto).toContain(range[i]);
    });
    expect(range.every((c: string) => [...SERIES_COLOURS, BASELINE_COLOUR].includes(c))).toBe(true);
  });

  it("labels each line directly at its end", () => {
    const labels = s.datasets.labels as Json[];
    expect(labels.map((l) => l.label).sort()).toEqual(["light-touch", "no-regime", "strict-licensing"]);
    const lastYear = Math.max(...(s.datasets.series as Json[]).map((r) => r.year));
    expect(labels.every((l) => l.year === lastYear)).toBe(true);
  });

  it("draws the 1,800 HHI line when it is in range", () => {
    expect(layers(s).some((l) => l.mark.type === "rule" && l.data?.values?.[0]?.hhi === 1800)).toBe(true);
  });

  it("ends with a source line naming the version, scenarios and seed count", () => {
    const source = layers(s).find((l) => l.data?.values?.[0]?.source);
    expect((source!.data.values[0].source as string[]).join(" ")).toBe(
      "Source: moat 0.1.0, scenarios no-regime, strict-licensing, light-touch, 30 seeds",
    );
  });

  it("is a spec vega-lite compiles, of the requested size", () => {
    expect(s.width).toBe(1200);
    expect(s.height).toBe(675);
    expect(() => compile(s as never)).not.toThrow();
    const print = spec(compare, { kind: "timeseries", metric: "hhi_usage", size: "print" });
    expect([print.width, print.height]).toEqual([1050, 788]);
  });

  it("uses a single run's counterfactual as baseline and names the seed", () => {
    const one = spec(single, { kind: "timeseries", metric: "gray_share" });
    expect(titleText(one)).toMatch(/^The strict-licensing regime raises the gray-market share by [\d.]+ percentage points by 2036$/);
    expect(layers(one).some((l) => l.mark.type === "area")).toBe(false); // one seed: no band to draw
    expect(one.datasets.labels.map((l: Json) => l.label)).toContain("No regime");
    const source = layers(one).find((l) => l.data?.values?.[0]?.source)!;
    expect(source.data.values[0].source.join(" ")).toContain("seed 42");
  });

  it("states the trend when there is no baseline", () => {
    const s2 = spec(replicated, { kind: "timeseries", metric: "hhi_usage" });
    expect(titleText(s2)).toMatch(/^Market concentration rises from [\d,]+ to [\d,]+ HHI points by 2036$/);
  });

  it("keeps the title the user gives", () => {
    const own = spec(compare, { kind: "timeseries", metric: "hhi_usage", title: "My title" });
    expect(titleText(own)).toBe("My title");
  });
});

describe("difference spec", () => {
  const s = spec(compare, { kind: "difference", metric: "gray_share" });
  it("draws the band of the per-seed difference, a zero line and the regime start", () => {
    const band = layers(s).find((l) => l.mark.type === "area")!;
    expect([band.encoding.y.field, band.encoding.y2.field]).toEqual(["q05", "q95"]);
    expect(layers(s).some((l) => l.mark.type === "rule" && l.data?.values?.[0]?.zero === 0)).toBe(true);
    expect(layers(s).some((l) => l.mark.type === "rule" && l.data?.values?.[0]?.year === 2027)).toBe(true);
  });
  it("shows shares' differences in percentage points, from differences.csv", () => {
    const strict = lastDifference("strict-licensing", "gray_share");
    const rows = (s.datasets.series as Json[]).filter((r) => r.series === "strict-licensing#0");
    expect(rows[rows.length - 1].mean).toBeCloseTo(strict.mean * 100, 3);
    const axis = layers(s).find((l) => l.encoding?.y?.axis)!.encoding.y.axis;
    expect(axis.title).toBe("Change in gray-market share, percentage points");
  });
  it("refuses a study without a baseline with a clear error", () => {
    expect(() => buildChart(replicated, { kind: "difference", metric: "hhi_usage", size: "social" })).toThrow(/needs a baseline/);
  });
});

describe("finding wording", () => {
  const wording = metricWording("hhi_usage");
  const effect = (mean: number, q05: number, q95: number, arm = "strict"): EndEffect => ({ arm, year: 2036.75, mean, q05, q95, hasBand: true });
  it("says raises / lowers by the rounded amount, and no clear change when the band straddles zero", () => {
    expect(effectTitle([effect(1238.4, 900, 1500)], wording, 3000)).toBe("The strict regime raises market concentration by 1,240 HHI points by 2036");
    expect(effectTitle([effect(-412, -600, -200)], wording, 3000)).toBe("The strict regime lowers market concentration by 412 HHI points by 2036");
    expect(effectTitle([effect(80, -20, 170)], wording, 3000)).toBe("The strict regime makes no clear change to market concentration by 2036");
    expect(effectTitle([effect(80, -20, 170), effect(-5, -30, 20, "light")], wording, 3000)).toBe(
      "No regime clearly changes market concentration by 2036",
    );
  });
  it("names an arm once: a scenario called the-line-and-progress is the line-and-progress regime", () => {
    expect(effectTitle([effect(-412, -600, -200, "the-line-and-progress")], wording, 3000)).toBe("The line-and-progress regime lowers market concentration by 412 HHI points by 2036");
    expect(effectTitle([effect(-412, -600, -200, "strict-regime")], wording, 3000)).toBe("The strict-regime lowers market concentration by 412 HHI points by 2036");
  });
  it("every metric's noun takes a singular verb (\"the number of releases rises\", not \"the releases rises\")", () => {
    // a noun whose last word is a plural count noun needs "the number of" in front of it
    const plural = /\b(models|runs|releases|leaks|actions|firms|providers|entries|exits)( started| below the line| at home| outside home)?$/;
    for (const metric of METRICS) if (plural.test(metric.noun)) expect(metric.noun, metric.id).toMatch(/^the number of /);
  });
  it("words shares, money and counts in their units", () => {
    expect(metricWording("gray_share").amount(0.1234)).toBe("12 percentage points");
    expect(metricWording("gray_share").level(0.043)).toBe("4.3%");
    expect(metricWording("consumer_surplus").level(1949.6)).toBe("$1,950M per quarter");
    expect(metricWording("mean_price").level(0.4234)).toBe("$0.423 per million tokens");
    expect(metricWording("frontier_providers").amount(-1.5)).toBe("1.5 firms");
    expect(metricWording("usage_share.open-source").axisTitle).toBe("Usage share: open-source, % of home usage");
  });
  it("formats numbers without locale lookups", () => {
    expect(formatNumber(1234567.891, 0)).toBe("1,234,568");
    expect(formatNumber(-0.4, 0)).toBe("0");
    expect(formatNumber(-1234.5, 1)).toBe("-1,234.5");
    expect(roundSignificant(1174)).toBe(1170);
    expect(roundSignificant(0.012345)).toBe(0.0123);
  });
  it("names parameters from their paths", () => {
    expect(parameterLabel("regime.tiers.0.minTrainingFlop")).toBe("Min training FLOP");
    expect(parameterLabel("regime.tiers.0.complianceCostUsdMPerYear")).toBe("Compliance cost USD M per year");
  });
});

describe("end-state spec", () => {
  const s = spec(compare, { kind: "endstate", metric: "consumer_surplus" });
  it("sorts arms by their last-period mean, with q05..q95 error bars", () => {
    const rows = s.datasets.arms as Json[];
    const means = rows.map((r) => r.mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
    const bar = layers(s).find((l) => l.mark.type === "rule" && l.encoding?.x2)!;
    expect([bar.encoding.x.field, bar.encoding.x2.field]).toEqual(["q05", "q95"]);
    expect(titleText(s)).toMatch(/^By 2036, consumer surplus is highest with no regime \(\$[\d,]+M per quarter\) and lowest under the strict-licensing regime/);
  });
  it("puts the unit on the value axis", () => {
    const point = layers(s).find((l) => l.mark.type === "point")!;
    expect(point.encoding.x.title).toBe("Consumer surplus, USD million per quarter");
  });
});

describe("shares spec", () => {
  const s = spec(compare, { kind: "shares", metric: "usage_share" });
  it("stacks provider kinds with the gray market as its own top band in its own colour", () => {
    const area = layers(s).find((l) => l.mark.type === "area")!;
    const { domain, range } = area.encoding.color.scale;
    expect(domain[domain.length - 1]).toBe("gray");
    expect(range[range.length - 1]).toBe(GRAY_MARKET_COLOUR);
    expect(domain.slice(0, -1)).toEqual(["frontier-lab", "startup", "open-source", "foreign"]);
    const bands = s.datasets.bands as Json[];
    const byYear = new Map<number, Json[]>();
    for (const b of bands) byYear.set(b.year, [...(byYear.get(b.year) ?? []), b]);
    for (const stack of byYear.values()) {
      expect(stack[0].y0).toBe(0);
      for (let i = 1; i < stack.length; i++) expect(stack[i].y0).toBeCloseTo(stack[i - 1].y1, 3);
      expect(stack[stack.length - 1].y1).toBeCloseTo(100, 3); // shares of home usage sum to one
    }
  });
  it("colours kinds by their order in the tables, not by their ids: the shipped kinds keep blue, orange, green, purple", () => {
    const area = layers(s).find((l) => l.mark.type === "area")!;
    expect(area.encoding.color.scale.range).toEqual([...KIND_PALETTE.slice(0, 4), GRAY_MARKET_COLOUR]);
    expect(KIND_PALETTE.slice(0, 4)).toEqual([OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple]);
    // other kind ids in another order: the first listed is drawn first, in the first colour
    const renamed = new Map([["foreign", "zeta"], ["open-source", "alpha"], ["startup", "mid"], ["frontier-lab", "omega"]]);
    const rename = (row: StudyTables["summary"][number]) => {
      const [base, kind] = row.metric.split(".");
      return renamed.has(kind) ? { ...row, metric: `${base}.${renamed.get(kind)}` } : row;
    };
    const order = ["zeta", "alpha", "mid", "omega", "gray"];
    const summary = [...compare.summary.map(rename)].sort((a, b) => order.indexOf(a.metric.split(".")[1]) - order.indexOf(b.metric.split(".")[1]));
    const other = spec({ ...compare, summary }, { kind: "shares", metric: "usage_share" });
    const scale = layers(other).find((l) => l.mark.type === "area")!.encoding.color.scale;
    expect(scale.domain).toEqual(order);
    expect(scale.range).toEqual([...KIND_PALETTE.slice(0, 4), GRAY_MARKET_COLOUR]);
  });
  it("titles the gray market's end share, read from the summary", () => {
    const rows = compare.summary.filter((r) => r.arm === "strict-licensing" && r.metric === "usage_share.gray");
    const last = rows.reduce((a, b) => (b.period > a.period ? b : a));
    expect(titleText(s)).toBe(`The gray market grows to ${Math.round(last.mean * 100)}% of home usage by 2036`);
  });
});

describe("heat map spec", () => {
  const s = spec(sweep, { kind: "heatmap", metric: "hhi_usage" });
  const cells = s.data.values as Json[];
  it("puts the first parameter on x and the second on y, colour = metric mean at the last period", () => {
    const rect = layers(s)[0];
    expect(rect.encoding.x.title).toBe("Min training FLOP");
    expect(rect.encoding.y.title).toBe("Compliance cost USD M per year");
    expect(rect.encoding.color.field).toBe("mean");
    expect(cells).toHaveLength(16);
  });
  it("outlines the cells above 1,800 HHI and counts them in the title", () => {
    const above = cells.filter((c) => c.mean > 1800).length;
    expect(cells.filter((c) => c.highlyConcentrated).length).toBe(above);
    const outline = layers(s).find((l) => l.transform?.[0]?.filter === "datum.highlyConcentrated");
    expect(outline?.mark.stroke).toBeDefined();
    expect(titleText(s)).toBe(`The market is highly concentrated (HHI above 1,800) in ${above} of 16 settings by 2036`);
    expect(layers(s)[0].encoding.color.legend.values).toContain(1800);
  });
  it("is the default kind for a two-parameter sweep", () => {
    expect(defaultChartKind(sweep)).toBe("heatmap");
    expect(defaultChartKind(compare)).toBe("timeseries");
    expect(defaultChartKind(single)).toBe("timeseries");
  });
  it("words the peak for other metrics", () => {
    const gray = spec(sweep, { kind: "heatmap", metric: "gray_share" });
    expect(titleText(gray)).toMatch(/^The gray-market share peaks at [\d.]+% by 2036, where min training FLOP = 1e24 and compliance cost USD M per year = 100$/);
  });
});

describe("every kind compiles at every size", () => {
  const cases: [StudyTables, ChartKind, string][] = [
    [compare, "timeseries", "hhi_usage"],
    [compare, "difference", "hhi_usage"],
    [compare, "endstate", "frontier_providers"],
    [compare, "shares", "usage_share"],
    [sweep, "heatmap", "gray_share"],
    [sweep, "endstate", "hhi_usage"],
    [single, "difference", "mean_price"],
    [single, "shares", "usage_share"],
  ];
  for (const [tables, kind, metric] of cases)
    for (const size of ["social", "print", "slide"] as const)
      it(`${tables.name} ${kind} ${metric} ${size}`, () => {
        const s = spec(tables, { kind, metric, size });
        expect(titleText(s).length).toBeGreaterThan(10);
        expect(() => compile(s as never)).not.toThrow();
      });
});

describe("user mistakes", () => {
  it("names an unknown metric and lists the available ones", () => {
    expect(() => buildChart(compare, { kind: "timeseries", metric: "hhi", size: "social" })).toThrow(ChartInputError);
    expect(() => buildChart(compare, { kind: "timeseries", metric: "hhi", size: "social" })).toThrow(
      /unknown metric "hhi".*available metrics: .*gray_share.*hhi_usage/,
    );
  });
  it("refuses a heat map of a study that is not a two-parameter sweep", () => {
    expect(() => buildChart(compare, { kind: "heatmap", metric: "hhi_usage", size: "social" })).toThrow(/two parameters/);
  });
  it("refuses a metric with no finite values", () => {
    const nan = { ...compare, summary: compare.summary.map((r) => (r.metric === "mean_price" ? { ...r, mean: Number.NaN } : r)) };
    expect(() => buildChart(nan, { kind: "timeseries", metric: "mean_price", size: "social" })).toThrow(/no finite values/);
  });
  it("names an unknown --vs arm", () => {
    expect(() => buildChart(compare, { kind: "timeseries", metric: "hhi_usage", size: "social", vs: "nope" })).toThrow(/no arm named "nope"/);
  });
});

describe("portability", () => {
  it("the chart modules import nothing Node-only, so the browser page can build the same specs", () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "sim", "report", "charts");
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files).toEqual(expect.arrayContaining(["index.ts", "style.ts", "text.ts", "wording.ts", "frame.ts", "timeseries.ts", "difference.ts", "endstate.ts", "shares.ts", "heatmap.ts"]));
    for (const file of files) {
      const source = readFileSync(join(dir, file), "utf8");
      const imports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)].map((m) => ({ typeOnly: Boolean(m[1]), from: m[2] }));
      for (const { typeOnly, from } of imports) expect(typeOnly || from.startsWith("../") || from.startsWith("./"), `${file}: ${from}`).toBe(true);
      expect(source, file).not.toMatch(/from "node:|process\.|require\(/);
    }
  });
});

describe("scales and label placement", () => {
  it("nice scales cover the data with round, evenly spaced ticks", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (low, span) => {
        const { domain, ticks } = niceScale(low, low + span);
        // covers the data up to a billionth of the span (rounding noise, invisible on a chart)
        const tolerance = 1e-8 * Math.max(1, span, Math.abs(low));
        expect(domain[0]).toBeLessThanOrEqual(low + tolerance);
        expect(domain[1]).toBeGreaterThanOrEqual(low + span - tolerance);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(12);
      }),
    );
    expect(niceScale(1234, 2987).ticks).toEqual([1000, 1500, 2000, 2500, 3000]);
  });
  it("spread labels keep their order, a minimum gap and the bounds when there is room", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { maxLength: 8 }), (positions) => {
        const placed = spreadLabels(positions, 20, 0, 400);
        const order = positions.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        for (let k = 1; k < order.length; k++) expect(placed[order[k][1]] - placed[order[k - 1][1]]).toBeGreaterThanOrEqual(20 - 1e-9);
        for (const y of placed) expect(y >= -1e-9 && y <= 400 + 1e-9).toBe(true);
      }),
    );
    expect(spreadLabels([100, 300], 20, 0, 400)).toEqual([100, 300]);
  });
});
