// Guided exercises for the what-if page, read from the comments of a teaching scenario file
// (scenarios/teaching/*.yaml), so a teacher edits one file that the page, the command line and a
// student reading it top to bottom all share:
//   # Predict (effect on frontier_providers): Will a USD 5M licence fee change ...?
//   # Charts: frontier_providers, providers.startup, compliance_spend
//   # Questions
//   # 1. First question, possibly
//   #    over several lines.
//   # 2. Second question.
// "effect on" asks how the regime moves the metric by the end of the run (regime - no regime on
// the same seeds); "trend of" asks how the metric moves over the run with the regime.
// Portable.

export type PredictionKind = "effect" | "trend";

export interface Prediction {
  kind: PredictionKind;
  /** metric id the prediction is about */
  metric: string;
  /** the question put to the student */
  question: string;
}

export interface Exercise {
  /** numbered questions, in order, each one sentence or a few */
  questions: string[];
  prediction?: Prediction;
  /** metric ids to chart ("usage_share" for the usage shares by kind) */
  charts: string[];
}

/** The answers a student picks from, by kind, in the order shown. */
export const PREDICTION_CHOICES: Record<PredictionKind, readonly { id: Outcome; label: string }[]> = {
  effect: [
    { id: "up", label: "The regime raises it" },
    { id: "down", label: "The regime lowers it" },
    { id: "none", label: "No clear change" },
  ],
  trend: [
    { id: "up", label: "It rises" },
    { id: "down", label: "It falls" },
    { id: "none", label: "It stays about the same" },
  ],
};

export type Outcome = "up" | "down" | "none";

const PREDICT = /^#\s*Predict \((effect on|trend of) ([A-Za-z0-9_.-]+)\):\s*(.+)$/;
const CHARTS = /^#\s*Charts:\s*(.+)$/;

/** The exercise in a teaching scenario's text; undefined when it has no "# Questions" block. */
export function parseExercise(text: string): Exercise | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^#\s*Questions\s*$/.test(line));
  if (start < 0) return undefined;
  const questions: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("#")) break;
    const body = line.replace(/^#\s?/, "");
    const numbered = /^(\d+)\.\s+(.*)$/.exec(body);
    if (numbered) questions.push(numbered[2].trim());
    else if (questions.length > 0 && body.trim() !== "") questions[questions.length - 1] += ` ${body.trim()}`;
  }
  let prediction: Prediction | undefined;
  let charts: string[] = [];
  for (const line of lines) {
    const p = PREDICT.exec(line);
    if (p) prediction = { kind: p[1] === "effect on" ? "effect" : "trend", metric: p[2], question: p[3].trim() };
    const c = CHARTS.exec(line);
    if (c) charts = c[1].split(",").map((id) => id.trim()).filter((id) => id !== "");
  }
  return { questions, prediction, charts };
}

/** What the runs say, as an outcome: an effect is "none" unless its 90% band excludes zero. */
export function effectOutcome(effect: { mean: number; q05: number; q95: number; hasBand: boolean }): Outcome {
  const clear = effect.hasBand ? effect.q05 > 0 || effect.q95 < 0 : Math.abs(effect.mean) > 1e-12;
  if (!clear) return "none";
  return effect.mean > 0 ? "up" : "down";
}

/**
 * A trend as an outcome: the mean at the end against the mean at the start, "none" when they differ
 * by less than `tolerance` of the larger magnitude (default 5%).
 */
export function trendOutcome(first: number, last: number, tolerance = 0.05): Outcome {
  const scale = Math.max(Math.abs(first), Math.abs(last));
  if (scale === 0 || Math.abs(last - first) <= tolerance * scale) return "none";
  return last > first ? "up" : "down";
}
