// The shipped fit's outputs and the parameter table that reads them: every fitted parameter shows
// "calibrated" with its estimate and 90% interval (per kind for the kinds' fields) where the fit
// identifies it, "not identified" otherwise; the other fields "assumption" (with a range) or "policy"; the calibrated scenario holds the same estimates; the
// posterior covers exactly the priors of the study file.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { calibratedParameterTable, readPosterior, shippedPosteriorFile } from "../../sim/calibration/parameter-table.js";
import { parameterStatus, scenarioFields, isInstanceOf } from "../../sim/scenario/docs.js";
import { loadStudyFile } from "../../sim/experiment/study.js";
import { REPO, tempDir } from "../experiment/helpers.js";

const posterior = readPosterior(shippedPosteriorFile());
const fields = scenarioFields();

describe("the parameter table with the shipped fit", () => {
  it("matches concrete paths to schema paths (map entries, list positions)", () => {
    expect(isInstanceOf("kinds.startup.arrivalsPerYear", "kinds.<id>.arrivalsPerYear")).toBe(true);
    expect(isInstanceOf("technology.frontierComputeGrowthPerYear", "technology.frontierComputeGrowthPerYear")).toBe(true);
    expect(isInstanceOf("firms.0.cashUsdM", "firms[].cashUsdM")).toBe(true);
    expect(isInstanceOf("kinds.startup.arrivalsPerYear", "kinds.<id>.entryCostUsdM")).toBe(false);
    expect(isInstanceOf("kinds.startup", "kinds.<id>.arrivalsPerYear")).toBe(false);
  });

  it("marks each fitted parameter in exactly one row: calibrated with its estimate and 90% interval where the fit identifies it, else not identified", () => {
    const table = calibratedParameterTable();
    for (const p of posterior) {
      const rows = fields.filter((f) => isInstanceOf(p.path, f.path));
      expect(rows, p.path).toHaveLength(1);
      const status = parameterStatus(rows[0], posterior);
      const id = p.path.startsWith("kinds.") ? `${p.path.split(".")[1]} ` : "";
      const part = status.split(/; (?=calibrated: |assumption, not identified)/).find((s) => s.includes(`${id}${p.estimate} (90%: `));
      expect(part, `${p.path}: ${status}`).toBeDefined();
      expect(part!.startsWith(p.identified ? "calibrated: " : "assumption, not identified by the fit: ")).toBe(true);
      expect(p.identified).toBe(p.intervalShareOfPrior <= 0.5);
      expect(table).toContain(status);
      expect(p.q05).toBeLessThanOrEqual(p.estimate);
      expect(p.estimate).toBeLessThanOrEqual(p.q95);
    }
    const arrivals = parameterStatus(fields.find((f) => f.path === "kinds.<id>.arrivalsPerYear")!, posterior);
    expect(arrivals).toMatch(/frontier-lab .*startup .*foreign .*; other entries: assumption$/);
    // both kinds of status occur in the shipped fit
    expect(posterior.some((p) => p.identified)).toBe(true);
    expect(posterior.some((p) => !p.identified)).toBe(true);
  });

  it("marks every other ranged field an assumption and the regime's fields policy", () => {
    for (const field of fields) {
      if (posterior.some((p) => isInstanceOf(p.path, field.path))) continue;
      const status = parameterStatus(field, posterior);
      if (field.path.startsWith("regime.")) expect(status, field.path).toBe("policy");
      else expect(status, field.path).toBe(field.doc?.range ? "assumption" : "");
    }
  });

  it("fits exactly the priors of the study file, and the calibrated scenario holds the estimates", () => {
    const study = loadStudyFile(join(REPO, "scenarios", "calibration", "history-abc.yaml"));
    expect(posterior.map((p) => p.path)).toEqual(study.vary.ranges.map((r) => r.path));
    const calibrated = parseYaml(readFileSync(join(REPO, "scenarios", "calibration", "history-calibrated.yaml"), "utf8")) as Record<string, unknown>;
    expect(calibrated.extends).toBe("history");
    for (const p of posterior) {
      const value = p.path.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], calibrated);
      expect(value, p.path).toBe(p.estimate);
    }
  });

  it("names the file and the column of a damaged posterior", () => {
    const file = join(tempDir(), "posterior.csv");
    writeFileSync(file, "parameter,estimate,posterior_q05,posterior_q95,identified\nx,1,0,2,true\n");
    expect(() => readPosterior(file)).toThrow(
      `${file}: expected the columns parameter, estimate, posterior_q05, posterior_q95, interval_share_of_prior, identified of a fit's posterior.csv, missing interval_share_of_prior`,
    );
    writeFileSync(file, "parameter,estimate,posterior_q05,posterior_q95,interval_share_of_prior,identified\nx,one,0,2,0.1,true\n");
    expect(() => readPosterior(file)).toThrow(`${file}: row 2: estimate: expected a number, got "one"`);
    writeFileSync(file, "parameter,estimate,posterior_q05,posterior_q95,interval_share_of_prior,identified\nx,1,0,2,0.1,maybe\n");
    expect(() => readPosterior(file)).toThrow(`${file}: row 2: identified: expected true or false, got "maybe"`);
  });
});
