// Checks against the shipped file (data/epoch-models-2018-2024.csv; Data: Epoch AI, Data on AI
// Models (epoch.ai/data), CC BY 4.0.): the figures the issue quotes, and why the code's count of
// organizations at or above 1e24 FLOP in 2024 differs from the 25.
import { describe, expect, it } from "vitest";
import { EPOCH_YEARS, observedReleases, readEpochModels } from "../../sim/calibration/data.js";
import { leadDeveloper } from "../../sim/calibration/epoch.js";
import { targetMoments, trainingCostTrend } from "../../sim/calibration/moments.js";

const rows = readEpochModels();
const moments = targetMoments(observedReleases(), EPOCH_YEARS);
const value = (moment: string, year: number) => moments.find((r) => r.moment === moment && r.year === year)!.value;
const large2024 = rows.filter((r) => r.year === 2024 && r.trainingComputeFlop !== null && r.trainingComputeFlop >= 1e24);

describe("the shipped Epoch file", () => {
  it("parses every row: 499 models of 2018-2024, each with a training compute estimate", () => {
    expect(rows.length).toBe(499);
    expect(rows.every((r) => r.trainingComputeFlop !== null && r.year >= 2018 && r.year <= 2024)).toBe(true);
  });

  it("gives 11 organizations at or above 1e25 FLOP in 2024, as the issue says", () => {
    expect(value("organizations_1e25", 2024)).toBe(11);
    expect(value("models_1e25", 2024)).toBe(13);
  });

  it("gives 22 organizations at or above 1e24 FLOP in 2024: the issue's 25 counts each organization cell as written", () => {
    expect(value("organizations_1e24", 2024)).toBe(22);
    // the count: distinct cells, so "ByteDance,Peking University" is an organization of its own
    expect(new Set(large2024.map((r) => r.organizations.join(","))).size).toBe(25);
    // every listed organization, co-developers included (universities that co-authored a model)
    expect(new Set(large2024.flatMap((r) => r.organizations)).size).toBe(28);
    // first-listed organization only: drops Peking University, UC Berkeley and three LLaVA-OV co-authors
    expect(new Set(large2024.map((r) => r.organizations[0])).size).toBe(23);
    // ... and as parent companies: Meta AI and Facebook AI Research are one company
    expect(new Set(large2024.map((r) => leadDeveloper(r.organizations))).size).toBe(22);
  });

  it("finds GPT-4o the largest 2024 training run", () => {
    const largest = large2024.reduce((a, b) => (b.trainingComputeFlop! > a.trainingComputeFlop! ? b : a));
    expect(largest.model).toBe("GPT-4o");
    expect(value("largest_training_flop", 2024)).toBe(largest.trainingComputeFlop);
  });

  it("fits the cost trend over 2019-2023: 2018 has one cost estimate and 2024 two", () => {
    expect(trainingCostTrend(moments).fitYears).toEqual([2019, 2020, 2021, 2022, 2023]);
    expect(moments.filter((r) => r.moment === "largest_training_cost_usd" && (r.year === 2018 || r.year === 2024)).map((r) => r.basis)).toEqual([1, 2]);
  });
});
