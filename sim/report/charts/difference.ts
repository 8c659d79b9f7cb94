// Difference from the baseline: the per-seed differences arm - baseline (common random numbers)
// with their 5-95% band and a zero line, or the difference of the means without a band. Portable.
import type { StatRow, StudyTables } from "../../statistics.js";
import { extent } from "./frame.js";
import { lineChart, seriesOf } from "./lines.js";
import { baselineOf, endEffects, regimeStartYear, rowsFor } from "./study.js";
import { ChartInputError, slug, type Chart, type ChartRequest } from "./types.js";
import { effectTitle, metricWording, regimeStartText } from "./wording.js";
import { formatNumber } from "./text.js";

export function differenceChart(tables: StudyTables, request: ChartRequest): Chart {
  const wording = metricWording(request.metric);
  const baseline = baselineOf(tables, request);
  if (!baseline)
    throw new ChartInputError(
      `--kind difference needs a baseline, and study "${tables.name}" has none; run \`moat compare <baseline> <regime>\` or pass --vs <arm>`,
    );
  let rows: StatRow[];
  if (baseline === tables.baseline && rowsFor(tables.differences, request.metric).length > 0) {
    rows = rowsFor(tables.differences, request.metric).filter((row) => row.arm !== baseline);
  } else {
    // Difference of the means (no per-seed band) when the study has no differences for this baseline.
    const summary = rowsFor(tables.summary, request.metric);
    const base = new Map(summary.filter((row) => row.arm === baseline).map((row) => [`${row.point}#${row.period}`, row]));
    rows = summary
      .filter((row) => row.arm !== baseline && base.has(`${row.point}#${row.period}`))
      .map((row) => {
        const d = row.mean - base.get(`${row.point}#${row.period}`)!.mean;
        return { ...row, n: 1, mean: d, median: d, q05: d, q95: d, se: 0 };
      });
  }
  if (rows.length === 0) throw new ChartInputError(`no arm other than the baseline "${baseline}" to compare in study "${tables.name}"`);
  const series = seriesOf(tables, rows, undefined, (arm) => arm);
  const effects = endEffects(tables, request.metric, baseline);
  const scaleOfMetric = Math.max(0, extent(rowsFor(tables.summary, request.metric).map((row) => Math.abs(row.mean)))[1]);
  const title = effectTitle(effects, wording, scaleOfMetric);
  const baseName = tables.type === "single" ? "the same run without the regime" : baseline;
  const band = rows.some((row) => row.n > 1)
    ? `Mean of ${formatNumber(tables.seedCount)} per-seed differences (same seeds in every arm) and their 5-95% band`
    : "One seed";
  const start = regimeStartYear(tables) === null ? "" : `; regime starts ${regimeStartText(tables)} (dashed line)`;
  const subtitle = `${wording.info.label} against ${baseName}, ${wording.differenceUnit}. ${band}${start}.`;
  const yTitle = `Change in ${wording.info.label.replace(/^[A-Z][a-z]/, (m) => m.toLowerCase())}, ${wording.differenceUnit}`;
  const spec = lineChart(tables, request, series, wording, { title, subtitle, yTitle }, true);
  return { spec, title: request.title ?? title, name: `${slug(request.metric)}-difference` };
}
