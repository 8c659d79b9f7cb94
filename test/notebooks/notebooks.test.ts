// The notebooks run from a clean copy with the documented runner (`npm run notebooks` is
// `tsx notebooks/run.ts`), without errors, and produce their outputs: text and charts.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, "../..");
const notebooksDir = join(repo, "notebooks");
const tsx = join(repo, "node_modules", "tsx", "dist", "cli.mjs");
const workDir = mkdtempSync(join(tmpdir(), "moat-notebooks-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string[];
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string[] | string;
  outputs?: Output[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string; language: string } };
}

const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Notebook;
const source = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const plain = (output: Output) => String((output.data?.["text/plain"] as string[] | undefined)?.join("") ?? output.text?.join("") ?? "");

/** Copy a notebook into the work folder with its outputs removed. */
function cleanCopy(file: string): string {
  const notebook = read(file);
  for (const cell of notebook.cells) if (cell.cell_type === "code") Object.assign(cell, { outputs: [], execution_count: null });
  const copy = join(workDir, file.split("/").pop() as string);
  writeFileSync(copy, JSON.stringify(notebook));
  return copy;
}

async function runner(files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsx, join(notebooksDir, "run.ts"), "--import-base", notebooksDir, ...files], { cwd: repo, timeout: 600_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const shipped = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebooksDir, f));

describe("the notebooks", () => {
  it("are at least three, TypeScript for the tslab kernel, and use the library API the CLI uses", () => {
    expect(shipped.map((f) => f.split("/").pop())).toEqual(
      expect.arrayContaining(["01-tour-of-the-model.ipynb", "02-testing-a-capture-claim.ipynb", "03-classroom-exercise.ipynb"]),
    );
    for (const file of shipped) {
      const notebook = read(file);
      expect(notebook.metadata.kernelspec).toMatchObject({ name: "tslab", language: "typescript" });
      expect(notebook.cells.filter((c) => c.cell_type === "code").map(source).join("\n")).toContain('import * as moat from "../sim/api.js";');
    }
  });

  it("run from a clean copy without errors and write text and chart outputs into every code cell", async () => {
    const copies = shipped.map(cleanCopy);
    const result = await runner(copies);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const copy of copies) {
      expect(result.stdout).toContain(`ran ${copy}`);
      const codeCells = read(copy).cells.filter((c) => c.cell_type === "code");
      codeCells.forEach((cell, i) => {
        expect(cell.execution_count, `${copy} cell ${i + 1}`).toBe(i + 1);
        expect(cell.outputs?.length, `${copy} cell ${i + 1} has no output`).toBeGreaterThan(0);
        expect(cell.outputs?.some((o) => o.output_type === "error"), `${copy} cell ${i + 1}`).toBe(false);
      });
      const outputs = codeCells.flatMap((cell) => cell.outputs ?? []);
      const charts = outputs.filter((o) => o.data?.["image/svg+xml"] !== undefined);
      expect(charts.length, copy).toBeGreaterThan(0);
      for (const chart of charts) {
        expect((chart.data?.["image/svg+xml"] as string[]).join("")).toMatch(/^<svg/);
        expect(Buffer.from(chart.data?.["image/png"] as string, "base64").subarray(1, 4).toString()).toBe("PNG");
        expect(plain(chart)).toMatch(/^chart: \S/);
      }
    }
    // the claim notebook states a verdict computed from its runs
    const claim = read(copies.find((c) => c.includes("02-"))!);
    expect(plain(claim.cells.filter((c) => c.cell_type === "code").at(-1)!.outputs![0])).toMatch(/The capture claim \(H2\) is (supported|not supported)/);
  });
});

describe("the notebook runner", () => {
  function notebookOf(cells: string[]): string {
    const file = join(workDir, `scratch-${Math.random().toString(36).slice(2)}.ipynb`);
    const notebook = {
      cells: cells.map((code, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source: code, outputs: [], execution_count: null })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(file, JSON.stringify(notebook));
    return file;
  }

  it("shares one scope across cells: later cells see, redeclare and reassign earlier names", async () => {
    const file = notebookOf([
      "const a: number = 2;\nlet b = a + 1;\nfunction twice(x: number) { return 2 * x; }\nconsole.log('b is', b);",
      "const a = 10; // a new a for this cell and after\ntwice(a) + b",
      "b = 7;",
      "import { deriveSeeds } from '../sim/experiment/seeds.js';\n`${a} ${b} ${deriveSeeds(1, 2).length}`",
      "await Promise.resolve('awaited')",
    ]);
    const result = await runner([file]);
    expect(result.code).toBe(0);
    const outputs = read(file).cells.map((c) => c.outputs ?? []);
    expect(outputs[0]).toEqual([{ output_type: "stream", name: "stdout", text: ["b is 3\n"] }]);
    expect(plain(outputs[1][0])).toBe("23");
    expect(plain(outputs[2][0])).toBe("7"); // like a JavaScript console: an assignment's value is shown
    expect(plain(outputs[3][0])).toBe("10 7 2");
    expect(plain(outputs[4][0])).toBe("awaited");
  });

  it("stops at a failing cell, writes the error into the notebook and exits with status 1", async () => {
    const file = notebookOf(["1 + 1", "throw new Error('no such scenario')", "2 + 2"]);
    const result = await runner([file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cell 2: Error: no such scenario");
    const cells = read(file).cells;
    expect(plain(cells[0].outputs![0])).toBe("2");
    expect(cells[1].outputs![0]).toMatchObject({ output_type: "error", ename: "Error", evalue: "no such scenario" });
    expect(cells[2]).toMatchObject({ outputs: [], execution_count: null });
  });
});
