// What one simulation run returns: tidy rows, ready for CSV/Parquet. Portable (no Node imports).

/** One metric in one period (long format). */
export interface MetricRow {
  period: number;
  /** calendar year as a decimal: startYear + period / periodsPerYear */
  year: number;
  metric: string;
  value: number;
}

/** One firm in one period. Money in USD M per period. */
export interface FirmRow {
  period: number;
  year: number;
  firm: number;
  name: string;
  kind: string;
  jurisdiction: string;
  /** "active" while in the market, "exited" in the period it leaves (last row for that firm) */
  status: "active" | "exited";
  cashUsdM: number;
  revenueUsdM: number;
  /** cash flow before funding: operating profit - investment */
  profitUsdM: number;
  /** revenue - serving - compliance - penalties - overhead */
  operatingProfitUsdM: number;
  /** training, entry and relocation paid this period */
  investmentUsdM: number;
  complianceUsdM: number;
  /** funding received from investors this period (outside funding, not profit) */
  fundingUsdM: number;
  usageShare: number;
  revenueShare: number;
  bestCapability: number;
  modelsOnSale: number;
  /** licence status of the firm's best model on sale: licensed | light | exempt | gray | offshore | none */
  licence: string;
}

/** One incumbent's sums over the run, with the regime and on the same seed without it (USD M). */
export interface IncumbentProfit {
  firm: string;
  kind: string;
  /** cash flow before funding: operating profit - investment */
  profitUsdM: number;
  profitNoRegimeUsdM: number;
  operatingProfitUsdM: number;
  operatingProfitNoRegimeUsdM: number;
  investmentUsdM: number;
  investmentNoRegimeUsdM: number;
}

export interface RunOptions {
  /** keep the per-firm table (default true; sweeps turn it off to save memory) */
  recordFirms?: boolean;
  /** also run the same scenario and seed without the regime and return its metrics (default false) */
  counterfactual?: boolean;
}

export interface RunResult {
  scenario: string;
  seed: number;
  metrics: MetricRow[];
  firms: FirmRow[];
  /** same scenario and seed with `regime: null`, when requested */
  counterfactualMetrics?: MetricRow[];
  /** per-firm profit over the run, with and without the regime, for the initial roster (claim H2) */
  incumbentProfits?: IncumbentProfit[];
  /** runtime problems worth a reader's attention (e.g. price solver did not converge in period 12) */
  warnings: string[];
}
