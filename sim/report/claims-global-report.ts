// Writes the global section of the claims report (moat claims --global): global.csv (every number
// it prints), global.md and a self-contained global.html with the charts inlined, beside the
// claims report (report.md) in the same folder. Written atomically.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import { toCsv, type CsvValue } from "../io/csv.js";
import { HELD_FIXED, memberPrior, type UncertainFactor } from "../experiment/uncertainty.js";
import { renderSvg } from "./render.js";
import { boxChartSpec, indicesChartSpec, type BoxRow, type IndexRow } from "./charts/sensitivity.js";
import { markdownToHtml } from "./claims-report.js";
import { sig3 } from "./claims.js";
import { formatValue, parameterWords } from "./claims-results.js";
import { GLOBAL_DENSITY_THRESHOLD, formatFactorValue, type GlobalClaimResult, type GlobalCriterionResult, type GlobalRun } from "./claims-global.js";

/** One number of the global section. */
export interface GlobalRow {
  hypothesis: string;
  /** share | index | box */
  part: string;
  /** the criterion's metric ("all criteria" for the claim) */
  metric: string;
  /** the factor ("" where none) */
  factor: string;
  statistic: string;
  value: number;
}

/** Factors in order of their total index for a criterion (largest first). */
export function rankedIndices(result: GlobalCriterionResult): IndexRow[] {
  if (!result.indices) return [];
  return result.indices.indices
    .map((row) => ({
      factor: row.parameter,
      firstOrder: sig3(row.firstOrder.estimate),
      firstLow: sig3(row.firstOrder.low),
      firstHigh: sig3(row.firstOrder.high),
      total: sig3(row.total.estimate),
      totalLow: sig3(row.total.low),
      totalHigh: sig3(row.total.high),
    }))
    .sort((a, b) => b.total - a.total || (a.factor < b.factor ? -1 : 1));
}

/** The key effect of a claim: its first criterion with indices. */
export function keyCriterion(claim: GlobalClaimResult): GlobalCriterionResult | undefined {
  return claim.criteria.find((c) => c.indices !== undefined);
}

function boxRows(claim: GlobalClaimResult, factors: readonly UncertainFactor[]): BoxRow[] {
  if (!claim.box) return [];
  const byId = new Map(factors.map((f) => [f.id, f]));
  return claim.box.restricted.map((id) => {
    const j = claim.prim.parameters.indexOf(id);
    const factor = byId.get(id) as UncertainFactor;
    const fullLow = claim.prim.fullRange.lower[j];
    const fullHigh = claim.prim.fullRange.upper[j];
    const boxLow = claim.box?.limits.lower[j] ?? fullLow;
    const boxHigh = claim.box?.limits.upper[j] ?? fullHigh;
    const low = formatFactorValue(factor, boxLow);
    const high = formatFactorValue(factor, boxHigh);
    const words = boxLow > fullLow && boxHigh < fullHigh ? `${low} to ${high}` : boxLow > fullLow ? `at least ${low}` : `at most ${high}`;
    return { factor: id, fullLow, fullHigh, boxLow, boxHigh, words };
  });
}

export function globalRows(run: GlobalRun): GlobalRow[] {
  const rows: GlobalRow[] = [];
  for (const claim of run.claims) {
    const id = claim.study.id;
    const all = "all criteria";
    rows.push({ hypothesis: id, part: "share", metric: all, factor: "", statistic: "estimate", value: sig3(claim.share.estimate) });
    rows.push({ hypothesis: id, part: "share", metric: all, factor: "", statistic: "low", value: sig3(claim.share.low) });
    rows.push({ hypothesis: id, part: "share", metric: all, factor: "", statistic: "high", value: sig3(claim.share.high) });
    for (const c of claim.criteria) {
      rows.push({ hypothesis: id, part: "share", metric: c.criterion.metric, factor: "", statistic: "estimate", value: sig3(c.share) });
      for (const r of rankedIndices(c)) {
        const base = { hypothesis: id, part: "index", metric: c.criterion.metric, factor: r.factor };
        rows.push({ ...base, statistic: "first_order", value: r.firstOrder }, { ...base, statistic: "first_order_low", value: r.firstLow }, { ...base, statistic: "first_order_high", value: r.firstHigh });
        rows.push({ ...base, statistic: "total", value: r.total }, { ...base, statistic: "total_low", value: r.totalLow }, { ...base, statistic: "total_high", value: r.totalHigh });
      }
    }
    if (claim.box) {
      const base = { hypothesis: id, part: "box", metric: all, factor: "" };
      rows.push({ ...base, statistic: "coverage", value: sig3(claim.box.coverage) }, { ...base, statistic: "density", value: sig3(claim.box.density) }, { ...base, statistic: "mass", value: sig3(claim.box.mass) });
      for (const r of boxRows(claim, run.factors)) {
        const q = claim.quasiP.find((p) => p.parameter === r.factor);
        const limit = { hypothesis: id, part: "box", metric: all, factor: r.factor };
        if (r.boxLow > r.fullLow) rows.push({ ...limit, statistic: "lower", value: sig3(r.boxLow) }, { ...limit, statistic: "lower_quasi_p", value: sig3(q?.lower ?? Number.NaN) });
        if (r.boxHigh < r.fullHigh) rows.push({ ...limit, statistic: "upper", value: sig3(r.boxHigh) }, { ...limit, statistic: "upper_quasi_p", value: sig3(q?.upper ?? Number.NaN) });
      }
    }
  }
  return rows;
}

