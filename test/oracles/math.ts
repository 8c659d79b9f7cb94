// Test oracles: closed forms and stable log-sums the tests check the market core against
// (the Lambert W form of the logit Bertrand price, log-sum-exp). No code under sim/ calls them.

/** -1/e, the branch point of the Lambert W function. */
export const LAMBERT_W_BRANCH_POINT = -Math.exp(-1);

const LAMBERT_W_MAX_HALLEY_STEPS = 32;
const LAMBERT_W_RELATIVE_TOLERANCE = 1e-15;

// Starting value for W0(x): branch-point series, a rational guess near 0, or the asymptotic expansion.
function lambertW0InitialGuess(x: number): number {
  if (x < -0.25) {
    // W(x) ~ -1 + p - p^2/3 + 11 p^3/72 - 43 p^4/540 with p = sqrt(2 (e x + 1))
    const p = Math.sqrt(Math.max(0, 2 * (Math.E * x + 1)));
    return -1 + p * (1 + p * (-1 / 3 + p * (11 / 72 - p * (43 / 540))));
  }
  if (x < 3) {
    // W(x) ~ x (1 + 4x/3) / (1 + 7x/3 + 5x^2/6) (Pade approximant at 0)
    return (x * (1 + (4 / 3) * x)) / (1 + x * (7 / 3 + (5 / 6) * x));
  }
  // W(x) ~ L1 - L2 + L2 / L1 with L1 = ln x, L2 = ln ln x
  const logX = Math.log(x);
  const logLogX = Math.log(logX);
  return logX - logLogX + logLogX / logX;
}

// W0(x): the w >= -1 with w e^w = x, for x >= -1/e (Halley iteration on w - x e^{-w} = 0).
export function lambertW0(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === 0) return x; // keeps the sign of -0
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x <= LAMBERT_W_BRANCH_POINT) {
    // Rounding of -1/e: accept arguments within a few ulps of the branch point as the branch point.
    return x >= LAMBERT_W_BRANCH_POINT * (1 + 4 * Number.EPSILON) ? -1 : Number.NaN;
  }
  let w = lambertW0InitialGuess(x);
  for (let step = 0; step < LAMBERT_W_MAX_HALLEY_STEPS; step++) {
    // f(w) / e^w = w - x e^{-w}; Halley: w -= f / (f' - f f'' / (2 f')), everything divided by e^w
    const residual = w - x * Math.exp(-w);
    const wPlusOne = w + 1;
    if (wPlusOne <= 0) break; // only at the branch point itself, where the series guess is exact enough
    const denominator = wPlusOne - ((w + 2) * residual) / (2 * wPlusOne);
    const nextW = w - residual / denominator;
    const change = Math.abs(nextW - w);
    w = nextW > -1 ? nextW : -1;
    if (!(change > LAMBERT_W_RELATIVE_TOLERANCE * Math.max(1e-300, Math.abs(w)))) break;
  }
  return w;
}

// ln(sum_i exp(x_i)), computed as max + ln(sum_i exp(x_i - max)); -Infinity for an empty list.
export function logSumExp(values: ArrayLike<number>): number {
  let largest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i] > largest) largest = values[i];
  if (largest === Number.NEGATIVE_INFINITY || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - largest);
  return largest + Math.log(sum);
}

// ln(1 + sum_i exp(x_i)): the log-sum with an outside option of utility 0 included, stable for large x_i.
export function logOnePlusSumExp(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > largest) largest = values[i];
  if (!Number.isFinite(largest)) return largest;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - largest);
  return largest === 0 ? Math.log1p(sum) : largest + Math.log(Math.exp(-largest) + sum);
}
