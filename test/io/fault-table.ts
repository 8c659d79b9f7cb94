// The faults of issue 15, tried against a moat checkout as a user meets them (node bin/moat.js),
// one line each: what moat did (exit status, first line on stderr, what was left on disk). Prints a
// Markdown table for docs/RELIABILITY.md. Needs the checkout built (npm run build); the full-disk
// and read-only rows need root (they mount a small tmpfs) and are skipped otherwise.
//
//   npx tsx test/io/fault-table.ts [checkout]      # default: this repository
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", ".."));
const bin = join(repo, "bin", "moat.js");
const fixtures = join(repo, "test", "experiment", "fixtures");
const TINY_B = join(fixtures, "tiny-baseline.yaml");
const TINY_L = join(fixtures, "tiny-licensing.yaml");
const root = process.getuid?.() === 0;

function temp(): string {
  return mkdtempSync(join(tmpdir(), "moat-fault-"));
}

function moat(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): { code: number | string | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 600_000 });
  return { code: r.signal ? `killed after ${(options.timeoutMs ?? 600_000) / 1000} s` : r.status, stderr: r.stderr ?? "", stdout: r.stdout ?? "" };
}

const firstLine = (text: string) => (text.trim().split("\n").find((l) => l.trim() !== "") ?? "").replace(/\/tmp\/moat-fault-\w+/g, "<tmp>").slice(0, 160);
const runFiles = (dir: string) => (existsSync(join(dir, ".runs")) ? readdirSync(join(dir, ".runs")).filter((n) => /^\d+-\d+-\d+\.json$/.test(n)) : []);
function allFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}
const COMPARE = ["compare", TINY_B, TINY_L, "--seeds", "3", "--seed", "5", "--quiet", "--workers", "1"];

const rows: [string, string][] = [];
function row(fault: string, result: string): void {
  rows.push([fault, result.replaceAll("|", "\\|")]);
  process.stderr.write(`${fault}: ${result}\n`);
}