export function globalCsv(rows: readonly GlobalRow[]): string {
  const col = (name: string, get: (r: GlobalRow) => CsvValue) => ({ name, values: rows.map(get) });
  return toCsv([
    col("hypothesis", (r) => r.hypothesis),
    col("part", (r) => r.part),
    col("metric", (r) => r.metric),
    col("factor", (r) => r.factor),
    col("statistic", (r) => r.statistic),
    col("value", (r) => r.value),
  ]);
}

const f = formatValue;
const percent = (share: number) => `${f(sig3(share * 100))}%`;

function priorWords(factor: UncertainFactor): string {
  return factor.members
    .map((member) => {
      const prior = memberPrior(member, factor.prior);
      const scale = prior.scale === "log" ? ", log" : "";
      const range = prior.how === "factor" ? `x${prior.range[0]}-${prior.range[1]}${scale}` : prior.how === "shift" ? `${prior.range[0]} to +${prior.range[1]}` : `${prior.range[0]}-${prior.range[1]}${scale}`;
      return `\`${member}\` ${range}`;
    })
    .join("; ");
}

function claimSection(claim: GlobalClaimResult, run: GlobalRun, charts: Map<string, string>): string[] {
  const s = claim.study;
  const lines = [`## ${s.id}: ${s.title}`, ""];
  lines.push(
    `**Share of the plausible space where the claim holds:** ${percent(claim.share.estimate)} of the ${run.pointCount} points (95% interval ${percent(claim.share.low)} to ${percent(claim.share.high)}).`,
    "",
  );
  lines.push(`**Where it holds:** ${claim.words}.`, "");
  if (claim.box) {
    lines.push(
      `The box holds ${percent(claim.box.coverage)} of the points where the claim holds (coverage), the claim holds at ${percent(claim.box.density)} of the points inside it (density), and it takes ${percent(claim.box.mass)} of the space (mass).`,
      "",
    );
    const rows = boxRows(claim, run.factors);
    if (rows.length > 0) {
      lines.push("| factor | limit | quasi-p |", "|---|---|---|");
      for (const r of rows) {
        const q = claim.quasiP.find((p) => p.parameter === r.factor);
        const ps = [q?.lower, q?.upper].filter((v): v is number => v !== undefined).map((v) => f(sig3(v)));
        lines.push(`| ${r.factor} | ${r.words} | ${ps.join(", ")} |`);
      }
      lines.push("");
    }
    const box = charts.get(`${s.id}|box`);
    if (box) lines.push(`![${s.id}: the box where the claim holds](${box})`, "");
  }
  lines.push("**Which assumptions matter** (Sobol' indices of each criterion's effect, the five largest total indices, 95% bootstrap intervals):", "");
  for (const c of claim.criteria) {
    const how = c.criterion.against === "none" ? "level" : c.criterion.against === "start" ? "change since the first quarter" : "against baseline";
    lines.push(`- ${c.criterion.metric} (${c.arm}, ${how}; holds at ${percent(c.share)} of the points)${c.problem ? `: ${c.problem}` : ":"}`);
    if (!c.indices) continue;
    for (const r of rankedIndices(c).slice(0, 5))
      lines.push(`  - ${r.factor}: total ${f(r.total)} (${f(r.totalLow)} to ${f(r.totalHigh)}), first order ${f(r.firstOrder)} (${f(r.firstLow)} to ${f(r.firstHigh)})`);
  }
  lines.push("");
  const indices = charts.get(`${s.id}|indices`);
  if (indices) lines.push(`![${s.id}: Sobol' indices of the key effect](${indices})`, "");
  return lines;
}

