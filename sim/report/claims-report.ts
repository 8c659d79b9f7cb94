// Writes the claims report: results.csv (every number the report prints), report.md, and a
// self-contained report.html with the sensitivity charts inlined as SVG. All files are written
// atomically (a temporary file renamed into place), so a reader never sees half a report.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../io/atomic.js";
import { toCsv, type CsvValue } from "../io/csv.js";
import { FONT_CSS, OKABE_ITO } from "./charts/index.js";
import { parameterInfo } from "../scenario/parameters.js";
import { renderSvg } from "./render.js";
import type { Effect } from "../experiment/decompose.js";
import { HOLD_SHARE } from "./claims.js";
import {
  MARKET_YEAR,
  formatValue,
  parameterWords,
  type ChannelResult,
  type ClaimResult,
  type ClaimsRun,
  type CriterionResult,
  type MarketResult,
} from "./claims-results.js";
import { type Criterion } from "./claim-files.js";

// ---------------------------------------------------------------------------------------------
// results.csv: one row per number

export interface ResultRow {
  hypothesis: string;
  arm: string;
  /** "default" or the swept parameter's path */
  parameter: string;
  /** the swept value (NaN at the default point) */
  parameterValue: number;
  metric: string;
  /** the per-run statistic and the comparison, e.g. "end vs baseline (difference)" */
  measure: string;
  /** mean | q05 | q95 | share_claimed | n | holds | threshold | claimed_2025_low ... */
  statistic: string;
  value: number;
}

function measureOf(r: { criterion: Criterion }): string {
  const c = r.criterion;
  const stat = typeof c.statistic === "number" ? `last quarter of ${c.statistic}` : c.statistic;
  if (c.against === "none") return `${stat} (level)`;
  return `${stat} vs ${c.against === "baseline" ? "baseline" : "first quarter"} (${c.effect})`;
}

function criterionRows(hypothesis: string, parameter: string, parameterValue: number, r: CriterionResult): ResultRow[] {
  const s = r.summary;
  const base = { hypothesis, arm: r.arm, parameter, parameterValue, metric: r.criterion.metric, measure: measureOf(r) };
  return [
    { ...base, statistic: "mean", value: s.mean },
    { ...base, statistic: "q05", value: s.q05 },
    { ...base, statistic: "q95", value: s.q95 },
    { ...base, statistic: "share_claimed", value: s.shareClaimed },
    { ...base, statistic: "n", value: s.n },
    { ...base, statistic: "holds", value: s.holds ? 1 : 0 },
    { ...base, statistic: "threshold", value: r.criterion.threshold },
  ];
}

/** "alone pre-release-audit", "total": an effect of a channel decomposition as results.csv names it. */
export function channelEffectName(e: Effect): string {
  return e.instrument ? `${e.effect} ${e.instrument}` : e.effect;
}

function channelRows(hypothesis: string, ch: ChannelResult): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const e of ch.effects) {
    const base = { hypothesis, arm: ch.arm, parameter: "channels", parameterValue: Number.NaN, metric: ch.criterion.metric, measure: `${measureOf(ch)}: ${channelEffectName(e)}` };
    rows.push({ ...base, statistic: "mean", value: e.mean }, { ...base, statistic: "q05", value: e.q05 }, { ...base, statistic: "q95", value: e.q95 });
    rows.push({ ...base, statistic: "share_positive", value: e.sharePositive }, { ...base, statistic: "n", value: e.n });
  }
  return rows;
}

