// Every example in the docs (README.md, docs/*.md) and in every command's --help runs. Each
// document's commands run in order in a fresh folder (with the repository's scenarios/), as a
// reader would type them, so an example that reads a folder (moat chart, moat merge) needs an
// earlier example to have written it. To keep the suite fast the number of seeds and sample points
// is capped at 2 (a calibration fit's draws and seeds too) and each run at 4 quarters (`--set
// periods=4`, `moat claims --quick`); every
// command, scenario, flag, path, metric and folder is the documented one. npm scripts (page,
// notebooks, bench, test) are checked to exist: their own tests run them.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "..");
const moatBin = join(repo, "bin", "moat.js");
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A `moat` command line split into words (no shell: quotes and `$VAR` are not used in examples). */
function words(line: string): string[] {
  return line.replace(/\s+#.*$/, "").trim().split(/\s+/).filter((w) => w !== "");
}

/** Shell-level sugar in examples: `for k in 1 2; do moat ... $k ...; done` becomes one command per value. */
function expand(line: string): string[] {
  const loop = /^for (\w+) in ([^;]+); do (.+); done$/.exec(line.replace(/\s+#.*$/, "").trim());
  if (!loop) return [line];
  return loop[2].trim().split(/\s+/).map((value) => loop[3].replaceAll(`$${loop[1]}`, value));
}

/** Examples in a Markdown file: `moat ...` lines in code blocks, and `npx moat ...` / `npm run ...` in inline code. */
export function markdownExamples(text: string): string[] {
  const found: string[] = [];
  let inBlock = false;
  let language = "";
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence) {
      inBlock = !inBlock;
      language = inBlock ? fence[1] : "";
      continue;
    }
    if (inBlock) {
      if (!["", "sh", "bash", "shell"].includes(language)) continue;
      let command = line.replace(/^\s*\$\s+/, "").trim();
      while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1).trim()} ${lines[++i].trim()}`;
      command = command.replace(/^npx /, "");
      if (/^(moat|npm (run|ci|test)|for \w+ in .*moat )/.test(command)) found.push(...command.split(/\s+&&\s+/).map((c) => c.replace(/^npx /, "")));
    } else {
      for (const match of line.matchAll(/`(npx moat [^`]+|npm run [^`]+)`/g)) found.push(match[1].replace(/^npx /, ""));
    }
  }
  return found;
}

/** Examples in a command's --help: lines after "Examples:" that start with `moat` (or `$ moat`), or loops of it. */
export function helpExamples(help: string): string[] {
  const start = help.search(/Examples?:/);
  const section = start < 0 ? "" : help.slice(start);
  const found: string[] = [];
  const lines = section.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let command = lines[i].replace(/^\s*\$\s+/, "").trim();
    while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1).trim()} ${lines[++i].trim()}`;
    if (/^(moat |for \w+ in .*moat )/.test(command)) found.push(command);
  }
  return found;
}

/** A document's examples run one after another: minutes on a busy two-core machine. */
const EXAMPLES_TIMEOUT_MS = 900_000;

const CAPPED = new Set(["--seeds", "--replicates", "--points", "--sweep-seeds", "--draws"]);
const TAKES_SET = new Set(["run", "compare", "sweep"]);

/** The documented command with seeds capped at 2 and runs at 4 quarters (see the header). */
export function quick(args: string[]): string[] {
  const out = args.map((word, i) => (i > 0 && CAPPED.has(args[i - 1]) ? String(Math.min(2, Number(word))) : word));
  if (TAKES_SET.has(out[0]) && !out.some((w, i) => out[i - 1] === "--set" && w.startsWith("periods="))) out.push("--set", "periods=4");
  if (out[0] === "claims" && !out.includes("--quick")) out.push("--quick");
  // a calibration fit runs the study file's draws x seeds (10,000 runs for the shipped one): 2 x 2 here
  if (out[0] === "calibrate" && out.includes("--fit")) for (const flag of ["--draws", "--seeds"]) if (!out.includes(flag)) out.push(flag, "2");
  if (["run", "compare", "sweep", "study", "claims"].includes(out[0])) out.push("--quiet");
  return out;
}