export function globalMarkdown(run: GlobalRun, charts: Map<string, string>, elapsedSeconds?: number): string {
  const st = run.settings;
  const lines: string[] = ["# The claims over the plausible parameter space", ""];
  lines.push(
    `Each claim judged at ${run.pointCount} points of the space of ${run.factors.length} uncertain factors (Saltelli's design, N = ${st.baseCount}, N (d + 2) points), every arm at every point on ${run.seeds.length} seed${run.seeds.length === 1 ? "" : "s"} (the same seeds at every point): ${run.runCount} runs${st.periods !== undefined ? ` of ${st.periods} quarters` : ""}${elapsedSeconds !== undefined ? ` in ${elapsedSeconds.toFixed(0)} s` : ""}. ` +
      `A claim holds at a point by its own rule (docs/CLAIMS-METHOD.md); the share of the space is the share of the points where it holds; the box (PRIM) is the region with the most such points where the claim holds at at least ${GLOBAL_DENSITY_THRESHOLD * 100}% of the points inside. Method and caveats: docs/SENSITIVITY.md.`,
    "",
  );
  lines.push("| claim | share of the space | 95% interval | where it holds | largest total index of the key effect |", "|---|---|---|---|---|");
  for (const claim of run.claims) {
    const key = keyCriterion(claim);
    const top = key ? rankedIndices(key)[0] : undefined;
    lines.push(
      `| ${claim.study.id} ${claim.study.title} | ${percent(claim.share.estimate)} | ${percent(claim.share.low)} to ${percent(claim.share.high)} | ${claim.words} | ${top && key ? `${top.factor} ${f(top.total)} (${key.criterion.metric})` : "none"} |`,
    );
  }
  lines.push("");
  for (const claim of run.claims) lines.push(...claimSection(claim, run, charts));
  lines.push("## The uncertain factors", "");
  lines.push("Each factor moves the fields listed together, each over its prior from the scenario schema (a multiplier of each kind's, segment's or firm's own value where marked x).", "");
  lines.push("| factor | what | fields and priors |", "|---|---|---|");
  for (const factor of run.factors) lines.push(`| ${factor.id} | ${factor.label} | ${priorWords(factor)}${factor.prior ? ` (${factor.prior.why})` : ""} |`);
  lines.push("", "Held at each scenario's value:", "");
  for (const held of HELD_FIXED) lines.push(`- ${held.paths.map((p) => parameterWords(p)).join(", ")}: ${held.why}.`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}

export interface WrittenGlobal {
  files: string[];
}

export async function writeGlobalReport(run: GlobalRun, outDir: string, elapsedSeconds?: number): Promise<WrittenGlobal> {
  mkdirSync(join(outDir, "charts"), { recursive: true });
  const files: string[] = [];
  const charts = new Map<string, string>();
  const svgs = new Map<string, string>();
  const write = async (key: string, name: string, spec: Parameters<typeof renderSvg>[0]) => {
    const svg = await renderSvg(spec);
    const relative = `charts/${name}.svg`;
    writeFileAtomic(join(outDir, relative), svg);
    files.push(join(outDir, relative));
    charts.set(key, relative);
    svgs.set(relative, svg);
  };
  for (const claim of run.claims) {
    const id = claim.study.id;
    const key = keyCriterion(claim);
    if (key) {
      const rows = rankedIndices(key).slice(0, 10);
      await write(`${id}|indices`, `global-${id}-indices`, indicesChartSpec(`${id}: what ${key.criterion.metric} depends on`, `Sobol' indices over ${run.pointCount} points, the ten largest total indices; bars: 95% bootstrap intervals`, rows));
    }
    const rows = boxRows(claim, run.factors);
    if (claim.box && rows.length > 0)
      await write(`${id}|box`, `global-${id}-box`, boxChartSpec(`${id} holds in ${percent(claim.box.density)} of this box`, `the box holds ${percent(claim.box.coverage)} of the points where the claim holds; ${percent(claim.share.estimate)} of the whole space`, rows));
  }
  const csvPath = join(outDir, "global.csv");
  writeFileAtomic(csvPath, globalCsv(globalRows(run)));
  const markdown = globalMarkdown(run, charts, elapsedSeconds);
  const mdPath = join(outDir, "global.md");
  const htmlPath = join(outDir, "global.html");
  writeFileAtomic(mdPath, markdown);
  writeFileAtomic(htmlPath, markdownToHtml(markdown, svgs));
  files.push(csvPath, mdPath, htmlPath);
  return { files };
}
