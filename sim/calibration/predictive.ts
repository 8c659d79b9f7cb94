// Out of sample: fit on some years' moments only, then set the posterior-predictive distribution
// (every seed of every accepted draw) against the data in every year, the fitted years and the
// held-out ones, with the error of the predictive mean and whether the data fall in its 5-95% band.
// Portable.
import { compareMoments, formatMomentValue } from "./compare.js";
import { MOMENTS, type MomentId, type MomentRow } from "./moments.js";

/** The moment rows of the given years only (a fit on those years sees nothing else). */
export function rowsInYears(rows: readonly MomentRow[], years: readonly number[]): MomentRow[] {
  return rows.filter((r) => years.includes(r.year));
}

export interface PredictiveRow {
  moment: MomentId;
  year: number;
  /** "fit": a year the fit saw; "holdout": a year it predicts */
  sample: "fit" | "holdout";
  data: number | null;
  /** runs (accepted draws x seeds) in which the moment is defined that year */
  runs: number;
  mean: number;
  q05: number;
  q95: number;
  /** error = predictive mean - data (null: the data or the model undefined) */
  errorAbs: number | null;
  /** relative error = (mean - data) / |data| (null: data zero or undefined) */
  errorRel: number | null;
  /** q05 <= data <= q95 (null: undefined) */
  inBand: boolean | null;
}

/**
 * The posterior predictive against the data: `runs` are the moment rows of every seed of every
 * accepted draw, `years` every year compared, `fitYears` those the fit used.
 */
export function posteriorPredictive(data: readonly MomentRow[], runs: readonly MomentRow[][], years: readonly number[], fitYears: readonly number[]): PredictiveRow[] {
  return compareMoments(data, runs, years).map((c) => {
    const defined = c.data !== null && c.seeds > 0;
    const errorAbs = defined ? c.mean - c.data! : null;
    return {
      moment: c.moment,
      year: c.year,
      sample: fitYears.includes(c.year) ? "fit" : "holdout",
      data: c.data,
      runs: c.seeds,
      mean: c.mean,
      q05: c.q05,
      q95: c.q95,
      errorAbs,
      errorRel: errorAbs !== null && c.data !== 0 ? errorAbs / Math.abs(c.data!) : null,
      inBand: defined ? c.q05 <= c.data! && c.data! <= c.q95 : null,
    };
  });
}

/** How many of the rows with a defined comparison have the data inside the band. */
export function bandCoverage(rows: readonly PredictiveRow[]): { inBand: number; compared: number } {
  const compared = rows.filter((r) => r.inBand !== null);
  return { inBand: compared.filter((r) => r.inBand).length, compared: compared.length };
}

/** The predictive tables as Markdown: the held-out years first, then the fitted ones. */
export function predictiveMarkdown(rows: readonly PredictiveRow[], context: { accepted: number; seeds: number }): string {
  const fmtRel = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(0)}%`);
  const fmtBand = (x: boolean | null) => (x === null ? "-" : x ? "yes" : "no");
  const section = (sample: PredictiveRow["sample"], title: string): string[] => {
    const selected = rows.filter((r) => r.sample === sample);
    if (selected.length === 0) return [];
    const { inBand, compared } = bandCoverage(selected);
    return [
      `## ${title}`,
      "",
      `Data in the 5-95% band: ${inBand} of ${compared} moment-years.`,
      "",
      "| moment | year | data | predictive mean | 5% | 95% | error | relative error | in band | runs |",
      "|---|---|---|---|---|---|---|---|---|---|",
      ...selected.map(
        (r) =>
          `| ${MOMENTS.find((m) => m.id === r.moment)!.label} | ${r.year} | ${formatMomentValue(r.data)} | ${formatMomentValue(r.mean)} | ${formatMomentValue(r.q05)} | ` +
          `${formatMomentValue(r.q95)} | ${formatMomentValue(r.errorAbs)} | ${fmtRel(r.errorRel)} | ${fmtBand(r.inBand)} | ${r.runs} |`,
      ),
      "",
    ];
  };
  return [
    `Posterior predictive: every seed of the ${context.accepted} accepted draws (${context.accepted * context.seeds} runs); mean and 5-95% band of each moment, ` +
      "error = predictive mean - data, relative error = error / |data|.",
    "",
    ...section("holdout", "Out of sample: the years the fit did not see"),
    ...section("fit", "In sample: the years the fit used"),
  ].join("\n");
}
