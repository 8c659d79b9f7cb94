// Runs moat's notebooks: every code cell of each .ipynb in order, in one shared scope per
// notebook (a name a cell declares is visible to the cells after it), and writes the outputs back
// into the notebook, so GitHub shows them. Code cells are TypeScript; they import moat's library
// API (`import * as moat from "../sim/api.js"`) and may use top-level await.
//
//   npm run notebooks                           run notebooks/*.ipynb in place
//   npx tsx notebooks/run.ts a.ipynb b.ipynb    run these
//   --import-base DIR                           resolve relative imports from DIR (default: the
//                                               notebook's folder; for running copies elsewhere)
//
// Outputs: what a cell prints (console.log / console.error) as a stream, and the value of its last
// expression: a chart (anything with a vega-lite `spec`, e.g. from moat.buildChart) as SVG and
// PNG, text as text, anything else as util.inspect shows it. A cell that throws stops the run:
// the error is written into the notebook and the exit status is 1.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import { inspect } from "node:util";
import ts from "typescript";
import type { TopLevelSpec } from "vega-lite";
import { renderChart } from "../sim/report/render.js";

// ---------------------------------------------------------------------------------------------
// Notebook format (nbformat 4)

type Source = string | string[];

export interface Output {
  output_type: "stream" | "execute_result" | "display_data" | "error";
  name?: "stdout" | "stderr";
  text?: string[];
  data?: Record<string, string | string[]>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: Source;
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

const text = (source: Source) => (Array.isArray(source) ? source.join("") : source);

/** "a\nb\n" -> ["a\n", "b\n"] (how Jupyter stores multi-line text). */
export function lines(value: string): string[] {
  return value.split(/(?<=\n)/).filter((line) => line.length > 0);
}

// ---------------------------------------------------------------------------------------------
// From a TypeScript cell to a function body

interface CompiledCell {
  body: string;
  /** names the cell declares at its top level (kept for later cells) */
  declared: string[];
}

function bindingNames(name: ts.BindingName, into: string[]): void {
  if (ts.isIdentifier(name)) into.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into);
}

/**
 * TypeScript -> JavaScript (types stripped, imports kept as written), then: each import becomes
 * `const {...} = await __import("spec")`, the last expression statement becomes the cell's value,
 * and the declared names are collected.
 */
export function compileCell(source: string): CompiledCell {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, isolatedModules: true },
    reportDiagnostics: false,
  }).outputText;
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const declared: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const statements = file.statements;
  statements.forEach((statement, index) => {
    if (ts.isImportDeclaration(statement)) {
      const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
      const load = `await __import(${JSON.stringify(spec)})`;
      const clause = statement.importClause;
      let replacement = `${load};`;
      if (clause) {
        const parts: string[] = [];
        if (clause.name) {
          parts.push(`const { default: ${clause.name.text} } = ${load};`);
          declared.push(clause.name.text);
        }
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) {
          parts.push(`const ${bindings.name.text} = ${load};`);
          declared.push(bindings.name.text);
        } else if (bindings && ts.isNamedImports(bindings)) {
          const names = bindings.elements.map((element) => {
            declared.push(element.name.text);
            return element.propertyName ? `${element.propertyName.text}: ${element.name.text}` : element.name.text;
          });
          parts.push(`const { ${names.join(", ")} } = ${load};`);
        }
        replacement = parts.join(" ");
      }
      edits.push({ start: statement.getStart(), end: statement.getEnd(), text: replacement });
    } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      throw new Error("notebook cells cannot export; declare the name and later cells can use it");
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bindingNames(declaration.name, declared);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      declared.push(statement.name.text);
    } else if (ts.isExpressionStatement(statement) && index === statements.length - 1) {
      edits.push({ start: statement.getStart(), end: statement.getEnd(), text: `__result = (${statement.expression.getText()});` });
    }
  });
  let body = js;
  for (const edit of edits.sort((a, b) => b.start - a.start)) body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  return { body, declared: [...new Set(declared)] };
}

// ---------------------------------------------------------------------------------------------
// Running cells

// eslint-disable-next-line @typescript-eslint/no-empty-function
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

interface Scope {
  names: Map<string, unknown>;
}

/**
 * Run one compiled cell: earlier names come in as parameters, the cell's body runs in a block of
 * its own (so it may declare a name again), and its new names and reassigned parameters go back
 * into the scope.
 */
async function runCompiled(compiled: CompiledCell, scope: Scope, importModule: (spec: string) => Promise<unknown>): Promise<unknown> {
  const previous = [...scope.names.keys()];
  const keep = compiled.declared.map((name) => `${JSON.stringify(name)}: typeof ${name} === "undefined" ? undefined : ${name}`).join(", ");
  const source = [
    "let __result;",
    "{",
    compiled.body,
    `__declared = { ${keep} };`,
    "}",
    `return { result: __result, declared: __declared, previous: { ${previous.map((name) => `${JSON.stringify(name)}: ${name}`).join(", ")} } };`,
  ].join("\n");
  const fn = new AsyncFunction("__import", "__declared", ...previous, source);
  const outcome = (await fn(importModule, undefined, ...previous.map((name) => scope.names.get(name)))) as {
    result: unknown;
    declared: Record<string, unknown>;
    previous: Record<string, unknown>;
  };
  for (const [name, value] of Object.entries(outcome.previous)) scope.names.set(name, value);
  for (const [name, value] of Object.entries(outcome.declared ?? {})) scope.names.set(name, value);
  return outcome.result;
}

