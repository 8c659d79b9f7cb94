// What a fit hands on: the posterior of each parameter (posterior.csv) and a scenario that extends
// the fitted one with the posterior means (calibrated.yaml), each field annotated with its 90%
// interval and prior. scenarios/calibration/history-calibrated.yaml and
// data/calibration/history-posterior.csv are these two outputs of the shipped fit, and
// docs/MODEL.md's parameter table reads the posterior (sim/calibration/parameter-table.ts).
// Portable.
import { Document, isScalar } from "yaml";
import { formatParameter, scenarioEstimate, type AbcResult, type PosteriorSummary } from "./fit.js";
import { EPOCH_CREDIT } from "./moments.js";

/** One calibrated parameter as the docs read it. */
export interface CalibratedParameter {
  /** concrete scenario path, e.g. kinds.startup.arrivalsPerYear */
  path: string;
  estimate: number;
  q05: number;
  q95: number;
  priorMin: number;
  priorMax: number;
}

export function calibratedParameters(posterior: readonly PosteriorSummary[]): CalibratedParameter[] {
  return posterior.map((p) => ({ path: p.path, estimate: scenarioEstimate(p.mean), q05: p.q05, q95: p.q95, priorMin: p.priorMin, priorMax: p.priorMax }));
}

/** The calibrated scenario: `extends` the fitted scenario and sets each fitted parameter to its estimate. */
export function calibratedScenarioYaml(
  result: Pick<AbcResult, "posterior" | "accepted" | "draws">,
  context: { extends: string; name: string; command: string; fitYears: readonly number[]; seeds: number },
): string {
  const values: Record<string, unknown> = {};
  for (const p of result.posterior) {
    const segments = p.path.split(".");
    let at = values;
    for (const s of segments.slice(0, -1)) at = (at[s] ??= {}) as Record<string, unknown>;
    at[segments[segments.length - 1]] = scenarioEstimate(p.mean);
  }
  const span = `${context.fitYears[0]}-${context.fitYears[context.fitYears.length - 1]}`;
  const doc = new Document({
    extends: context.extends,
    name: context.name,
    description:
      `${context.extends} with the parameters fitted to Epoch AI's record of ${span} set to their posterior means ` +
      `(rejection ABC, ${result.accepted} of ${result.draws.length} draws accepted, ${context.seeds} seeds each).`,
    ...values,
  });
  for (const p of result.posterior) {
    const node = doc.getIn(p.path.split("."), true);
    if (isScalar(node)) node.comment = ` posterior mean; 90% interval ${formatParameter(p.q05)} to ${formatParameter(p.q95)}; prior ${formatParameter(p.priorMin)} to ${formatParameter(p.priorMax)}`;
  }
  doc.commentBefore = [
    ` ${context.name}: written by \`${context.command}\` (calibrated.yaml).`,
    " The fitted parameters at their posterior means (4 significant digits); every other field is the",
    ` extended scenario's. docs/CALIBRATION.md gives the method and the fit.`,
    ` Compared with: ${EPOCH_CREDIT}`,
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}

/** A default of the 2026 scenario set beside the fit's estimate of the same parameter in the history. */
export interface DefaultCheck {
  path: string;
  /** the default scenario's value (undefined when it does not set the path) */
  defaultValue: number | undefined;
  estimate: number;
  q05: number;
  q95: number;
  /** q05 <= default <= q95; null when the two are not the same quantity (a level at each scenario's own start year) */
  inside: boolean | null;
}

/** The value at a dotted path of a plain record (undefined when absent or not a number). */
export function valueAtPath(record: unknown, path: string): number | undefined {
  const value = path.split(".").reduce<unknown>((at, key) => (at !== null && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined), record);
  return typeof value === "number" ? value : undefined;
}

/** Each fitted parameter's default in `scenario` against its 90% posterior interval. */
export function defaultsAgainstPosterior(posterior: readonly PosteriorSummary[], scenario: unknown): DefaultCheck[] {
  return posterior.map((p) => {
    const defaultValue = valueAtPath(scenario, p.path);
    // a level "at the start" is the level in each scenario's own start year: 2020 in the history, 2026 in the default
    const comparable = !p.path.endsWith("AtStart") && defaultValue !== undefined;
    return { path: p.path, defaultValue, estimate: scenarioEstimate(p.mean), q05: p.q05, q95: p.q95, inside: comparable ? p.q05 <= defaultValue && defaultValue <= p.q95 : null };
  });
}

export function defaultsMarkdown(checks: readonly DefaultCheck[], scenarioName: string): string {
  const fmt = (x: number | undefined) => (x === undefined ? "-" : formatParameter(x));
  const inside = checks.filter((c) => c.inside === true).length;
  const compared = checks.filter((c) => c.inside !== null).length;
  return [
    `## The defaults of ${scenarioName} against the fit`,
    "",
    `${inside} of the ${compared} comparable defaults lie inside the 90% posterior interval. A level "at the start" is not compared: it is the level of each scenario's own start year.`,
    "",
    `| parameter | default in ${scenarioName} | estimate | posterior 5% | posterior 95% | inside |`,
    "|---|---|---|---|---|---|",
    ...checks.map((c) => `| ${c.path} | ${fmt(c.defaultValue)} | ${fmt(c.estimate)} | ${fmt(c.q05)} | ${fmt(c.q95)} | ${c.inside === null ? "not comparable" : c.inside ? "yes" : "no"} |`),
    "",
  ].join("\n");
}