export function resultRows(run: ClaimsRun): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const claim of run.claims) {
    for (const r of claim.atDefault) rows.push(...criterionRows(claim.study.id, "default", Number.NaN, r));
    for (const ch of claim.channels) rows.push(...channelRows(claim.study.id, ch));
    for (const p of claim.sweeps) {
      for (const r of p.criteria) rows.push(...criterionRows(claim.study.id, p.path, p.value, r));
      rows.push({ hypothesis: claim.study.id, arm: p.arm, parameter: p.path, parameterValue: p.value, metric: "all criteria", measure: "decision", statistic: "holds", value: p.holds ? 1 : 0 });
    }
  }
  for (const m of run.market) {
    const base = { hypothesis: "market-table", parameter: "default", parameterValue: Number.NaN, metric: m.row.metric, measure: `x ${m.row.factor} (${m.row.unit})` };
    const add = (arm: string, statistic: string, value: number) => rows.push({ ...base, arm, statistic, value });
    add("licensing-era", "start_mean", m.start.mean);
    add("licensing-era", "start_q05", m.start.q05);
    add("licensing-era", "start_q95", m.start.q95);
    add("licensing-era", `${MARKET_YEAR}_mean`, m.at2027.mean);
    add("licensing-era", `${MARKET_YEAR}_q05`, m.at2027.q05);
    add("licensing-era", `${MARKET_YEAR}_q95`, m.at2027.q95);
    add("baseline", `${MARKET_YEAR}_mean`, m.baseline2027.mean);
    add("baseline", `${MARKET_YEAR}_q05`, m.baseline2027.q05);
    add("baseline", `${MARKET_YEAR}_q95`, m.baseline2027.q95);
    add("claim", "claimed_2025_low", m.row.claimed2025[0]);
    add("claim", "claimed_2025_high", m.row.claimed2025[1]);
    add("claim", "claimed_2027_low", m.row.claimed2027[0]);
    add("claim", "claimed_2027_high", m.row.claimed2027[1]);
  }
  const settings = run.settings;
  const setting = (statistic: string, value: number) =>
    rows.push({ hypothesis: "settings", arm: "", parameter: "", parameterValue: Number.NaN, metric: "", measure: "", statistic, value });
  setting("seeds", settings.seeds);
  setting("sweep_seeds", Math.min(settings.sweepSeeds, settings.seeds));
  setting("master_seed", settings.masterSeed);
  setting("runs", run.runCount);
  setting("periods", settings.periods ?? Number.NaN);
  setting("market_year", MARKET_YEAR);
  return rows;
}

