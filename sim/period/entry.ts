// Phase 7 of a period: potential entrants of each kind arrive (Poisson or deterministic), draw their
// funding, value their first model as a firm would, and enter if that beats the entry cost.
import type { Regime } from "../scenario/schema.js";
import { pay } from "../ledger.js";
import { logitBinary, logitChoice } from "../decisions.js";
import { poissonDraw, streamFor, uniformDraw, type Stream } from "../random.js";
import { affordableTrainingOptions, entryValueUsdM, valuer } from "../valuation.js";
import { addFirm } from "../world.js";
import { countEvent, type FirmState, type World } from "../state.js";
import { startTraining } from "./actions.js";

/** Each arriving potential entrant picks its best first model (logit) and enters iff the binary logit rule on V_enter says so. */
export function enterPotentialEntrants(world: World, regime: Regime | null): void {
  const { scenario } = world;
  for (const kindId of world.kindIds) {
    const kind = scenario.kinds[kindId];
    const count = arrivalsThisPeriod(world, kindId);
    for (let n = 0; n < count; n++) {
      const entrant = drawEntrant(world, kindId);
      const { stream, cashUsdM: cash } = entrant;
      const v = valuer(world, regime, kind);
      const options = affordableTrainingOptions(v, kind, { jurisdiction: kind.homeJurisdiction, weightSecurityPaid: false, licensed: false, cashUsdM: cash - kind.entryCostUsdM });
      if (options.length === 0) continue;
      const choice = logitChoice(options.map((o) => o.value), kind.decisionNoiseUsdM, stream);
      if (!logitBinary(entryValueUsdM(v, kind, options[choice].value), kind.decisionNoiseUsdM, stream)) continue;
      startTraining(world, admitEntrant(world, entrant), options[choice], regime);
    }
  }
}

/** Number of potential entrants of a kind arriving this period: Poisson(rate), or the whole part of the accumulated rate; rate = arrivals per year / periodsPerYear. */
export function arrivalsThisPeriod(world: World, kindId: string): number {
  const kind = world.scenario.kinds[kindId];
  const rate = kind.arrivalsPerYear / world.scenario.periodsPerYear;
  if (kind.arrivalProcess === "poisson") return poissonDraw(world.arrivalStreams.get(kindId)!, rate);
  const accumulated = (world.arrivalAccumulator.get(kindId) ?? 0) + rate;
  const whole = Math.floor(accumulated + 1e-9);
  world.arrivalAccumulator.set(kindId, accumulated - whole);
  return whole;
}

export interface Entrant {
  kindId: string;
  index: number;
  streamKey: string;
  stream: Stream;
  cashUsdM: number;
}

/** The next potential entrant of a kind: its own stream (named by kind and arrival number) and its funding draw. */
export function drawEntrant(world: World, kindId: string): Entrant {
  const kind = world.scenario.kinds[kindId];
  const index = world.arrivalsSoFar.get(kindId)!;
  world.arrivalsSoFar.set(kindId, index + 1);
  const streamKey = `entrant/${kindId}/${index}`;
  const stream = streamFor(world.seed, `${streamKey}/decisions`);
  const cash = uniformDraw(stream, kind.startingCashUsdM.min, kind.startingCashUsdM.max);
  return { kindId, index, streamKey, stream, cashUsdM: cash };
}

/** Let a potential entrant in: a new firm with its funding, paying the sunk entry cost. */
export function admitEntrant(world: World, entrant: Entrant): FirmState {
  const kind = world.scenario.kinds[entrant.kindId];
  const firm = addFirm(world, {
    name: `${kind.label || entrant.kindId} #${entrant.index + 1}`,
    kindId: entrant.kindId,
    jurisdiction: kind.homeJurisdiction,
    cashUsdM: entrant.cashUsdM,
    streamKey: entrant.streamKey,
    incumbent: false,
    decisionStream: entrant.stream,
  });
  pay(world.ledger, firm.id, "suppliers", kind.entryCostUsdM);
  firm.period.investmentUsdM += kind.entryCostUsdM;
  countEvent(world.events.entries, entrant.kindId);
  return firm;
}