function isChartSpec(value: unknown): value is TopLevelSpec {
  return typeof value === "object" && value !== null && typeof (value as { $schema?: unknown }).$schema === "string" && (value as { $schema: string }).$schema.includes("vega-lite");
}

/** Jupyter outputs for a cell's value. */
export async function valueOutputs(value: unknown, count: number): Promise<Output[]> {
  if (value === undefined) return [];
  const chart = isChartSpec(value) ? { spec: value, title: "chart" } : isChartSpec((value as { spec?: unknown })?.spec) ? (value as { spec: TopLevelSpec; title?: string }) : undefined;
  if (chart) {
    const { svg, png } = await renderChart(chart.spec);
    return [
      {
        output_type: "display_data",
        data: { "image/png": png.toString("base64"), "image/svg+xml": lines(svg), "text/plain": [`chart: ${chart.title ?? "vega-lite"}`] },
        metadata: {},
      },
    ];
  }
  const shown = typeof value === "string" ? value : inspect(value, { depth: 4, maxArrayLength: 30, breakLength: 110, colors: false });
  return [{ output_type: "execute_result", data: { "text/plain": lines(shown) }, metadata: {}, execution_count: count }];
}

export interface RunOptions {
  /** folder relative imports are resolved from (default: the notebook's folder) */
  importBase?: string;
}

export interface RunReport {
  file: string;
  cells: number;
  ok: boolean;
  /** the failing cell's error, when not ok */
  error?: string;
}

/** .js specifiers of TypeScript sources (sim/api.js -> sim/api.ts), as tsx resolves them. */
function moduleUrl(spec: string, base: string): string {
  if (!spec.startsWith(".") && !spec.startsWith("/")) return spec;
  const path = resolve(base, spec);
  const typescript = path.replace(/\.js$/, ".ts");
  return pathToFileURL(!existsSync(path) && existsSync(typescript) ? typescript : path).href;
}

/** Execute a notebook's code cells in order and write the outputs into it. */
export async function runNotebook(file: string, options: RunOptions = {}): Promise<RunReport> {
  const notebook = JSON.parse(readFileSync(file, "utf8")) as Notebook;
  const base = options.importBase ?? dirname(resolve(file));
  const scope: Scope = { names: new Map() };
  const importModule = (spec: string) => import(moduleUrl(spec, base));
  let count = 0;
  let failure: string | undefined;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    if (failure !== undefined) {
      cell.outputs = [];
      cell.execution_count = null;
      continue;
    }
    count += 1;
    const outputs: Output[] = [];
    const streams: { name: "stdout" | "stderr"; text: string }[] = [];
    const write = (name: "stdout" | "stderr") => (...args: unknown[]) => {
      const line = `${args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 4, colors: false }))).join(" ")}\n`;
      const last = streams[streams.length - 1];
      if (last && last.name === name) last.text += line;
      else streams.push({ name, text: line });
    };
    const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    console.log = console.info = write("stdout");
    console.warn = console.error = write("stderr");
    try {
      const value = await runCompiled(compileCell(text(cell.source)), scope, importModule);
      Object.assign(console, saved);
      for (const stream of streams) outputs.push({ output_type: "stream", name: stream.name, text: lines(stream.text) });
      outputs.push(...(await valueOutputs(value, count)));
    } catch (error) {
      Object.assign(console, saved);
      for (const stream of streams) outputs.push({ output_type: "stream", name: stream.name, text: lines(stream.text) });
      const err = error instanceof Error ? error : new Error(String(error));
      failure = `${file}: cell ${count}: ${err.name}: ${err.message}`;
      outputs.push({ output_type: "error", ename: err.name, evalue: err.message, traceback: (err.stack ?? `${err.name}: ${err.message}`).split("\n") });
    }
    cell.outputs = outputs;
    cell.execution_count = count;
  }
  writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
  return { file, cells: count, ok: failure === undefined, error: failure };
}

/** The notebooks in notebooks/, sorted by name. */
export function notebookFiles(dir = dirname(fileURLToPath(import.meta.url))): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => join(dir, name));
}

async function main(args: string[]): Promise<number> {
  const baseFlag = args.indexOf("--import-base");
  const importBase = baseFlag >= 0 ? resolve(args[baseFlag + 1]) : undefined;
  const files = args.filter((arg, i) => !arg.startsWith("--") && (baseFlag < 0 || i !== baseFlag + 1));
  let failed = 0;
  for (const file of files.length > 0 ? files : notebookFiles()) {
    const started = Date.now();
    const report = await runNotebook(file, { importBase });
    if (report.ok) console.log(`ran ${file}: ${report.cells} code cells in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    else {
      failed += 1;
      console.error(report.error);
    }
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
