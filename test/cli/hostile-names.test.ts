// Hostile names and references: a scenario `name` or study `--name` that is a path, an `extends:`
// that points at a file outside the scenario folders, or at a file that is not a scenario. moat
// refuses each before writing anything, writes nothing outside --out, and never echoes the content
// of a file that is not a scenario.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, moat, tempDir } from "../experiment/helpers.js";

const BASELINE = join(REPO, "scenarios", "baseline.yaml");

function scenarioFile(dir: string, name: string, lines: string[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

describe("hostile names", () => {
  for (const hostile of ["../../../../ESCAPE", "/ESCAPE", "a/../../ESCAPE", "..", ".", ".hidden", "a\\b", "tab\there"]) {
    it(`a scenario named ${JSON.stringify(hostile)} is refused before anything is written`, async () => {
      const root = tempDir();
      const target = hostile.replace("ESCAPE", join(root, "escaped"));
      const file = scenarioFile(join(root, "in"), "s.yaml", [`extends: ${BASELINE}`, `name: ${JSON.stringify(target)}`, "periods: 2"]);
      const out = join(root, "out");
      const result = await moat("run", file, "--out", out);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`s.yaml: name: expected a name usable as a folder name`);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(root, "escaped"))).toBe(false);
      expect(readdirSync(root).sort()).toEqual(["in"]);
    });
  }

  it("a study --name that is a path is refused", async () => {
    const root = tempDir();
    const result = await moat("run", BASELINE, "--replicates", "2", "--name", "../escaped", "--set", "periods=2");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("name");
    expect(existsSync(join(REPO, "escaped"))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe("extends: confined to scenario folders, no echo of other files", () => {
  it("an absolute path to a system file is refused without echoing it", async () => {
    const root = tempDir();
    const file = scenarioFile(root, "s.yaml", ["extends: /etc/passwd", "periods: 2"]);
    const result = await moat("run", file, "--out", join(root, "out"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("s.yaml: extends: expected a .yaml or .yml scenario file");
    expect(result.stderr).not.toContain("root:");
    expect(existsSync(join(root, "out"))).toBe(false);
  });

  it("a .yaml file outside the scenario's folder and scenarios/ is refused without echoing it", async () => {
    const root = tempDir();
    scenarioFile(join(root, "private"), "secret.yaml", ["password: hunter2-do-not-echo"]);
    const file = scenarioFile(join(root, "mine"), "s.yaml", [`extends: ${join(root, "private", "secret.yaml")}`, "periods: 2"]);
    const result = await moat("run", file, "--out", join(root, "out"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("s.yaml: extends: expected a scenario file in");
    expect(result.stderr).not.toContain("hunter2");
  });

  it("a file beside the scenario that is not a scenario is named, not echoed", async () => {
    const root = tempDir();
    scenarioFile(root, "notes.yaml", ["just one line of private text, hunter2-do-not-echo"]);
    const file = scenarioFile(root, "s.yaml", ["extends: ./notes.yaml", "periods: 2"]);
    const result = await moat("run", file, "--out", join(root, "out"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("notes.yaml: (top level): expected a scenario (a mapping of fields), got a text");
    expect(result.stderr).not.toContain("hunter2");
  });

  it("extends within the scenario's folder and from scenarios/ still work", async () => {
    const root = tempDir();
    scenarioFile(join(root, "base"), "parent.yaml", [`extends: ${BASELINE}`, "periods: 3"]);
    const file = scenarioFile(root, "s.yaml", ["extends: ./base/parent.yaml", "seed: 4"]);
    const result = await moat("run", file, "--out", join(root, "out"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(existsSync(join(root, "out", "s", "4", "metrics.csv"))).toBe(true);
  });
});