export function resultsCsv(rows: ResultRow[]): string {
  const col = (name: string, pick: (r: ResultRow) => CsvValue) => ({ name, values: rows.map(pick) });
  return toCsv([
    col("hypothesis", (r) => r.hypothesis),
    col("arm", (r) => r.arm),
    col("parameter", (r) => r.parameter),
    col("parameter_value", (r) => (Number.isNaN(r.parameterValue) ? null : r.parameterValue)),
    col("metric", (r) => r.metric),
    col("measure", (r) => r.measure),
    col("statistic", (r) => r.statistic),
    col("value", (r) => r.value),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Charts: per hypothesis and swept parameter, the first swept criterion's mean effect with its
// 5%-95% band against the parameter value, the claim's threshold as a rule, points coloured by
// whether the claim holds there.

export function sweepChartSpec(claim: ClaimResult, path: string): TopLevelSpec | undefined {
  const points = claim.sweeps.filter((p) => p.path === path && p.criteria.length > 0);
  if (points.length === 0) return undefined;
  const first = points[0].criteria[0];
  const data = points.map((p) => ({ value: p.value, mean: p.criteria[0].summary.mean, q05: p.criteria[0].summary.q05, q95: p.criteria[0].summary.q95, holds: p.holds ? "claim holds" : "claim fails" }));
  const logX = parameterInfo(path)?.scale === "log";
  const x = { field: "value", type: "quantitative" as const, title: parameterWords(path), scale: logX ? { type: "log" as const } : { zero: false } };
  const yTitle = `${first.criterion.metric}: ${measureOf(first)}`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 420,
    height: 260,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    config: { font: FONT_CSS, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 11 }, title: { fontSize: 13 } },
    title: { text: `${claim.study.id}: ${claim.study.title} vs ${parameterWords(path)}`, anchor: "start" },
    data: { values: data },
    layer: [
      { mark: { type: "area", opacity: 0.2, color: OKABE_ITO.blue }, encoding: { x, y: { field: "q05", type: "quantitative", title: yTitle }, y2: { field: "q95" } } },
      { mark: { type: "line", color: OKABE_ITO.blue }, encoding: { x, y: { field: "mean", type: "quantitative" } } },
      { data: { values: [{ threshold: first.criterion.threshold }] }, mark: { type: "rule", strokeDash: [4, 4], color: "#767676" }, encoding: { y: { field: "threshold", type: "quantitative" } } },
      {
        mark: { type: "point", filled: true, size: 80 },
        encoding: {
          x,
          y: { field: "mean", type: "quantitative" },
          color: { field: "holds", type: "nominal", title: null, scale: { domain: ["claim holds", "claim fails"], range: [OKABE_ITO.bluishGreen, OKABE_ITO.vermillion] } },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Markdown

const f = formatValue;

function criterionSentence(r: CriterionResult): string {
  const c = r.criterion;
  const s = r.summary;
  const rel = c.direction === "increase" ? ">" : "<";
  return `${c.metric} (${measureOf(r)}, ${r.arm}): mean ${f(s.mean)}, interval ${f(s.q05)} to ${f(s.q95)} over ${f(s.n)} seeds; ${f(s.shareClaimed)} of seeds ${rel} ${f(c.threshold)}: ${s.holds ? "holds" : "fails"}`;
}

/** "mean [q05, q95]", or "n/a" when no seed has a value (the metric is undefined in an arm, e.g. a level without a regime). */
const effectCell = (e: Effect | undefined): string => (!e ? "" : e.n === 0 ? "n/a" : `${f(e.mean)} [${f(e.q05)}, ${f(e.q95)}]`);

function instrumentLabel(ch: ChannelResult, id: string): string {
  return ch.instruments.find((i) => i.id === id)?.label ?? id;
}

/** Which instrument produces a criterion's effect: the largest alone and last contributions, with the whole regime and the bare licence. */
export function channelSentence(ch: ChannelResult): string {
  const find = (effect: Effect["effect"], instrument = "") => ch.effects.find((e) => e.effect === effect && e.instrument === instrument);
  const total = find("total");
  const parts = [`${ch.criterion.metric} (${measureOf(ch)}): whole regime ${effectCell(total)}`];
  if (ch.bareDominates) parts.push(`mostly the bare licence (the line and who may buy, no instrument) ${effectCell(find("bare"))}, more than any instrument`);
  const alone = ch.largestAlone;
  const last = ch.largestLast;
  const measurable = ch.effects.some((e) => (e.effect === "alone" || e.effect === "last") && Number.isFinite(e.mean));
  if (!alone && !last) parts.push(measurable ? "no instrument changes it (every alone and last effect is 0)" : "no instrument's effect can be measured (the value is undefined in some arm)");
  else if (alone && last && alone.instrument === last.instrument)
    parts.push(`channel: ${instrumentLabel(ch, alone.instrument)}, the largest both alone ${effectCell(alone)} and last ${effectCell(last)}`);
  else {
    if (alone) parts.push(`largest alone: ${instrumentLabel(ch, alone.instrument)} ${effectCell(alone)} (last ${effectCell(find("last", alone.instrument))})`);
    if (last) parts.push(`largest last: ${instrumentLabel(ch, last.instrument)} ${effectCell(last)} (alone ${effectCell(find("alone", last.instrument))})`);
  }
  parts.push(`bare licence ${effectCell(find("bare"))}; interactions ${effectCell(find("interactions"))}`);
  return parts.join("; ");
}

/** "hhi_lawful: Pre-release audit; frontier_providers_lawful: Vetting lock-out" (the largest last effect per criterion), or "none" without a regime. */
function mainChannels(claim: ClaimResult): string {
  const instrument = (ch: ChannelResult) =>
    ch.largestLast ? instrumentLabel(ch, ch.largestLast.instrument) : ch.largestAlone ? `${instrumentLabel(ch, ch.largestAlone.instrument)} (alone)` : "no instrument";
  const named = claim.channels.map((ch) => `${ch.criterion.metric}: ${ch.bareDominates ? `bare licence, then ${instrument(ch)}` : instrument(ch)}`);
  return named.length > 0 ? named.join("; ") : "no regime in the arms read";
}

function channelsSection(run: ClaimsRun): string[] {
  const withChannels = run.claims.filter((c) => c.channels.length > 0);
  if (withChannels.length === 0) return [];
  const lines: string[] = [];
  lines.push("## Channels (decomposition)", "");
  lines.push(
    `Each criterion read on an arm with a regime, split into the regime's instruments on the same ${run.settings.seeds} seeds (\`moat decompose\` for one scenario). Arms: *none* (the baseline, or the arm's scenario without its regime), *bare* (the licence with every instrument off: the line, and who may buy what), *full* (the arm as written), each instrument *alone* on the bare licence and the full regime *without* it. Effects are per-seed differences of the criterion's per-run value (for a criterion against the run's first quarter, that change or ratio) in the metric's units: whole regime = full - none; bare licence = bare - none; alone = (bare + instrument) - bare; last = full - (full without instrument); interactions = whole - bare - the sum of alone. Mean [5%, 95%] over seeds; n/a where the value is undefined in an arm (a level that exists only under a regime, or a ratio to a first quarter with no compliance spend). When alone and last agree the instrument acts on its own; when they differ, it works through the others.`,
    "",
  );
  const described = new Set<string>();
  for (const claim of withChannels)
    for (const ch of claim.channels)
      for (const i of ch.instruments)
        if (!described.has(i.id)) {
          described.add(i.id);
          if (described.size === 1) lines.push("Instruments switched off:", "");
          lines.push(`- **${i.label}** (\`${i.id}\`): ${i.offMeans}`);
        }
  lines.push("");
  for (const claim of withChannels)
    for (const ch of claim.channels) {
      const find = (effect: Effect["effect"], instrument = "") => ch.effects.find((e) => e.effect === effect && e.instrument === instrument);
      lines.push(`### ${claim.study.id}: ${ch.criterion.metric} (${measureOf(ch)}, ${ch.arm})`, "");
      lines.push("| channel | alone | last |", "|---|---|---|");
      lines.push("<!-- numbers -->");
      lines.push(`| Whole regime | ${effectCell(find("total"))} | |`);
      lines.push(`| Bare licence | ${effectCell(find("bare"))} | |`);
      for (const i of ch.instruments) lines.push(`| ${i.label} | ${effectCell(find("alone", i.id))} | ${effectCell(find("last", i.id))} |`);
      lines.push(`| Interactions | ${effectCell(find("interactions"))} | |`);
      lines.push("<!-- /numbers -->", "");
    }
  return lines;
}

function claimSection(claim: ClaimResult, chartFiles: Map<string, string>): string[] {
  const s = claim.study;
  const lines: string[] = [];
  lines.push(`## ${s.id}: ${s.title}`, "");
  lines.push(`> ${s.claim} (policy commentary, docs/CLAIMS.md)`, "");
  lines.push(`**Mechanism in moat.** ${s.mechanism}`, "");
  lines.push(`**Verdict:** ${claim.verdict}.`, "");
  if (claim.verdictKind === "not supported") lines.push("The model does not produce this claimed outcome at the default parameters or at any swept value.", "");
  if (claim.verdictKind === "conditional" && !claim.holdsAtDefault) lines.push("At the scenario's own parameters the model does not produce this outcome; it appears only in the region named above.", "");
  lines.push("**Result at the scenario's parameters** (per-seed effects, common random numbers):", "");
  lines.push("<!-- numbers -->");
  for (const r of claim.atDefault) lines.push(`- ${criterionSentence(r)}`);
  lines.push("<!-- /numbers -->", "");
  if (claim.channels.length > 0) {
    lines.push(
      `**Channel behind the verdict** (the ${claim.channels[0].arm} regime split into its instruments on the same seeds: *alone* = the instrument added to a bare licence, *last* = the full regime minus the regime without it; mean [5%, 95%]; tables under Channels):`,
      "",
    );
    lines.push("<!-- numbers -->");
    for (const ch of claim.channels) lines.push(`- ${channelSentence(ch)}`);
    lines.push("<!-- /numbers -->", "");
  }
  if (claim.sweeps.length > 0) {
    lines.push("**Where the claim holds and where it fails** (one parameter at a time):", "");
    lines.push("| parameter | value | metric | mean | 5% | 95% | share | claim |", "|---|---|---|---|---|---|---|---|");
    lines.push("<!-- numbers -->");
    for (const p of claim.sweeps) {
      const r = p.criteria[0];
      for (const cr of p.criteria)
        lines.push(`| ${p.path} | ${f(p.value)} | ${cr.criterion.metric} | ${f(cr.summary.mean)} | ${f(cr.summary.q05)} | ${f(cr.summary.q95)} | ${f(cr.summary.shareClaimed)} | ${cr === r ? (p.holds ? "holds" : "fails") : ""} |`);
    }
    lines.push("<!-- /numbers -->", "");
    for (const path of new Set(claim.sweeps.map((p) => p.path))) {
      const file = chartFiles.get(`${s.id}|${path}`);
      if (file) lines.push(`![${s.id} against ${parameterWords(path)}](${file})`, "");
    }
  }
  return lines;
}

function marketSection(run: ClaimsRun): string[] {
  const lines: string[] = [];
  lines.push(`## The debate's market table against moat (licensing-era, ${MARKET_YEAR})`, "");
  lines.push(
    `The debate's table runs from 2025 to ${MARKET_YEAR}; moat starts in the first quarter of 2026, so its start column is that quarter and its ${MARKET_YEAR} column the last quarter of ${MARKET_YEAR}. Cells are means over seeds with 5%-95% intervals across seeds.`,
    "",
  );
  lines.push(`| quantity | claimed 2025 | claimed ${MARKET_YEAR} | moat start | moat ${MARKET_YEAR} (licensing-era) | moat ${MARKET_YEAR} (baseline) |`, "|---|---|---|---|---|---|");
  lines.push("<!-- numbers -->");
  const range = (r: [number, number]) => (r[0] === r[1] ? f(r[0]) : `${f(r[0])} to ${f(r[1])}`);
  const cell = (x: MarketResult["start"]) => `${f(x.mean)} (${f(x.q05)} to ${f(x.q95)})`;
  for (const m of run.market) lines.push(`| ${m.row.label} | ${range(m.row.claimed2025)} | ${range(m.row.claimed2027)} | ${cell(m.start)} | ${cell(m.at2027)} | ${cell(m.baseline2027)} |`);
  lines.push("<!-- /numbers -->", "");
  lines.push("Units and what it would take to reproduce the claimed figures:", "");
  for (const m of run.market) {
    const inside = m.row.metric === "open_weight_share" ? "" : m.claimInsideInterval ? " The claimed figure lies within moat's interval." : " The claimed figure lies outside moat's interval.";
    lines.push(`- **${m.row.label}** (${m.row.unit}): ${m.row.note}.${inside} To reproduce the claim: ${m.row.assumption}.`);
  }
  lines.push("");
  return lines;
}

export function reportMarkdown(run: ClaimsRun, chartFiles: Map<string, string>, elapsedSeconds?: number): string {
  const lines: string[] = [];
  const s = run.settings;
  lines.push("# moat: the licensing claims, tested", "");
  lines.push(
    `Each hypothesis from docs/CLAIMS.md (policy commentary) is a study file in scenarios/claims/. Arms run against the no-regime baseline on the same seeds (common random numbers): ${s.seeds} seeds at the scenarios' parameters and the first ${Math.min(s.sweepSeeds, s.seeds)} of them at each sensitivity point${s.periods !== undefined ? `, ${s.periods} quarters per run` : ""}; ${run.runCount} runs in all${elapsedSeconds !== undefined ? ` in ${elapsedSeconds.toFixed(0)} s` : ""}. Every number below is in results.csv.`,
    "",
  );
  lines.push(
    `**Decision rule.** A criterion holds at a parameter point when at least ${HOLD_SHARE * 100}% of seeds show an effect past its threshold in the claimed direction; the claim holds at a point when all its criteria do. Verdict: *supported* when it holds at the scenario's parameters and at every sweep point; *not supported* when it holds at none; otherwise *supported only when* the swept conditions under which it holds. Intervals are the 5% and 95% quantiles of the per-seed effects (90% of seeds).`,
    "",
  );
  lines.push("| hypothesis | verdict | channel (per criterion, the instrument whose removal changes the effect most; the bare licence first when it moves it more) |", "|---|---|---|");
  for (const c of run.claims) lines.push(`| ${c.study.id} ${c.study.title} | ${c.verdict} | ${mainChannels(c)} |`);
  lines.push("");
  for (const c of run.claims) lines.push(...claimSection(c, chartFiles));
  lines.push(...marketSection(run));
  lines.push(...channelsSection(run));
  lines.push("## How to extend", "");
  lines.push(
    "Add a hypothesis by adding a study file to scenarios/claims/ (id, title, claim, mechanism, arms, criteria, sweeps; the format is at the top of sim/report/claims.ts and in docs/CLAIMS-METHOD.md) and rerun `moat claims`. A criterion reads any metric in sim/metric-catalog.ts; a new metric is computed in sim/observe.ts and described in the catalog. Sweeps take any dotted scenario path.",
    "",
  );
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML: the Markdown above, converted by a small converter for the subset it uses, with the
// charts inlined.

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>")
    .replace(/`([^`]+)`/g, "<code>$1</code>");
}

export function markdownToHtml(markdown: string, svgs: Map<string, string>): string {
  const out: string[] = [];
  const lines = markdown.split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith("<!--") || line.trim() === "") {
      i++;
      continue;
    }
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) {
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
      i++;
      continue;
    }
    const image = /^!\[([^\]]*)\]\(([^)]+)\)$/.exec(line);
    if (image) {
      out.push(`<figure>${svgs.get(image[2]) ?? ""}<figcaption>${inline(image[1])}</figcaption></figure>`);
      i++;
      continue;
    }
    if (line.startsWith("|")) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i].startsWith("|") || lines[i].startsWith("<!--"))) {
        if (lines[i].startsWith("|") && !/^\|(-+\|)+$/.test(lines[i])) rows.push(lines[i].slice(1, -1).split(" | ").map((c) => c.trim()));
        i++;
      }
      const [head, ...body] = rows;
      out.push(`<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join("")}</tr></thead><tbody>`);
      for (const row of body) out.push(`<tr>${row.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`);
      out.push("</tbody></table>");
      continue;
    }
    if (line.startsWith("- ")) {
      out.push("<ul>");
      while (i < lines.length && (lines[i].startsWith("- ") || lines[i].startsWith("<!--"))) {
        if (lines[i].startsWith("- ")) out.push(`<li>${inline(lines[i].slice(2))}</li>`);
        i++;
      }
      out.push("</ul>");
      continue;
    }
    if (line.startsWith("> ")) {
      out.push(`<blockquote>${inline(line.slice(2))}</blockquote>`);
      i++;
      continue;
    }
    out.push(`<p>${inline(line)}</p>`);
    i++;
  }
  const style =
    "body{font-family:'Source Sans 3',system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}blockquote{border-left:4px solid #999;margin:1rem 0;padding:.25rem 1rem;color:#444}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}code{background:#f3f3f3;padding:0 .2rem}";
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>moat: the licensing claims, tested</title><style>${style}</style></head><body>\n${out.join("\n")}\n</body></html>\n`;
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface WrittenReport {
  files: string[];
}

export async function writeClaimsReport(run: ClaimsRun, outDir: string, elapsedSeconds?: number): Promise<WrittenReport> {
  mkdirSync(join(outDir, "charts"), { recursive: true });
  const files: string[] = [];
  const chartFiles = new Map<string, string>();
  const svgs = new Map<string, string>();
  for (const claim of run.claims) {
    for (const path of new Set(claim.sweeps.map((p) => p.path))) {
      const spec = sweepChartSpec(claim, path);
      if (!spec) continue;
      const svg = await renderSvg(spec);
      const relative = `charts/${claim.study.id}-${path.split(".").pop()}.svg`;
      writeFileAtomic(join(outDir, relative), svg);
      files.push(join(outDir, relative));
      chartFiles.set(`${claim.study.id}|${path}`, relative);
      svgs.set(relative, svg);
    }
  }
  const csvPath = join(outDir, "results.csv");
  writeFileAtomic(csvPath, resultsCsv(resultRows(run)));
  const markdown = reportMarkdown(run, chartFiles, elapsedSeconds);
  const mdPath = join(outDir, "report.md");
  const htmlPath = join(outDir, "report.html");
  writeFileAtomic(mdPath, markdown);
  writeFileAtomic(htmlPath, markdownToHtml(markdown, svgs));
  files.push(csvPath, mdPath, htmlPath);
  return { files };
}
