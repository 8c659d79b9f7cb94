// Bench of the global-sensitivity estimators on cheap test functions (no simulation runs), at the
// sizes of a global analysis of the claims: how long moat spends on sampling and estimation besides
// the runs themselves. Part of `npm run bench`; alone: `npm run build && node dist/sim/bench/sensitivity.js`.
// No assertions: the figures are for reading.
import { fileURLToPath } from "node:url";
import { morrisEffects, morrisUnitRows } from "../experiment/morris.js";
import { prim, primData } from "../experiment/prim.js";
import { saltelliUnitRows, sobolIndices } from "../experiment/saltelli.js";
import { sobolPoints } from "../experiment/sobol-sequence.js";
import { streamFor } from "../random.js";

export interface SensitivityBench {
  sobolPoints: { points: number; dimensions: number; ms: number };
  sobolIndices: { parameters: number; baseCount: number; runs: number; resamples: number; ms: number };
  morris: { parameters: number; trajectories: number; runs: number; resamples: number; ms: number };
  prim: { parameters: number; runs: number; boxes: number; ms: number };
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

// Sobol's G function with a_i = 0, 1, 2, ..: a cheap stand-in for a model output.
function gFunction(unit: readonly number[]): number {
  return unit.reduce((product, x, i) => (product * (Math.abs(4 * x - 2) + i)) / (1 + i), 1);
}

export function benchSensitivity(say: (line: string) => void): SensitivityBench {
  const parameters = 20;
  const names = Array.from({ length: parameters }, (_, i) => `x${i + 1}`);

  const points = timed(() => sobolPoints(2 ** 14, 2 * parameters));
  say(`sobol points   ${2 ** 14} x ${2 * parameters} dimensions: ${points.ms.toFixed(0)} ms`);

  const baseCount = 256;
  const rows = saltelliUnitRows(parameters, baseCount);
  const outputs = rows.map(gFunction);
  const indices = timed(() => sobolIndices(outputs, names, { resamples: 1000, seed: 1 }));
  say(`sobol indices  ${parameters} parameters, N = ${baseCount} (${rows.length} runs), 1000 bootstrap resamples: ${indices.ms.toFixed(0)} ms`);

  const trajectories = 50;
  const morrisRows = morrisUnitRows(parameters, trajectories, { seed: 1 });
  const morris = timed(() => morrisEffects(morrisRows, morrisRows.map(gFunction), names, { resamples: 1000, seed: 1 }));
  say(`morris         ${parameters} parameters, ${trajectories} trajectories (${morrisRows.length} runs), 1000 bootstrap resamples: ${morris.ms.toFixed(0)} ms`);

  const runs = 4000;
  const draw = streamFor(1, "bench-prim");
  const primPoints = Array.from({ length: runs }, () => Object.fromEntries(names.map((name) => [name, draw()])));
  const holds = primPoints.map((point) => (point.x1 as number) > 0.3 && (point.x2 as number) < 0.7);
  const found = timed(() => prim(primData(primPoints, holds, names)));
  say(`prim           ${parameters} parameters, ${runs} runs: ${found.ms.toFixed(0)} ms (${found.value.trajectory.length} boxes on the trajectory)`);

  return {
    sobolPoints: { points: 2 ** 14, dimensions: 2 * parameters, ms: points.ms },
    sobolIndices: { parameters, baseCount, runs: rows.length, resamples: 1000, ms: indices.ms },
    morris: { parameters, trajectories, runs: morrisRows.length, resamples: 1000, ms: morris.ms },
    prim: { parameters, runs, boxes: found.value.trajectory.length, ms: found.ms },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchSensitivity((line) => process.stdout.write(`${line}\n`));
