// How long a study of N seeds takes to finish its first run, and to exit after SIGINT: the
// measurement behind docs/RELIABILITY.md's scale table (not a test: times depend on the machine).
//
//   npx tsx test/experiment/first-run-and-stop.ts <seeds> [checkout]
// Runs `moat run test/experiment/fixtures/tiny-baseline.yaml --replicates <seeds> --workers 1` in
// the checkout (default: this repository; it must be built), waits for the first run file, sends
// SIGINT and prints one JSON line: time to the first run, peak memory so far, time from SIGINT to exit.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const seeds = process.argv[2] ?? "1000";
const repo = resolve(process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), "..", ".."));
const out = join(mkdtempSync(join(tmpdir(), "moat-scale-")), "study");
const args = ["run", join(repo, "test", "experiment", "fixtures", "tiny-baseline.yaml"), "--replicates", seeds, "--workers", "1", "--quiet", "--out", out];
const start = Date.now();
const child = spawn(process.execPath, [join(repo, "bin", "moat.js"), ...args], { stdio: ["ignore", "ignore", "pipe"] });
let stderr = "";
child.stderr.on("data", (d) => (stderr += d));
let exited: { code: number | null; at: number } | undefined;
child.on("close", (code) => (exited = { code, at: Date.now() }));
const finished = () => {
  try {
    return readdirSync(join(out, ".runs")).filter((n) => /^\d+-\d+-\d+\.json$/.test(n)).length;
  } catch {
    return 0;
  }
};
while (!exited && finished() < 1 && Date.now() - start < 600_000) await new Promise((r) => setTimeout(r, 20));
const firstRunMs = Date.now() - start;
let peakMiB = Number.NaN;
try {
  peakMiB = Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]) / 1024);
} catch {
  // not Linux
}
const sent = Date.now();
child.kill("SIGINT");
while (!exited && Date.now() - sent < 600_000) await new Promise((r) => setTimeout(r, 10));
console.log(JSON.stringify({ seeds: Number(seeds), firstRunMs, peakMiBAtFirstRun: peakMiB, sigintToExitMs: exited ? exited.at - sent : null, exitCode: exited?.code ?? null, stopped: /interrupted:/.test(stderr) }));
