// The claims families (docs/CLAIMS.md, H1-H10): one study file per hypothesis in
// scenarios/claims/, run as arms against baseline on common random numbers plus one-at-a-time
// sensitivity sweeps, and judged by one stated rule. This module holds the
// settings each needs run (`designClaims`) and the judging (`judgeClaims`), both pure; the runs
// themselves go through the experiment layer's planner and runner (sim/report/claims-run.ts).
//
// Study file format: sim/report/claim-files.ts and docs/CLAIMS-METHOD.md.
//
// Channels: every criterion read on an arm with a regime is also decomposed into the regime's
// instruments (sim/experiment/decompose.ts) on the same seeds: the arm's regime with none of them
// (bare licence), with each alone and without each, against the claim's own reference. The planner
// (claims-run.ts) loads each arm's scenario, picks the instruments in force (`channelPlan`), and the
// runs join the others, so they checkpoint, resume and shard with them.
import { quantile } from "../statistics.js";
import { ClaimFileError, type ClaimStudy, type Criterion } from "./claim-files.js";
import { MARKET_ROWS, MARKET_YEAR, verdictOf, type ChannelInstrument, type ChannelResult, type ClaimResult, type ClaimsRun, type CriterionResult, type MarketResult, type SweepPointResult } from "./claims-results.js";
import { deriveSeeds } from "../experiment/seeds.js";
import type { RunMetrics } from "../experiment/worker.js";
import {
  activeInstruments,
  decomposeEffects,
  decompositionArms,
  FULL_ARM,
  NONE_ARM,
  type Effect,
} from "../experiment/decompose.js";
import type { Scenario } from "../scenario/schema.js";

// ---------------------------------------------------------------------------------------------
// Settings and the plan of runs

export interface ClaimsSettings {
  /** replicates per arm at the default parameters */
  seeds: number;
  /** replicates per sweep point (the first of the same seeds) */
  sweepSeeds: number;
  masterSeed: number;
  /** quarters per run (undefined: the scenario's own) */
  periods?: number;
  /** keep only the first and last value of each sweep */
  tinySweeps: boolean;
}

export function defaultSettings(seeds = 20): ClaimsSettings {
  return { seeds, sweepSeeds: Math.max(3, Math.ceil(seeds / 2)), masterSeed: 1, tinySweeps: false };
}

export function quickSettings(seeds = 3): ClaimsSettings {
  return { seeds, sweepSeeds: 2, masterSeed: 1, periods: 12, tinySweeps: true };
}

/** A scenario with overrides: what one run needs besides its seed. */
export interface Setting {
  scenario: string;
  set: Record<string, unknown>;
}

