// Reading Epoch AI's file: the treatment of lists, missing values and access, and errors that name
// the file, the row and the column.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DataError, developedOutsideUs, hasOpenWeights, leadDeveloper, parseEpochModels, releaseOf, splitListCell } from "../../sim/calibration/epoch.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtureFile = join(here, "fixtures", "epoch-fixture.csv");
const fixture = parseEpochModels(readFileSync(fixtureFile, "utf8"), fixtureFile);
const HEADER = "model,organization,country,publication_date,training_compute_flop,accessibility,training_cost_2023_usd";

describe("reading the Epoch file", () => {
  it("splits organization lists on commas outside quotes", () => {
    expect(splitListCell('"Example Labs, Inc",Peking University')).toEqual(["Example Labs, Inc", "Peking University"]);
    expect(fixture.find((r) => r.model === "A5")!.organizations).toEqual(["Example Labs, Inc", "Peking University"]);
    expect(splitListCell(null)).toEqual([]);
  });

  it("reads empty cells as missing and dollar amounts as numbers", () => {
    const a6 = fixture.find((r) => r.model === "A6")!;
    expect(a6).toMatchObject({ countries: [], accessibility: null, trainingCost2023Usd: null, trainingComputeFlop: 2e24, year: 2022 });
    expect(fixture.find((r) => r.model === "A8")!.trainingComputeFlop).toBeNull();
    expect(fixture.find((r) => r.model === "A5")!.trainingCost2023Usd).toBe(2e6);
    expect(fixture.find((r) => r.model === "B4")!.organizations).toEqual([]);
  });

  it("credits the first-listed organization, as its parent company", () => {
    expect(leadDeveloper(["Google Brain", "Google Research"])).toBe("Google");
    expect(leadDeveloper(["Facebook AI Research"])).toBe("Meta");
    expect(leadDeveloper(["ByteDance", "Peking University"])).toBe("ByteDance");
    expect(leadDeveloper([])).toBeNull();
  });

  it("places a model outside the US only when countries are listed and none is the US", () => {
    expect(developedOutsideUs(["United States of America", "Multinational", "India"])).toBe(false);
    expect(developedOutsideUs(["China", "United States of America"])).toBe(false);
    expect(developedOutsideUs(["Multinational", "Germany"])).toBe(true);
    expect(developedOutsideUs(["Multinational"])).toBeNull();
    expect(developedOutsideUs([])).toBeNull();
  });

  it("counts the three open-weight licences as open and leaves unreleased models out", () => {
    expect(hasOpenWeights("Open weights (non-commercial)")).toBe(true);
    expect(hasOpenWeights("Open weights (restricted use)")).toBe(true);
    expect(hasOpenWeights("Hosted access (no API)")).toBe(false);
    expect(hasOpenWeights("API access")).toBe(false);
    expect(hasOpenWeights("Unreleased")).toBeNull();
    expect(hasOpenWeights(null)).toBeNull();
    expect(releaseOf(fixture.find((r) => r.model === "A2")!)).toMatchObject({ developer: "Google", openWeights: null, outsideUs: true, trainingCostUsd: 3e6 });
  });

  it("lists every bad cell at once, naming the file, the row and the column", () => {
    const text = [
      HEADER,
      "M1,Org,United States of America,2024-13,1e24,API access,",
      "M2,Org,United States of America,2024-01-02,lots,Open source,$12x",
    ].join("\n");
    let error: unknown;
    try {
      parseEpochModels(text, "bad.csv");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).problems).toEqual([
      'bad.csv: row 2 (M1): publication_date: expected a date YYYY-MM-DD, got "2024-13"',
      'bad.csv: row 3 (M2): training_compute_flop: expected a positive number of FLOP or nothing, got "lots"',
      'bad.csv: row 3 (M2): training_cost_2023_usd: expected a positive amount such as $5170.46 or nothing, got "$12x"',
      'bad.csv: row 3 (M2): accessibility: expected one of API access, Open weights (unrestricted), Open weights (restricted use), Open weights (non-commercial), Hosted access (no API), Unreleased or nothing, got "Open source"',
    ]);
  });

  it("names the missing columns", () => {
    expect(() => parseEpochModels("model,organization\nM,Org\n", "short.csv")).toThrow(
      /short\.csv: \(header\): expected the columns country, publication_date, training_compute_flop, accessibility, training_cost_2023_usd/,
    );
  });
});
