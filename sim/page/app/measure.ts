// How long the what-if page takes to update, in Debian's Chromium, for the default scenario
// (licensing-era, 20 seeds): from a control change to its first chart drawn (the page draws the
// seeds in so far while the others run) and to all seeds drawn. Each change needs 20 new runs
// of the regime arm (the arm without the regime comes from the page's cache). Not a test: speed
// is measured here, never asserted.
//   npx tsx sim/page/app/measure.ts [changes]      (default 8 changes)
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { max, median, min } from "simple-statistics";
import { buildPage } from "./build.js";
import { servePage } from "./serve.js";

interface Update {
  ms: number;
  firstDrawMs: number;
  firstRunMs: number;
  partialDraws: number;
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
  /** how long each partial draw of the last update took, ms */
  const partialDrawMs = () =>
    page.evaluate(() => {
      const draws = (window as unknown as { moatPage: { draws: { final: boolean; drawMs: number }[] } }).moatPage.draws;
      const finals = draws.flatMap((d, i) => (d.final ? [i] : []));
      return draws.slice((finals.at(-2) ?? -1) + 1, finals.at(-1)).map((d) => Math.round(d.drawMs));
    });
  await page.goto(server.url);
  await drawn(1);
  const first = await last();
  const line = (u: Update) =>
    `${u.runs} runs (${u.cached} cached): first run in ${u.firstRunMs.toFixed(0)} ms, first chart ${u.firstDrawMs.toFixed(0)} ms, all seeds drawn ${u.ms.toFixed(0)} ms ` +
    `(last run in at ${u.runMs.toFixed(0)} ms, final drawing ${u.drawMs.toFixed(0)} ms, ${u.partialDraws} partial draw${u.partialDraws === 1 ? "" : "s"})`;
  console.log(`page load: ${line(first)}`);
  const updates: Update[] = [];
  for (let i = 0; i < changes; i++) {
    // a new licensing line each time: 25.0, 25.1, ... so nothing of the regime arm is cached
    await page.locator("#control-threshold").fill((25 + i * 0.1).toFixed(1));
    await drawn(i + 2);
    const update = await last();
    updates.push(update);
    console.log(`change ${i + 1}: ${line(update)}; partial draws took ${(await partialDrawMs()).join(", ")} ms`);
  }
  const spread = (values: number[]) => `median ${median(values).toFixed(0)} ms, min ${min(values).toFixed(0)} ms, max ${max(values).toFixed(0)} ms`;
  const workers = await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2)));
  console.log(`20-seed update of the default scenario over ${updates.length} changes:`);
  console.log(`  first updated chart drawn: ${spread(updates.map((u) => u.firstDrawMs))}`);
  console.log(`  all seeds drawn:           ${spread(updates.map((u) => u.ms))}`);
  console.log(`  (${cpus().length} cores, ${cpus()[0]?.model.trim() ?? "unknown CPU"}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} (1, 5, 15 min), ${workers} workers)`);
} finally {
  await context.close();
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
}
