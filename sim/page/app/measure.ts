// How long the what-if page takes to update, in Debian's Chromium: from a control change to the
// charts drawn, for the default scenario (licensing-era, 20 seeds). Each change needs 20 new runs
// of the regime arm (the arm without the regime comes from the page's cache). Not a test: speed
// is measured here, never asserted.
//   npx tsx sim/page/app/measure.ts [changes]      (default 8 changes)
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { buildPage } from "./build.js";
import { servePage } from "./serve.js";

interface Update {
  ms: number;
  runMs: number;
  drawMs: number;
  runs: number;
  cached: number;
}

const changes = Number(process.argv[2] ?? 8);
const workDir = mkdtempSync(join(tmpdir(), "moat-page-measure-"));
const built = await buildPage(join(workDir, "site"));
const server = await servePage(built.outDir, 0);
const context = await chromium.launchPersistentContext(join(workDir, "profile"), {
  executablePath: process.env.MOAT_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1400, height: 1000 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const drawn = (n: number) => page.waitForFunction((k) => Number(document.body.dataset.updates) >= k && document.body.dataset.status === "ready", n, { timeout: 300_000 });
  const last = () => page.evaluate(() => (window as unknown as { moatPage: { last: Update } }).moatPage.last);
  await page.goto(server.url);
  await drawn(1);
  const first = await last();
  console.log(`first draw: ${first.runs} runs (${first.cached} cached) in ${first.ms.toFixed(0)} ms (runs ${first.runMs.toFixed(0)} ms, drawing ${first.drawMs.toFixed(0)} ms)`);
  const updates: Update[] = [];
  for (let i = 0; i < changes; i++) {
    // a new licensing line each time: 25.0, 25.1, ... so nothing of the regime arm is cached
    await page.locator("#control-threshold").fill((25 + i * 0.1).toFixed(1));
    await drawn(i + 2);
    const update = await last();
    updates.push(update);
    console.log(`change ${i + 1}: ${update.runs} runs (${update.cached} cached) in ${update.ms.toFixed(0)} ms (runs ${update.runMs.toFixed(0)} ms, drawing ${update.drawMs.toFixed(0)} ms)`);
  }
  const sorted = updates.map((u) => u.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  console.log(
    `20-seed update of the default scenario: median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms ` +
      `(${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}, ${await page.evaluate(() => navigator.hardwareConcurrency)} workers)`,
  );
} finally {
  await context.close();
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}