/** Identity of a setting: its scenario and its overrides in path order. */
export function settingKey(setting: Setting): string {
  const entries = Object.entries(setting.set).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${setting.scenario}|${JSON.stringify(entries)}`;
}

/** Only technology and market parameters reach the no-regime baseline; regime parameters do not. */
export function reachesBaseline(path: string): boolean {
  return !path.startsWith("regime.");
}

export function sweepValues(values: number[], tiny: boolean): number[] {
  return tiny && values.length > 2 ? [values[0], values[values.length - 1]] : values;
}

/** The metric ids the studies read, plus those of the market table. */
export function neededMetrics(studies: ClaimStudy[]): string[] {
  const ids = new Set<string>(MARKET_ROWS.map((r) => r.metric));
  for (const s of studies) for (const c of s.criteria) ids.add(c.metric);
  return [...ids].sort();
}

// ---------------------------------------------------------------------------------------------
// Per-run statistics and effects (pure)

/** One run's series per metric, indexed by period, with the calendar year of each period. */
export interface RunSeries {
  years: number[];
  series: Map<string, number[]>;
}

export function runSeries(run: RunMetrics): RunSeries {
  const series = new Map<string, number[]>();
  const years: number[] = [];
  for (let r = 0; r < run.period.length; r++) {
    const name = run.metricNames[run.metric[r]];
    let values = series.get(name);
    if (!values) series.set(name, (values = []));
    values[run.period[r]] = run.value[r];
    years[run.period[r]] = run.year[r];
  }
  return { years, series };
}

/** Period index of the last quarter of `year` (the last period when the run ends earlier). */
export function lastQuarterOf(years: number[], year: number): number {
  let index = -1;
  years.forEach((y, i) => {
    if (Math.floor(y + 1e-9) <= year) index = i;
  });
  return index < 0 ? 0 : index;
}

/** A run's summary of one metric: start | end | mean | sum over periods | value in the last quarter of a year. */
export function runStatistic(run: RunSeries, metric: string, statistic: Criterion["statistic"]): number {
  const values = run.series.get(metric);
  if (!values || values.length === 0) return Number.NaN;
  if (statistic === "start") return values[0];
  if (statistic === "end") return values[values.length - 1];
  if (statistic === "sum") return values.reduce((a, b) => a + b, 0);
  if (statistic === "mean") return values.reduce((a, b) => a + b, 0) / values.length;
  if (statistic === "mean_nonzero") {
    // mean over the periods where the metric is not 0 (e.g. release delay over periods with releases); 0 if none
    const nonzero = values.filter((v) => v !== 0);
    return nonzero.length > 0 ? nonzero.reduce((a, b) => a + b, 0) / nonzero.length : 0;
  }
  return values[lastQuarterOf(run.years, statistic)];
}

/** Effect for one seed: arm vs reference (baseline run, the arm's first quarter, or nothing). */
export function seedEffect(criterion: Criterion, arm: RunSeries, baseline: RunSeries): number {
  const value = runStatistic(arm, criterion.metric, criterion.statistic);
  if (criterion.against === "none") return value;
  const reference = criterion.against === "baseline" ? runStatistic(baseline, criterion.metric, criterion.statistic) : runStatistic(arm, criterion.metric, "start");
  return criterion.effect === "ratio" ? value / reference : value - reference;
}

/** The decision rule: the claim holds at a point when at least this share of seeds shows an effect past the threshold. */
export const HOLD_SHARE = 0.75;

export interface EffectSummary {
  n: number;
  mean: number;
  q05: number;
  q95: number;
  /** share of seeds whose effect passes the threshold in the claimed direction */
  shareClaimed: number;
  holds: boolean;
}

/** Round to 3 significant figures: every number the report prints is one of these, as in results.csv. */
export function sig3(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(3));
}

export function summariseEffects(effects: number[], criterion: Criterion): EffectSummary {
  const finite = effects.filter((e) => Number.isFinite(e));
  const passes = finite.filter((e) => (criterion.direction === "increase" ? e > criterion.threshold : e < criterion.threshold)).length;
  const shareClaimed = finite.length > 0 ? passes / finite.length : 0;
  const mean = finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
  return {
    n: finite.length,
    mean: sig3(mean),
    q05: sig3(quantile(finite, 0.05)),
    q95: sig3(quantile(finite, 0.95)),
    shareClaimed: sig3(shareClaimed),
    holds: finite.length > 0 && shareClaimed >= HOLD_SHARE,
  };
}

/** Statistics across seeds of a level (not a difference). */
function levelSummary(values: number[]): { mean: number; q05: number; q95: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
  return { mean: sig3(mean), q05: sig3(quantile(finite, 0.05)), q95: sig3(quantile(finite, 0.95)) };
}

// ---------------------------------------------------------------------------------------------
// What the families need run (pure): every setting a judgement reads and the seeds it needs

export interface ClaimsDesign {
  studies: ClaimStudy[];
  settings: ClaimsSettings;
  /** seeds at the scenarios' parameters */
  seeds: number[];
  /** seeds at each sweep point: the first of `seeds` */
  sweepSeeds: number[];
  /** metric ids the runs keep */
  metrics: string[];
  /** every setting (with the settings' common overrides, e.g. periods), by settingKey, with the seeds it is read at */
  wanted: Map<string, { setting: Setting; seeds: number[] }>;
  /** the channel decomposition of each arm with a regime, by settingKey of the arm (without common overrides) */
  channels: ReadonlyMap<string, ChannelPlan>;
}

/** How one arm's regime is decomposed: its instruments in force, and the setting that runs each decomposition arm. */
export interface ChannelPlan {
  instruments: ChannelInstrument[];
  /** decomposition arm name (none, bare, full, only-c, without-c) -> setting */
  settings: Map<string, Setting>;
}

/**
 * The decomposition of an arm (`scenario` is its scenario loaded with its overrides): the arms of
 * sim/experiment/decompose.ts as settings. "full" is the arm itself; "none" is the baseline when the
 * arm's scenario without its regime is the baseline (then the total is the claim's own effect), else
 * the arm's scenario with `regime: null`. Undefined when the arm has no regime or no instrument in force.
 */
export function channelPlan(arm: Setting, scenario: Scenario, noneIsBaseline: boolean): ChannelPlan | undefined {
  if (!scenario.regime) return undefined;
  const instruments = activeInstruments(scenario);
  if (instruments.length === 0) return undefined;
  const settings = new Map<string, Setting>();
  for (const decomposition of decompositionArms(scenario, instruments)) {
    if (decomposition.name === FULL_ARM) settings.set(FULL_ARM, arm);
    else if (decomposition.name === NONE_ARM) settings.set(NONE_ARM, noneIsBaseline ? BASELINE : { scenario: arm.scenario, set: { ...arm.set, regime: null } });
    else settings.set(decomposition.name, { scenario: arm.scenario, set: { ...arm.set, ...decomposition.set } });
  }
  return { instruments: instruments.map(({ id, label, offMeans }) => ({ id, label, offMeans })), settings };
}

/** The arms of the studies that are read at the default parameters on a regime: what `channelPlan` is asked for. */
export function channelArms(studies: ClaimStudy[]): Setting[] {
  const arms = new Map<string, Setting>();
  for (const study of studies)
    for (const criterion of study.criteria) {
      const name = criterion.arm ?? study.arms[0].name;
      if (name === "baseline") continue;
      const setting = armSetting(study, name);
      arms.set(settingKey(setting), setting);
    }
  return [...arms.values()];
}

const BASELINE: Setting = { scenario: "baseline", set: {} };
/** The arm of the market table. */
const MARKET_ARM: Setting = { scenario: "licensing-era", set: {} };

function armSetting(study: ClaimStudy, armName: string): Setting {
  if (armName === "baseline") return BASELINE;
  const arm = study.arms.find((a) => a.name === armName);
  if (!arm) throw new ClaimFileError([`${study.id}: no arm ${armName}`]);
  return { scenario: arm.scenario, set: arm.set };
}

function withPoint(setting: Setting, path: string, value: number): Setting {
  return { scenario: setting.scenario, set: { ...setting.set, [path]: value } };
}

/** A setting with the settings' common overrides (the quick version's periods) under its own. */
export function fullSetting(settings: ClaimsSettings, setting: Setting): Setting {
  const base: Record<string, unknown> = settings.periods !== undefined ? { periods: settings.periods } : {};
  return { scenario: setting.scenario, set: { ...base, ...setting.set } };
}

/**
 * The settings every study reads: baseline and arms on all seeds, sweep points on the sweep seeds,
 * and the decomposition arms of each `channels` plan (by the arm's settingKey) on all seeds.
 */
export function designClaims(studies: ClaimStudy[], settings: ClaimsSettings, channels: ReadonlyMap<string, ChannelPlan> = new Map()): ClaimsDesign {
  const seeds = deriveSeeds(settings.masterSeed, settings.seeds);
  const sweepSeeds = seeds.slice(0, Math.min(settings.sweepSeeds, settings.seeds));
  const wanted = new Map<string, { setting: Setting; seeds: number[] }>();
  const want = (setting: Setting, wantedSeeds: number[]) => {
    const full = fullSetting(settings, setting);
    const key = settingKey(full);
    const existing = wanted.get(key);
    if (!existing) wanted.set(key, { setting: full, seeds: [...wantedSeeds] });
    else if (wantedSeeds.length > existing.seeds.length) existing.seeds = [...wantedSeeds];
  };
  want(BASELINE, seeds);
  for (const study of studies) {
    for (const arm of study.arms) want(armSetting(study, arm.name), seeds);
    for (const sweep of study.sweeps) {
      for (const value of sweepValues(sweep.values, settings.tinySweeps)) {
        want(withPoint(armSetting(study, sweep.arm), sweep.path, value), sweepSeeds);
        if (reachesBaseline(sweep.path)) want(withPoint(BASELINE, sweep.path, value), sweepSeeds);
      }
    }
  }
  for (const plan of channels.values()) for (const setting of plan.settings.values()) want(setting, seeds);
  if (!wanted.has(settingKey(fullSetting(settings, MARKET_ARM)))) throw new ClaimFileError([`the market table needs an arm on scenario ${MARKET_ARM.scenario} in some study`]);
  return { studies, settings, seeds, sweepSeeds, metrics: neededMetrics(studies), wanted, channels };
}

// ---------------------------------------------------------------------------------------------
// Judging (pure): the runs in, the verdicts and the market table out

/** One run of a setting (as designed, without the common overrides) at a seed. */
export type RunLookup = (setting: Setting, seed: number) => RunSeries;

/**
 * What a run contributes to a criterion's decomposition: the run statistic, or for a criterion
 * against the run's own first quarter, the change (or ratio) since then. Differences of these between
 * decomposition arms are the channels' effects, in the metric's units.
 */
export function channelValue(criterion: Criterion, run: RunSeries): number {
  return criterion.against === "start" ? seedEffect(criterion, run, run) : runStatistic(run, criterion.metric, criterion.statistic);
}

const roundEffect = (e: Effect): Effect => ({
  ...e,
  mean: sig3(e.mean),
  q05: sig3(e.q05),
  q95: sig3(e.q95),
  sharePositive: sig3(e.sharePositive),
  se: sig3(e.se),
  ci95Low: sig3(e.ci95Low),
  ci95High: sig3(e.ci95High),
});

/** The effect of the largest |mean| among `effects` (the first on ties), undefined when none is finite or all are 0. */
function largestEffect(effects: readonly Effect[]): Effect | undefined {
  let best: Effect | undefined;
  for (const e of effects) if (Number.isFinite(e.mean) && (best === undefined || Math.abs(e.mean) > Math.abs(best.mean))) best = e;
  return best !== undefined && best.mean !== 0 ? best : undefined;
}

/** Decompose one criterion on its arm's plan, on the given seeds. */
export function judgeChannel(criterion: Criterion, armName: string, plan: ChannelPlan, runOf: RunLookup, seeds: readonly number[]): ChannelResult {
  const values = new Map<string, number[]>();
  for (const [name, setting] of plan.settings) values.set(name, seeds.map((seed) => channelValue(criterion, runOf(setting, seed))));
  const effects = decomposeEffects(values, plan.instruments.map((i) => i.id)).map(roundEffect);
  const largestAlone = largestEffect(effects.filter((e) => e.effect === "alone"));
  const largestLast = largestEffect(effects.filter((e) => e.effect === "last"));
  const bare = effects.find((e) => e.effect === "bare")!;
  const instrumentSize = Math.max(Math.abs(largestAlone?.mean ?? 0), Math.abs(largestLast?.mean ?? 0));
  return { criterion, arm: armName, instruments: plan.instruments, effects, largestAlone, largestLast, bareDominates: Number.isFinite(bare.mean) && Math.abs(bare.mean) > instrumentSize };
}

/** Judge every study from its runs; `runCount` is the number of distinct runs made. */
export function judgeClaims(design: ClaimsDesign, runOf: RunLookup, runCount: number): ClaimsRun {
  const { studies, settings, seeds, sweepSeeds } = design;
  const evaluate = (criterion: Criterion, armName: string, armSet: Setting, baseSet: Setting, seedList: number[]): CriterionResult => {
    const effects = seedList.map((seed) => seedEffect(criterion, runOf(armSet, seed), runOf(baseSet, seed)));
    return { criterion, arm: armName, summary: summariseEffects(effects, criterion) };
  };

  const claims: ClaimResult[] = studies.map((study) => {
    const armNameOf = (c: Criterion) => c.arm ?? study.arms[0].name;
    const atDefault = study.criteria.map((c) => evaluate(c, armNameOf(c), armSetting(study, armNameOf(c)), BASELINE, seeds));
    const holdsAtDefault = atDefault.every((r) => r.summary.holds);
    const sweeps: SweepPointResult[] = [];
    for (const sweep of study.sweeps) {
      for (const value of sweepValues(sweep.values, settings.tinySweeps)) {
        const criteria: CriterionResult[] = [];
        let holds = true;
        study.criteria.forEach((c, i) => {
          const armName = armNameOf(c);
          const swept = armName === sweep.arm || (armName === "baseline" && reachesBaseline(sweep.path));
          if (!swept) {
            holds &&= atDefault[i].summary.holds;
            return;
          }
          const armSet = withPoint(armSetting(study, armName), sweep.path, value);
          const baseSet = reachesBaseline(sweep.path) ? withPoint(BASELINE, sweep.path, value) : BASELINE;
          const result = evaluate(c, armName, armSet, baseSet, sweepSeeds);
          criteria.push(result);
          holds &&= result.summary.holds;
        });
        sweeps.push({ path: sweep.path, value, arm: sweep.arm, criteria, holds });
      }
    }
    const { verdict, kind } = verdictOf(holdsAtDefault, sweeps, study.arms[0].name);
    const channels: ChannelResult[] = [];
    for (const c of study.criteria) {
      const armName = armNameOf(c);
      const plan = armName === "baseline" ? undefined : design.channels.get(settingKey(armSetting(study, armName)));
      if (plan) channels.push(judgeChannel(c, armName, plan, runOf, seeds));
    }
    return { study, atDefault, channels, holdsAtDefault, sweeps, verdict, verdictKind: kind };
  });

  const market: MarketResult[] = MARKET_ROWS.map((row) => {
    const pick = (setting: Setting, statistic: Criterion["statistic"]) =>
      levelSummary(seeds.map((seed) => runStatistic(runOf(setting, seed), row.metric, statistic) * row.factor));
    const at2027 = pick(MARKET_ARM, MARKET_YEAR);
    const claimInsideInterval = row.claimed2027[1] >= at2027.q05 && row.claimed2027[0] <= at2027.q95;
    return { row, start: pick(MARKET_ARM, "start"), at2027, baseline2027: pick(BASELINE, MARKET_YEAR), claimInsideInterval };
  });

  return { settings, seeds, runCount, claims, market };
}
