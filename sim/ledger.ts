// Money: every payment has a payer and a payee. Accounts are the firms plus the sectors outside the
// model's agents. Balances start at zero (firms' starting cash comes from investors), so the sum of
// all balances is zero at all times: no money is created or lost.

export const SECTORS = ["buyers", "compute", "compliance", "government", "investors", "suppliers"] as const;
export type Sector = (typeof SECTORS)[number];

export interface Ledger {
  /** balance of each sector, USD M */
  sector: Record<Sector, number>;
  /** cash of each firm by firm id, USD M (may be negative down to the firm's credit limit: debt to investors) */
  firmCash: number[];
  /** money that moved this period, by sector and direction (reset each period) */
  flowsThisPeriod: Record<Sector, { paid: number; received: number }>;
}

export type Account = Sector | number;

export function newLedger(): Ledger {
  const sector = {} as Record<Sector, number>;
  const flowsThisPeriod = {} as Ledger["flowsThisPeriod"];
  for (const s of SECTORS) {
    sector[s] = 0;
    flowsThisPeriod[s] = { paid: 0, received: 0 };
  }
  return { sector, firmCash: [], flowsThisPeriod };
}

export function resetPeriodFlows(ledger: Ledger): void {
  for (const s of SECTORS) ledger.flowsThisPeriod[s] = { paid: 0, received: 0 };
}

/** transfer: balance(from) -= amount, balance(to) += amount (amount >= 0, USD M) */
export function pay(ledger: Ledger, from: Account, to: Account, amountUsdM: number): void {
  if (!(amountUsdM > 0)) return;
  if (typeof from === "number") ledger.firmCash[from] -= amountUsdM;
  else {
    ledger.sector[from] -= amountUsdM;
    ledger.flowsThisPeriod[from].paid += amountUsdM;
  }
  if (typeof to === "number") ledger.firmCash[to] += amountUsdM;
  else {
    ledger.sector[to] += amountUsdM;
    ledger.flowsThisPeriod[to].received += amountUsdM;
  }
}

/** sum of all balances: zero up to rounding when no money was created or destroyed */
export function totalBalance(ledger: Ledger): number {
  let total = 0;
  for (const s of SECTORS) total += ledger.sector[s];
  for (const c of ledger.firmCash) total += c;
  return total;
}

/** sum of absolute balances, the scale for the rounding tolerance of totalBalance */
export function balanceScale(ledger: Ledger): number {
  let total = 0;
  for (const s of SECTORS) total += Math.abs(ledger.sector[s]);
  for (const c of ledger.firmCash) total += Math.abs(c);
  return total;
}
