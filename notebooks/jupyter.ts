// Runs moat's notebooks in a real Jupyter: the tslab TypeScript kernel (an npm dev dependency of
// the repository) executed by Jupyter's own nbconvert/nbclient (Debian: apt-get install
// jupyter-nbconvert python3-nbclient python3-ipykernel). Every code cell runs in order; any cell
// that fails stops the notebook with its error and exit status 1.
//
//   npm run notebooks                    execute notebooks/*.ipynb in place (outputs written back)
//   npm run notebooks -- a.ipynb         execute these
//   npm run notebooks:html [-- DIR]      render the notebooks with their outputs to HTML (default out/notebooks/)
//   npm run notebooks:kernel             register the tslab kernel for your own Jupyter (per user)
//
// The kernel is registered in out/jupyter/ for these commands (JUPYTER_PATH), so nothing outside
// the repository is touched unless you ask for `kernel`. Cells import moat's library from the
// build (`import * as moat from "../dist/sim/api.js"`; `npm ci` builds it), since tslab compiles
// only TypeScript under the notebook's own folder.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const notebooksDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(notebooksDir, "..");
/** Where `run` and `html` register the kernel: inside the repository's output folder. */
export const localJupyterDir = join(repoRoot, "out", "jupyter");
export const KERNEL_NAME = "tslab";

/** The kernel spec Jupyter reads: tslab started by this Node, from this repository's node_modules. */
export function kernelSpec(): { argv: string[]; display_name: string; language: string } {
  const tslab = join(repoRoot, "node_modules", "tslab", "bin", "tslab");
  if (!existsSync(tslab)) throw new Error(`tslab is not installed (${tslab}); run npm ci in the repository`);
  return { argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript (tslab)", language: "typescript" };
}

/** Write the kernel spec into `<dataDir>/kernels/tslab/kernel.json`; returns its path. */
export function installKernel(dataDir: string): string {
  const dir = join(dataDir, "kernels", KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "kernel.json");
  writeFileSync(file, `${JSON.stringify(kernelSpec(), null, 1)}\n`);
  return file;
}

/** Jupyter's nbconvert: MOAT_JUPYTER_NBCONVERT, else jupyter-nbconvert on the PATH or in /usr/bin (Debian's). */
export function findNbconvert(): string | undefined {
  if (process.env.MOAT_JUPYTER_NBCONVERT) return process.env.MOAT_JUPYTER_NBCONVERT;
  for (const dir of [...(process.env.PATH ?? "").split(delimiter), "/usr/bin"]) {
    const candidate = join(dir, "jupyter-nbconvert");
    if (dir && existsSync(candidate) && spawnSync(candidate, ["--version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return undefined;
}

export const MISSING_JUPYTER =
  "Jupyter's nbconvert was not found. On Debian or Ubuntu: sudo apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel (or set MOAT_JUPYTER_NBCONVERT to a jupyter-nbconvert).";

function shippedNotebooks(): string[] {
  return readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebooksDir, f));
}

function jupyterEnv(): NodeJS.ProcessEnv {
  const path = process.env.JUPYTER_PATH ? `${localJupyterDir}${delimiter}${process.env.JUPYTER_PATH}` : localJupyterDir;
  return { ...process.env, JUPYTER_PATH: path };
}

/** Execute notebooks in place with the tslab kernel; throws (after nbconvert's own message) when a cell fails. */
export function executeNotebooks(files: string[], options: { timeoutSeconds?: number } = {}): void {
  const nbconvert = findNbconvert();
  if (!nbconvert) throw new Error(MISSING_JUPYTER);
  installKernel(localJupyterDir);
  for (const file of files) {
    execFileSync(
      nbconvert,
      [
        "--to",
        "notebook",
        "--execute",
        "--inplace",
        `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
        `--ExecutePreprocessor.timeout=${options.timeoutSeconds ?? 900}`,
        resolve(file),
      ],
      { cwd: dirname(resolve(file)), env: jupyterEnv(), stdio: ["ignore", "inherit", "inherit"] },
    );
    console.log(`ran ${file}`);
  }
}

/** Render notebooks with their stored outputs (not re-run) to HTML files in `outDir`. */
export function renderHtml(files: string[], outDir: string): string[] {
  const nbconvert = findNbconvert();
  if (!nbconvert) throw new Error(MISSING_JUPYTER);
  mkdirSync(outDir, { recursive: true });
  execFileSync(nbconvert, ["--to", "html", "--output-dir", resolve(outDir), ...files.map((f) => resolve(f))], { env: jupyterEnv(), stdio: ["ignore", "inherit", "inherit"] });
  return files.map((f) => join(resolve(outDir), `${f.split("/").pop()!.replace(/\.ipynb$/, "")}.html`));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command = "run", ...rest] = process.argv.slice(2);
  try {
    if (command === "run") {
      executeNotebooks(rest.length > 0 ? rest : shippedNotebooks());
    } else if (command === "html") {
      const written = renderHtml(shippedNotebooks(), rest[0] ?? join(repoRoot, "out", "notebooks"));
      console.log(`wrote ${written.join(", ")}`);
    } else if (command === "kernel") {
      const dataDir = rest[0] === "--prefix" && rest[1] ? join(resolve(rest[1]), "share", "jupyter") : join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter");
      console.log(`registered the tslab kernel: ${installKernel(dataDir)} (open the notebooks in Jupyter and pick "TypeScript (tslab)")`);
    } else {
      console.error(`notebooks: unknown command ${JSON.stringify(command)}; expected run, html or kernel`);
      process.exit(2);
    }
  } catch (error) {
    const message = (error as Error).message;
    console.error(message.startsWith("Command failed") ? "notebooks: a cell failed (its error is above and in the notebook)" : `notebooks: ${message}`);
    process.exit(1);
  }
}