const scripts = Object.keys((JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);

async function runExamples(name: string, commands: string[]): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "moat-docs-examples-"));
  roots.push(root);
  symlinkSync(join(repo, "scenarios"), join(root, "scenarios"));
  for (const example of commands.flatMap(expand)) {
    const parts = words(example);
    if (parts[0] === "npm") {
      const script = parts[1] === "run" ? parts.slice(2).find((w) => !w.startsWith("-")) : parts[1];
      if (parts[1] !== "ci") expect(scripts, `${name}: ${example}`).toContain(script);
      continue;
    }
    expect(parts[0], `${name}: ${example}`).toBe("moat");
    const args = quick(parts.slice(1));
    try {
      await run(process.execPath, [moatBin, ...args], { cwd: root, timeout: 600_000 });
    } catch (error) {
      const e = error as { stderr?: string; code?: number };
      throw new Error(`${name}: \`${example}\` (run as moat ${args.join(" ")}) failed with status ${e.code}: ${e.stderr ?? error}`);
    }
  }
}

const docs = ["README.md", ...readdirSync(join(repo, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
/** Every command `moat --help` lists (and "" for the top-level help, which has examples too). */
const topHelp = execFileSync(process.execPath, [moatBin, "--help"], { cwd: repo, encoding: "utf8" });
const commandList = topHelp.slice(topHelp.indexOf("Commands:")).split(/\n\s*\n/)[0];
const COMMANDS = [...commandList.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]).filter((c) => c !== "help");
const HELPS = ["", ...COMMANDS];


describe("examples", () => {
  it("are found: in the README, in docs/*.md and in every command's --help", async () => {
    expect(markdownExamples(readFileSync(join(repo, "README.md"), "utf8")).length).toBeGreaterThanOrEqual(5);
    expect(markdownExamples(readFileSync(join(repo, "docs", "EXPERIMENTS.md"), "utf8")).length).toBeGreaterThanOrEqual(8);
    expect(COMMANDS).toEqual(expect.arrayContaining(["run", "compare", "sweep", "study", "merge", "claims", "chart"]));
    for (const command of HELPS) {
      const { stdout } = await run(process.execPath, [moatBin, ...(command ? [command] : []), "--help"], { cwd: repo });
      expect(helpExamples(stdout).length, `moat ${command} --help`).toBeGreaterThan(0);
    }
  });

  it("the capping leaves every other word as documented", () => {
    expect(quick(["compare", "baseline", "licensing-era", "--seeds", "1000", "--shard", "3/10", "--out", "shards/3"])).toEqual([
      "compare", "baseline", "licensing-era", "--seeds", "2", "--shard", "3/10", "--out", "shards/3", "--set", "periods=4", "--quiet",
    ]);
    expect(expand("for k in 1 2; do moat study s.yaml --shard $k/2 --out shards/$k; done")).toEqual(["moat study s.yaml --shard 1/2 --out shards/1", "moat study s.yaml --shard 2/2 --out shards/2"]);
  });

  it.each(docs)("in %s run", async (doc) => {
    const commands = markdownExamples(readFileSync(join(repo, doc), "utf8"));
    // docs/gallery.md lists the commands that make its sources before the `moat chart` lines that read them
    await runExamples(doc, commands);
  }, EXAMPLES_TIMEOUT_MS);

  it.each(HELPS)("in moat %s --help run", async (command) => {
    const { stdout } = await run(process.execPath, [moatBin, ...(command ? [command] : []), "--help"], { cwd: repo });
    await runExamples(`moat ${command} --help`, helpExamples(stdout));
  }, EXAMPLES_TIMEOUT_MS);
});
