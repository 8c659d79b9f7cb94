// The notebooks run in a real Jupyter: Debian's nbconvert/nbclient executes every cell with the
// tslab TypeScript kernel (npm run notebooks), from a copy with the outputs removed, and any
// failing cell fails the run. Without Jupyter the execution tests skip, unless MOAT_CI=1: then the
// missing Jupyter is a failure (.ci/run installs it).
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MISSING_JUPYTER, executeNotebooks, findNbconvert, kernelSpec, renderHtml } from "../../notebooks/jupyter.js";

const repo = resolve(import.meta.dirname, "../..");
const notebooksDir = join(repo, "notebooks");
const nbconvert = findNbconvert();
const ci = process.env.MOAT_CI === "1";
if (!nbconvert && !ci) console.warn(`skipping the notebook runs: ${MISSING_JUPYTER} With MOAT_CI=1 this is a failure.`);

interface Output {
  output_type: string;
  name?: string;
  data?: Record<string, unknown>;
  text?: string[] | string;
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
const joined = (value: unknown) => (Array.isArray(value) ? value.join("") : String(value ?? ""));
/** What a cell shows as text: its printed lines and its value. */
const textOf = (cell: Cell) => (cell.outputs ?? []).map((o) => joined(o.data?.["text/plain"] ?? o.text)).join("");

const shipped = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();

// tslab compiles TypeScript under the notebook's folder only, so the copies sit in a folder beside
// notebooks/ (in the repository, where ../dist resolves), with the chart helper.
const workDir = mkdtempSync(join(repo, ".notebooks-test-"));
copyFileSync(join(notebooksDir, "moat.ts"), join(workDir, "moat.ts"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A copy of a notebook with its outputs removed. */
function cleanCopy(file: string): string {
  const notebook = read(join(notebooksDir, file));
  for (const cell of notebook.cells) if (cell.cell_type === "code") Object.assign(cell, { outputs: [], execution_count: null });
  const copy = join(workDir, file);
  writeFileSync(copy, JSON.stringify(notebook));
  return copy;
}

describe("the notebooks", () => {
  it("are at least three, declare the tslab TypeScript kernel and load moat's built library", () => {
    expect(shipped).toEqual(expect.arrayContaining(["01-tour-of-the-model.ipynb", "02-testing-a-capture-claim.ipynb", "03-classroom-exercise.ipynb"]));
    for (const file of shipped) {
      const notebook = read(join(notebooksDir, file));
      expect(notebook.metadata.kernelspec).toMatchObject({ name: "tslab", language: "typescript" });
      const code = notebook.cells.filter((c) => c.cell_type === "code").map(source).join("\n");
      expect(code).toContain('import { loadMoat, show } from "./moat.js";');
      expect(code).toContain("const moat = await loadMoat();");
      expect(code).not.toMatch(/from "\.\.\/sim\//);
    }
  });

  it("the kernel spec starts this repository's tslab with this Node", () => {
    const spec = kernelSpec();
    expect(spec.argv.slice(0, 2)).toEqual([process.execPath, join(repo, "node_modules", "tslab", "bin", "tslab")]);
    expect(spec.argv.slice(2)).toEqual(["kernel", "--config-path", "{connection_file}"]);
    expect(spec.language).toBe("typescript");
  });

  it.runIf(ci)("Jupyter is installed when MOAT_CI=1", () => {
    expect(nbconvert, MISSING_JUPYTER).toBeDefined();
  });
});

describe.skipIf(!nbconvert)("the notebooks in Jupyter with the tslab kernel", () => {
  const copies = shipped.map(cleanCopy);
  let ran = false;

  it("run from a clean copy: no cell fails, every code cell has output, charts are PNG images", () => {
    executeNotebooks(copies, { timeoutSeconds: 1200 });
    ran = true;
    for (const copy of copies) {
      const codeCells = read(copy).cells.filter((c) => c.cell_type === "code");
      codeCells.forEach((cell, i) => {
        expect(cell.outputs?.some((o) => o.output_type === "error"), `${copy} cell ${i + 1}`).toBe(false);
        expect(cell.outputs?.length, `${copy} cell ${i + 1} has no output`).toBeGreaterThan(0);
      });
      const charts = codeCells.flatMap((cell) => cell.outputs ?? []).filter((o) => o.data?.["image/png"] !== undefined);
      expect(charts.length, copy).toBeGreaterThan(0);
      for (const chart of charts) expect(Buffer.from(joined(chart.data?.["image/png"]), "base64").subarray(1, 4).toString()).toBe("PNG");
    }
    // the claim notebook states a verdict computed from its runs
    const claim = read(copies.find((c) => c.includes("02-"))!).cells.filter((c) => c.cell_type === "code");
    expect(textOf(claim.at(-1)!)).toMatch(/The capture claim \(H2\) is (supported|not supported)/);
    // the classroom sweep is in the order of the line, as numbers
    const exercise = read(copies.find((c) => c.includes("03-"))!).cells.filter((c) => c.cell_type === "code");
    expect(exercise.map(textOf).join("\n")).toContain("licensing lines in the charts' order: 1e+24, 1e+25, 1e+26, 1e+27, 1e+28");
  });

  it("render to HTML with their outputs, for readers with no install", () => {
    expect(ran).toBe(true);
    const [html] = renderHtml([copies.find((c) => c.includes("02-"))!], join(workDir, "html"));
    const text = readFileSync(html, "utf8");
    expect(text).toContain("data:image/png;base64,");
    expect(text).toMatch(/The capture claim \(H2\) is (supported|not supported)/);
  });

  it("a failing cell fails the run with its error in the output", () => {
    const file = join(workDir, "failing.ipynb");
    const cells = ["const a: number = 1;\na + 1", 'throw new Error("no such scenario")', "a + 2"];
    writeFileSync(
      file,
      JSON.stringify({
        cells: cells.map((code, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source: code, outputs: [], execution_count: null })),
        metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    expect(() => executeNotebooks([file], { timeoutSeconds: 300 })).toThrow();
  });
});
