// Words: metrics (from the registry's noun and unit kind), parameters, arms, years, and the
// sentences chart titles state. Portable.
import { kindLabel, metricInfo, unitWords, type MetricInfo } from "../../metric-catalog.js";
import type { StatRow, StudyTables } from "../../statistics.js";
import { isClearEffect, regimeStartYear, type EndEffect } from "./study.js";
import { decimalsForMagnitude, formatNumber, formatSignificant } from "./text.js";

export { kindLabel };

/** How a metric is named and counted in titles, axes and labels. */
export interface MetricWording {
  /** the registry's entry (only id, label, unit and description for an unknown id) */
  info: Pick<MetricInfo, "id" | "label" | "unit" | "description"> & Partial<MetricInfo>;
  /** noun phrase for titles, e.g. "market concentration" */
  noun: string;
  /** shares are drawn in percent (data x100) */
  isShare: boolean;
  /** HHI points: drawn with the 1,800 line of the 2023 US Merger Guidelines */
  isHhi: boolean;
  /** multiply data by this before drawing */
  scale: number;
  /** y-axis title for levels, e.g. "HHI (usage shares), points" */
  axisTitle: string;
  /** unit of a difference, e.g. "percentage points" */
  differenceUnit: string;
  /** a level in words, e.g. "3,400 HHI points", "12%" */
  level(value: number): string;
  /** a difference's size in words (no sign), e.g. "1,240 HHI points" */
  amount(difference: number): string;
  /** a difference's size as a bare number, when the unit was said just before: "323", "3.1", "$12M" */
  amountShort(difference: number): string;
  /** a level without its unit, for labels next to an axis that has it: "3,400", "12%", "$1,950M" */
  short(value: number): string;
}

/** Id -> label, unit and wording, from the metric registry; unknown ids get the id as label and no unit. */
export function metricWording(metricId: string): MetricWording {
  const known = metricInfo(metricId);
  const info: MetricWording["info"] = known ?? { id: metricId, label: metricId, unit: "", description: "" };
  const measure = known?.measure;
  const kind = measure?.kind;
  const isShare = kind === "share";
  const isHhi = kind === "index-points";
  const isUsd = kind === "money-per-period" || kind === "price";
  const millions = kind === "money-per-period";
  // counts of firms, models or runs are whole numbers: one decimal at most for means across seeds
  const isCount = kind === "count";
  const plainUnit = measure ? unitWords(measure) : "";
  const shareOf = measure?.kind === "share" && measure.of ? ` of ${measure.of}` : "";
  const unitWordsOf = isHhi ? "HHI points" : plainUnit;
  const usdRest = kind === "money-per-period" ? "per quarter" : "per million tokens";
  const usdWords = kind === "money-per-period" ? "USD million per quarter" : "USD per million tokens";
  const percent = (share: number): string => {
    const pct = share * 100;
    return formatNumber(pct, Math.abs(pct) < 10 && Math.abs(pct) >= 0.05 ? 1 : 0).replace(/\.0$/, "");
  };
  const short = (value: number): string => {
    if (isShare) return `${percent(value)}%`;
    if (isUsd) return `${value < 0 ? "-" : ""}$${formatSignificant(Math.abs(value))}${millions ? "M" : ""}`;
    if (isCount && Math.abs(value) < 100) return formatNumber(value, 1).replace(/\.0$/, "");
    return formatSignificant(value);
  };
  const level = (value: number): string => {
    if (isShare || !unitWordsOf) return short(value);
    if (isUsd) return `${short(value)} ${usdRest}`;
    return `${short(value)} ${unitWordsOf}`;
  };
  const amount = (difference: number): string => {
    const size = Math.abs(difference);
    if (isShare) return `${percent(size)} percentage point${percent(size) === "1" ? "" : "s"}`;
    return level(size);
  };
  const axisUnit = isShare ? `%${shareOf}` : isUsd ? usdWords : plainUnit;
  return {
    info,
    noun: known?.noun ?? `the ${metricId}`,
    isShare,
    isHhi,
    scale: isShare ? 100 : 1,
    axisTitle: axisUnit ? `${info.label}, ${axisUnit}` : info.label,
    differenceUnit: isShare ? "percentage points" : isUsd ? usdWords : unitWordsOf || "units",
    level,
    amount,
    amountShort: (difference: number) => (isShare ? percent(Math.abs(difference)) : short(Math.abs(difference))),
    short,
  };
}

/** "regime.tiers.0.minTrainingFlop" -> "Min training FLOP"; "compliance.costUsdM" -> "Cost USD M". */
export function parameterLabel(path: string): string {
  const last = path.split(".").filter((part) => !/^\d+$/.test(part)).pop() ?? path;
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .toLowerCase()
    .replace(/\busd m\b/g, "USD M")
    .replace(/\b(flop|usd|hhi|ai|eu|us|uk)\b/g, (w) => w.toUpperCase());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A parameter value as printed on axes: 1e25 -> "1e25", 2500 -> "2,500", 0.25 -> "0.25". */
export function formatParameterValue(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split("e");
    const m = Number(Number(mantissa).toPrecision(3));
    return `${m === 1 ? "" : `${m}×`}1e${Number(exponent)}`.replace(/^1e/, "1e");
  }
  return formatNumber(value, Number.isInteger(value) ? 0 : decimalsForMagnitude(value));
}

const NO_REGIME_NAME = /^(no[-_ ]?regime|none|baseline|status[-_ ]quo|counterfactual)$/i;