async function main(): Promise<void> {
  // 1. full disk
  if (root) {
    const mnt = temp();
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt]);
    try {
      const r = moat(["run", TINY_L, "--set", "periods=40", "--out", join(mnt, "o")]);
      const left = allFiles(join(mnt, "o"));
      row("full disk (64 KiB tmpfs), `moat run`", `exit ${r.code}; ${firstLine(r.stderr)}; left: ${left.length ? left.join(", ") : "nothing"}`);
      rmSync(join(mnt, "o"), { recursive: true, force: true });
      const s = moat([...COMPARE, "--seeds", "12", "--out", join(mnt, "s")]);
      execFileSync("mount", ["-o", "remount,size=16m", mnt]);
      const again = moat([...COMPARE, "--seeds", "12", "--out", join(mnt, "s"), "--resume"]);
      row("full disk during a study, then --resume with room", `exit ${s.code}: ${firstLine(s.stderr)}; resume: exit ${again.code} ${firstLine(again.stderr || again.stdout)}`);
    } finally {
      execFileSync("umount", [mnt]);
    }
  }
  // 2. a truncated run checkpoint
  {
    const out = join(temp(), "s");
    moat([...COMPARE, "--out", out]);
    const file = join(out, ".runs", "0-0-1.json");
    truncateSync(file, Math.floor(readFileSync(file).length / 2));
    const r = moat([...COMPARE, "--out", out, "--resume"]);
    row("run checkpoint cut in half, `--resume`", `exit ${r.code}; ${firstLine(r.stderr || r.stdout)}`);
  }
  // 3. study.json deleted, another study into the folder
  {
    const out = join(temp(), "s");
    moat([...COMPARE, "--out", out]);
    rmSync(join(out, ".runs", "study.json"));
    const r = moat([...COMPARE.map((a) => (a === "5" ? "6" : a)), "--out", out]);
    row("study.json deleted, a different study into the folder", `exit ${r.code}; ${firstLine(r.stderr || r.stdout)}`);
  }
  // 4. merge with a foreign run file
  {
    const base = temp();
    const shards = [1, 2].map((k) => join(base, `shard${k}`));
    shards.forEach((dir, k) => moat([...COMPARE, "--shard", `${k + 1}/2`, "--out", dir]));
    const foreign = join(base, "foreign");
    moat([...COMPARE.map((a) => (a === "5" ? "6" : a)), "--out", foreign]);
    copyFileSync(join(foreign, ".runs", "0-0-2.json"), join(shards[0], ".runs", "0-0-2.json"));
    const r = moat(["merge", ...shards, "--out", join(base, "merged")]);
    row("`moat merge` with another study's run file in a shard", `exit ${r.code}; ${firstLine(r.stderr || r.stdout)}`);
  }
  // 5. two writers on one folder
  {
    const out = join(temp(), "s");
    const child = spawn(process.execPath, [bin, ...COMPARE, "--seeds", "8", "--out", out], { cwd: repo, env: { ...process.env, MOAT_TEST_RUN_DELAY_MS: "300" }, stdio: "ignore" });
    const start = Date.now();
    while (runFiles(out).length < 2 && Date.now() - start < 120_000) await new Promise((r) => setTimeout(r, 50));
    const r = moat(["sweep", TINY_L, "--vary", "regime.thresholdFlop=1e25,1e26", "--seeds", "2", "--quiet", "--workers", "1", "--fresh", "--out", out]);
    child.kill("SIGKILL");
    row("a second moat `--fresh` into a folder a running moat writes", `exit ${r.code}; ${firstLine(r.stderr || r.stdout)}`);
  }
  // 6. GET /% to the page server
  {
    const dir = temp();
    writeFileSync(join(dir, "index.html"), "<p>page</p>\n");
    const server = spawn(process.execPath, ["--import", "tsx", join(repo, "sim", "page", "app", "serve.ts"), dir, "--port", "0"], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    server.stdout.on("data", (d) => (printed += d));
    const start = Date.now();
    while (!/http:\/\/[\d.]+:\d+\//.test(printed) && Date.now() - start < 60_000) await new Promise((r) => setTimeout(r, 50));
    const url = /http:\/\/[\d.]+:(\d+)\//.exec(printed);
    const get = (path: string) =>
      new Promise<string>((done) => {
        const req = request({ host: "127.0.0.1", port: Number(url?.[1]), path }, (res) => {
          res.resume();
          res.on("end", () => done(String(res.statusCode)));
        });
        req.on("error", (e) => done(`error ${(e as NodeJS.ErrnoException).code}`));
        req.end();
      });
    const bad = await get("/%");
    const after = await get("/");
    row("page server: `GET /%`, then `GET /`", `${bad}, then ${after}`);
    server.kill();
  }
  // 7. hostile name
  {
    const base = temp();
    mkdirSync(join(base, "in"));
    writeFileSync(join(base, "in", "s.yaml"), `extends: ${join(repo, "scenarios", "baseline.yaml")}\nname: ../../escaped\nperiods: 2\n`);
    const r = moat(["run", join(base, "in", "s.yaml"), "--out", join(base, "out", "x")]);
    row("scenario `name: ../../escaped`", `exit ${r.code}; ${firstLine(r.stderr)}; written outside --out: ${existsSync(join(base, "escaped")) ? "yes" : "no"}`);
  }
  // 8. extends: /etc/passwd
  {
    const base = temp();
    writeFileSync(join(base, "s.yaml"), "extends: /etc/passwd\n");
    const r = moat(["run", join(base, "s.yaml"), "--out", join(base, "out")]);
    row("`extends: /etc/passwd`", `exit ${r.code}; echoes the file: ${r.stderr.includes("root:") ? "yes" : "no"}; ${firstLine(r.stderr)}`);
  }
  // 9. 1,001 firms
  {
    const base = temp();
    const firms = Array.from({ length: 1001 }, (_, i) => `  - { name: f${i}, kind: startup }`).join("\n");
    writeFileSync(join(base, "crowd.yaml"), `extends: ${join(repo, "scenarios", "baseline.yaml")}\nperiods: 1\nfirms:\n${firms}\n`);
    const r = moat(["run", join(base, "crowd.yaml"), "--out", join(base, "out")]);
    row("a scenario with 1,001 firms", `exit ${r.code}; ${firstLine(r.stderr || r.stdout)}`);
  }
  // 10. --seeds 1,000,000
  {
    const out = join(temp(), "s");
    const r = moat(["compare", TINY_B, TINY_L, "--seeds", "1000000", "--out", out], { timeoutMs: 120_000 });
    row("`moat compare ... --seeds 1000000` (given 120 s)", `exit ${r.code}; ${firstLine(r.stderr || r.stdout) || "nothing printed"}; runs finished: ${runFiles(out).length}`);
  }
  // 11. EPIPE
  {
    const out = temp();
    const r = spawnSync("bash", ["-c", `node ${bin} run ${TINY_L} --out ${out} | true; echo "exit \${PIPESTATUS[0]}" >&2`], { encoding: "utf8" });
    row("`moat run | true` (reader gone)", `${firstLine(r.stderr)}${r.stderr.includes("EPIPE") ? " (EPIPE trace)" : ""}`);
  }
  // 12. read-only --out
  if (root) {
    const mnt = temp();
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mnt]);
    try {
      const r = moat(["run", TINY_L, "--out", join(mnt, "o")]);
      row("read-only --out (read-only tmpfs)", `exit ${r.code}; ${firstLine(r.stderr)}`);
    } finally {
      execFileSync("umount", [mnt]);
    }
  }
  // 13. moat run killed part-way (SIGKILL at 30%..100% of its life, 10 times)
  {
    const out = temp();
    const t0 = Date.now();
    moat(["run", TINY_L, "--seed", "6", "--set", "periods=40", "--out", join(temp(), "ref")]);
    const life = Date.now() - t0; // kills are spread over 30% to 93% of a whole run's life
    let half = 0;
    for (let k = 0; k < 10; k++) {
      const child = spawn(process.execPath, [bin, "run", TINY_L, "--seed", "6", "--set", "periods=40", "--out", out], { cwd: repo, stdio: "ignore" });
      const closed = new Promise((r) => child.on("close", r));
      await new Promise((r) => setTimeout(r, Math.floor(life * (0.3 + 0.07 * k))));
      child.kill("SIGKILL");
      await closed;
      const dir = join(out, "tiny-licensing", "6");
      if (existsSync(dir) && !existsSync(join(dir, "manifest.json"))) half++;
      else if (existsSync(dir) && readdirSync(dir).some((n) => n.startsWith("."))) half++;
    }
    moat(["run", TINY_L, "--seed", "6", "--set", "periods=40", "--out", out]);
    const leftovers = allFiles(out).filter((f) => f.split("/").some((p) => p.startsWith(".")));
    row("`moat run` killed 10 times part-way, then run again", `${half} of 10 kills left a half set; after the rerun, temporary files left: ${leftovers.length}`);
  }
  // 14. stale incumbents.csv
  {
    const out = temp();
    moat(["run", TINY_L, "--seed", "4", "--out", out]);
    moat(["run", TINY_L, "--seed", "4", "--set", "regime=null", "--out", out]);
    row("rerun without a regime over a run with one", `incumbents.csv left: ${existsSync(join(out, "tiny-licensing", "4", "incumbents.csv")) ? "yes" : "no"}`);
  }
  // 15. chart from a truncated summary.csv
  {
    const out = join(temp(), "s");
    moat([...COMPARE, "--out", out]);
    const path = join(out, "summary.csv");
    const text = readFileSync(path, "utf8");
    const cut = text.indexOf("\n", Math.floor(text.length * 0.6)) + 8;
    writeFileSync(path, text.slice(0, cut));
    const r = moat(["chart", out, "--metric", "hhi_usage", "--format", "svg"]);
    row("`moat chart` from a summary.csv cut mid-line", `exit ${r.code}; ${firstLine(r.stderr || r.stdout)}`);
  }
  // 16. firms: []
  {
    const base = temp();
    writeFileSync(join(base, "empty.yaml"), `extends: ${join(repo, "scenarios", "baseline.yaml")}\nname: empty\nfirms: []\nperiods: 2\n`);
    moat(["run", join(base, "empty.yaml"), "--seed", "1", "--out", join(base, "out")]);
    const csv = readFileSync(join(base, "out", "empty", "1", "metrics.csv"), "utf8");
    const value = (m: string) => new RegExp(`^0,2026,${m.replace(".", "\\.")},(.*)$`, "m").exec(csv)?.[1];
    row("`firms: []`, period 0 (no home usage)", `hhi_usage ${value("hhi_usage")}, gray_share ${value("gray_share")}, mean_price ${value("mean_price")}`);
  }

  console.log(`| fault | what moat did (${repo}) |\n| --- | --- |`);
  for (const [fault, result] of rows) console.log(`| ${fault} | ${result} |`);
}

await main();
