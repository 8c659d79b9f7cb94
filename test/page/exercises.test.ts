// The exercises the page reads from the teaching scenarios' comments, and how a prediction is
// checked against the runs.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../sim/page/app/build.js";
import { effectOutcome, parseExercise, trendOutcome } from "../../sim/page/exercises.js";
import { metricInfo } from "../../sim/metric-catalog.js";

const dir = join(repoRoot, "scenarios", "teaching");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

describe("parseExercise", () => {
  it("reads numbered questions (continued over lines), the prediction and the charts", () => {
    const text = [
      "# Predict (effect on gray_share): Does it rise?",
      "# Charts: gray_share, usage_share , hhi_usage",
      "extends: ../baseline.yaml",
      "# Questions",
      "# 1. First line",
      "#    and its second line.",
      "# 2. Second.",
      "",
      "# not a question",
    ].join("\n");
    expect(parseExercise(text)).toEqual({
      questions: ["First line and its second line.", "Second."],
      prediction: { kind: "effect", metric: "gray_share", question: "Does it rise?" },
      charts: ["gray_share", "usage_share", "hhi_usage"],
    });
    expect(parseExercise("# Predict (trend of best_capability): Up?\n# Questions\n# 1. Q")?.prediction).toEqual({ kind: "trend", metric: "best_capability", question: "Up?" });
    expect(parseExercise("name: x\n")).toBeUndefined();
  });

  it.each(files)("%s has questions, a prediction and charts of metrics moat reports", (file) => {
    const exercise = parseExercise(readFileSync(join(dir, file), "utf8"));
    expect(exercise).toBeDefined();
    expect(exercise!.questions.length).toBeGreaterThanOrEqual(2);
    expect(exercise!.prediction).toBeDefined();
    expect(exercise!.charts.length).toBeGreaterThanOrEqual(2);
    for (const metric of [exercise!.prediction!.metric, ...exercise!.charts]) expect(metricInfo(metric) ?? metricInfo(`${metric}.x`), metric).toBeDefined();
  });
});

describe("outcomes", () => {
  it("an effect is clear only when its 90% band excludes zero; with one seed when it is not zero", () => {
    expect(effectOutcome({ mean: 2, q05: 0.5, q95: 3, hasBand: true })).toBe("up");
    expect(effectOutcome({ mean: -2, q05: -3, q95: -0.1, hasBand: true })).toBe("down");
    expect(effectOutcome({ mean: 2, q05: -0.5, q95: 3, hasBand: true })).toBe("none");
    expect(effectOutcome({ mean: 0.3, q05: 0.3, q95: 0.3, hasBand: false })).toBe("up");
    expect(effectOutcome({ mean: 0, q05: 0, q95: 0, hasBand: false })).toBe("none");
  });

  it("a trend counts when the end differs from the start by more than 5% of the larger", () => {
    expect(trendOutcome(1, 2)).toBe("up");
    expect(trendOutcome(2, 1)).toBe("down");
    expect(trendOutcome(100, 104)).toBe("none");
    expect(trendOutcome(100, 106)).toBe("up");
    expect(trendOutcome(0, 0)).toBe("none");
    expect(trendOutcome(-1, -2)).toBe("down");
  });
});