export function armSubject(arm: string): string {
  if (NO_REGIME_NAME.test(arm)) return "Having no regime";
  // an arm named "the-line-and-progress" reads "The line-and-progress regime", not "The the-..."
  const name = arm.replace(/^the[-_ ]+/i, "");
  return /regime$/i.test(name) ? `The ${name}` : `The ${name} regime`;
}

// "under the strict regime" / "with no regime"
export function armCondition(arm: string): string {
  if (NO_REGIME_NAME.test(arm)) return "with no regime";
  return `under ${armSubject(arm).replace(/^The/, "the")}`;
}

export function yearWord(year: number): string {
  return String(Math.floor(year + 1e-9));
}

// "Min training FLOP" -> "min training FLOP" (acronyms kept) for use inside a sentence.
export function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function regimeStartText(tables: StudyTables): string {
  const year = regimeStartYear(tables);
  if (year === null) return "";
  const whole = Math.floor(year + 1e-9);
  if (Math.abs(year - whole) < 1e-9) return String(whole);
  if (tables.periodsPerYear === 4) return `Q${Math.round((year - whole) * 4) + 1} ${whole}`;
  return year.toFixed(1);
}

export function pointLabel(tables: StudyTables, params: Record<string, number>): string {
  return tables.parameters
    .map((path, i) => {
      const label = parameterLabel(path);
      return `${i === 0 ? label : inSentence(label)} = ${formatParameterValue(params[path])}`;
    })
    .join(", ");
}

export function sourceLine(tables: StudyTables): string {
  const seeds =
    tables.seedCount === 1 ? (tables.seeds?.length === 1 ? `seed ${tables.seeds[0]}` : "1 seed") : `${formatNumber(tables.seedCount)} seeds`;
  const names = [...new Set(tables.arms.map((arm) => arm.scenario))];
  const scenarios = `${names.length === 1 ? "scenario" : "scenarios"} ${names.join(", ")}`;
  const counterfactual = tables.type === "single" && tables.baseline ? " against its no-regime counterfactual" : "";
  return `Source: moat ${tables.moatVersion}, ${scenarios}${counterfactual}, ${seeds}`;
}

export function settingText(tables: StudyTables): string {
  const seeds =
    tables.seedCount === 1 ? "One seed" : `Mean of ${formatNumber(tables.seedCount)} seeds and the 5-95% band across seeds`;
  const start = regimeStartYear(tables) === null ? "" : `; regime starts ${regimeStartText(tables)} (dashed line)`;
  return `${seeds}${start}.`;
}

/** "The strict regime raises market concentration by 1,240 HHI points by 2036", or "no clear change". */
export function effectTitle(effects: EndEffect[], wording: MetricWording, scaleOfMetric: number, subjectFor: (arm: string) => string = armSubject): string {
  if (effects.length === 0) return capitalise(`${wording.noun} over time`);
  const by = `by ${yearWord(effects[0].year)}`;
  const sentence = (e: EndEffect): string =>
    isClearEffect(e, scaleOfMetric)
      ? `${e.mean > 0 ? "raises" : "lowers"} ${wording.noun} by ${wording.amount(e.mean)} ${by}`
      : `makes no clear change to ${wording.noun} ${by}`;
  if (effects.length === 1) return `${subjectFor(effects[0].arm)} ${sentence(effects[0])}`;
  const clear = effects.filter((e) => isClearEffect(e, scaleOfMetric));
  if (clear.length === 0) return `No regime clearly changes ${wording.noun} ${by}`;
  const ranked = [...effects].sort(
    (a, b) =>
      Number(isClearEffect(b, scaleOfMetric)) - Number(isClearEffect(a, scaleOfMetric)) ||
      Math.abs(b.mean) - Math.abs(a.mean) ||
      a.arm.localeCompare(b.arm),
  );
  const [largest, ...others] = ranked;
  const lead = `${subjectFor(largest.arm)} ${sentence(largest)}`;
  if (others.length > 2) return `${lead}, the most of ${effects.length} regimes`;
  const rest = others.map((e) => {
    const subject = subjectFor(e.arm).replace(/^The/, "the");
    if (!isClearEffect(e, scaleOfMetric)) return `${subject} makes no clear change`;
    const same = (e.mean > 0) === (largest.mean > 0);
    return same ? `${subject} by ${wording.amountShort(e.mean)}` : `${subject} ${e.mean > 0 ? "raises" : "lowers"} it by ${wording.amount(e.mean)}`;
  });
  return `${lead}; ${rest.join("; ")}`;
}

export function trendTitle(rows: StatRow[], wording: MetricWording): string {
  const periods = [...new Set(rows.map((row) => row.period))].sort((a, b) => a - b);
  const first = rows.filter((row) => row.period === periods[0]);
  const last = rows.filter((row) => row.period === periods[periods.length - 1]);
  if (first.length !== 1 || last.length !== 1) return capitalise(`${wording.noun} over time`);
  const from = first[0].mean;
  const to = last[0].mean;
  const verb = Math.abs(to - from) <= 1e-9 * Math.max(1, Math.abs(from)) ? "stays at" : to > from ? "rises from" : "falls from";
  const change = verb === "stays at" ? wording.level(to) : `${wording.short(from)} to ${wording.level(to)}`;
  return capitalise(`${wording.noun} ${verb} ${change} by ${yearWord(last[0].year)}`);
}
