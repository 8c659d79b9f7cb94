// End-to-end: build the what-if page, serve it on a free localhost port and drive Debian's
// Chromium (never a downloaded browser) with playwright-core: load, move a slider, follow a shared
// link, download the CSV and the YAML, and check the browser's numbers against `simulate` in Node.
// Screenshots go to out/screenshots/. Without Chromium the tests skip, unless MOAT_CI=1: then the
// missing browser is a failure.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPage, repoRoot } from "../../sim/page/app/build.js";
import { servePage, type RunningServer } from "../../sim/page/app/serve.js";
import { main as moatCli } from "../../sim/cli/main.js";
import { deriveSeeds } from "../../sim/experiment/seeds.js";
import { parseCsv } from "../../sim/io/csv.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { simulate } from "../../sim/simulate.js";

const CHROMIUM = process.env.MOAT_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const ci = process.env.MOAT_CI === "1";
const SCREENSHOTS = join(repoRoot, "out", "screenshots");
const MISSING = `Debian's Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium; or set MOAT_CHROMIUM)`;

if (!haveChromium && !ci) console.warn(`skipping the what-if page browser tests: ${MISSING}. With MOAT_CI=1 this is a failure.`);

describe("the browser", () => {
  it.runIf(ci)("is installed when MOAT_CI=1", () => {
    expect(haveChromium, MISSING).toBe(true);
  });
});

/** A fingerprint of the JavaScript engine's floating-point library (the Math functions the engine uses). */
const MATH_PROBE = `(() => { let h = ""; for (let i = 1; i <= 3000; i++) { const x = i * 0.0137 - 20; h += [Math.exp(x), Math.log(i * 0.731), Math.log10(i * 0.53), Math.log1p(i * 0.01), Math.pow(i * 0.37, x / 7), (i * 0.37) ** (x / 9), Math.cbrt(x)].join(","); } return h; })()`;

/** Arguments for a headless Chromium that never reaches the network. */
function chromiumArgs(): string[] {
  return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
}

describe.skipIf(!haveChromium)("the what-if page in Chromium", () => {
  let workDir: string;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "moat-page-test-"));
    const built = await buildPage(join(workDir, "site"));
    expect(Object.keys(built.bytes)).toEqual(expect.arrayContaining(["main.js", "worker.js"]));
    server = await servePage(built.outDir, 0);
    context = await chromium.launchPersistentContext(join(workDir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs(),
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** Wait until the page has drawn `count` updates and is idle. */
  async function drawn(target: Page, count: number): Promise<void> {
    await target.waitForFunction(
      (n) => Number(document.body.dataset.updates) >= n && document.body.dataset.status === "ready",
      count,
      { timeout: 110_000 },
    );
  }

  const readout = (target: Page) => target.locator("#readout li").allInnerTexts();
  const chartSvg = (target: Page, id: string) => target.locator(`#${id} svg`).evaluate((svg) => svg.outerHTML);

  let movedUrl = "";
  /** the page's CSV rows and whether this Chromium's Math matches Node's (set by the CSV test) */
  let pageRows: string[][] = [];
  let sameMath = false;
  let movedReadout: string[] = [];

  it("loads, runs the engine in web workers and draws every chart and the readout", async () => {
    await page.goto(`${server.url}?preset=licensing-era&seeds=4`);
    await drawn(page, 1);
    expect(page.workers().length).toBeGreaterThanOrEqual(1);
    for (const id of ["chart-hhi", "chart-frontier", "chart-gray", "chart-price", "chart-shares", "chart-shares-baseline"])
      expect(await page.locator(`#${id} svg`).count(), id).toBe(1);
    const lines = await readout(page);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^By 20\d\d the regime .*market concentration/);
    expect(await page.locator("#status").innerText()).toMatch(/^8 runs \(4 seeds x 2 arms, 0 reused\) drawn in \d+\.\d\d s$/);
    expect(await page.locator("#value-threshold").innerText()).toBe("1e26 FLOP");
    await page.screenshot({ path: join(SCREENSHOTS, "page-initial.png"), fullPage: true });
  });

  it("moving a slider reruns the regime arm, changes the charts and the numbers, and writes the state into the URL", async () => {
    const before = await readout(page);
    const hhiBefore = await chartSvg(page, "chart-hhi");
    const grayTitleBefore = await page.locator("#chart-gray svg").getAttribute("aria-label");
    await page.locator("#control-threshold").fill("24.5");
    await drawn(page, 2);
    expect(await page.locator("#value-threshold").innerText()).toBe("3.2e24 FLOP");
    expect(page.url()).toContain("threshold=3.16e24");
    const after = await readout(page);
    expect(after).not.toEqual(before);
    expect(await chartSvg(page, "chart-hhi")).not.toBe(hhiBefore);
    expect(await page.locator("#chart-gray svg").getAttribute("aria-label")).not.toBe(grayTitleBefore);
    expect(await page.locator("#chart-gray svg").getAttribute("aria-label")).toMatch(/^The licensing-era what-if regime /);
    // the arm without the regime did not change: its four runs came from the cache
    expect(await page.locator("#status").innerText()).toMatch(/4 reused/);
    expect(await page.locator("#changes li").allTextContents()).toEqual(["Licensing line (training compute): 1e26 FLOP -> 3.2e24 FLOP"]);
    movedUrl = page.url();
    movedReadout = after;
    await page.screenshot({ path: join(SCREENSHOTS, "page-threshold-3e24.png"), fullPage: true });
    await page.locator("#controls").evaluate((aside) => ((aside as HTMLElement).style.maxHeight = "none"));
    await page.locator("#controls").screenshot({ path: join(SCREENSHOTS, "page-controls.png") });
    await page.locator("#controls").evaluate((aside) => ((aside as HTMLElement).style.maxHeight = ""));
  });

  it("a shared link restores the state and the same numbers in a fresh tab", async () => {
    const fresh = await context.newPage();
    fresh.on("pageerror", (error) => pageErrors.push(error.message));
    await fresh.goto(movedUrl);
    await drawn(fresh, 1);
    expect(await fresh.locator("#preset").inputValue()).toBe("licensing-era");
    expect(await fresh.locator("#control-threshold").inputValue()).toBe("24.5");
    expect(await fresh.locator("#seeds").inputValue()).toBe("4");
    expect(await fresh.locator("#value-threshold").innerText()).toBe("3.2e24 FLOP");
    expect(await readout(fresh)).toEqual(movedReadout);
    await fresh.screenshot({ path: join(SCREENSHOTS, "page-shared-link.png"), fullPage: true });
    await fresh.close();
  });

  it("switches and the audit's off end are kept in the link", async () => {
    await page.locator("#control-owban").check();
    await drawn(page, 3);
    await page.locator("#control-audit").fill("-1");
    await drawn(page, 4);
    expect(page.url()).toMatch(/audit=off/);
    expect(page.url()).toMatch(/owban=on/);
    expect(await page.locator("#value-audit").innerText()).toBe("no audit");
    // back to the preset's value: the control leaves the link again
    await page.locator("#control-owban").uncheck();
    await drawn(page, 5);
    expect(page.url()).not.toMatch(/owban/);
  });

  it("downloads the runs as CSV with the CLI's columns, and the numbers equal simulate in Node", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-csv").click()]);
    expect(download.suggestedFilename()).toBe("licensing-era-what-if-runs.csv");
    const path = join(workDir, "runs.csv");
    await download.saveAs(path);
    const { header, rows } = parseCsv(readFileSync(path, "utf8"));
    expect(header).toEqual(["arm", "seed", "period", "year", "metric", "value"]);

    const overrides = { "regime.thresholdFlop": 3.16e24, "regime.preReleaseApproval": null };
    const scenario = (await loadScenario("licensing-era", { overrides })).scenario;
    const seeds = deriveSeeds(scenario.seed, 4);
    const expected: string[][] = [];
    const cell = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Inf" : v === -Infinity ? "-Inf" : Object.is(v, -0) ? "0" : String(v));
    const runs = seeds.map((seed) => simulate(scenario, seed, { counterfactual: true }));
    runs.forEach((run, i) => run.metrics.forEach((m) => expected.push(["licensing-era what-if", String(seeds[i]), String(m.period), cell(m.year), m.metric, cell(m.value)])));
    runs.forEach((run, i) => run.counterfactualMetrics!.forEach((m) => expected.push(["no regime", String(seeds[i]), String(m.period), cell(m.year), m.metric, cell(m.value)])));
    expect(rows.length).toBe(expected.length);
    expect(rows.map((row) => row.slice(0, 5))).toEqual(expected.map((row) => row.slice(0, 5)));
    // Same engine code, but each JavaScript engine brings its own Math.exp, Math.log and Math.pow:
    // when this Chromium's differ from Node's in the last bit, the runs can only agree to rounding.
    sameMath = (await page.evaluate(MATH_PROBE)) === eval(MATH_PROBE);
    pageRows = rows;
    let identical = 0;
    let worst = 0;
    rows.forEach((row, i) => {
      if (row[5] === expected[i][5]) identical += 1;
      else {
        const a = Number(row[5]);
        const b = Number(expected[i][5]);
        worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
      }
    });
    if (sameMath) expect(rows).toEqual(expected);
    else {
      console.warn(
        `Chromium's Math.exp/log/pow differ from Node's in the last bit, so the page equals the CLI to rounding only: ${identical} of ${rows.length} values identical, worst relative difference ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-9);
    }
  });

  it("downloads the scenario as YAML that is the scenario the page ran and that `moat run` runs to the page's numbers", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-yaml").click()]);
    expect(download.suggestedFilename()).toBe("licensing-era-what-if.yaml");
    const path = join(workDir, "licensing-era-what-if.yaml");
    await download.saveAs(path);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^# licensing-era-what-if: exported from the moat what-if page/);
    expect(text).not.toMatch(/^extends:/m);
    const loaded = (await loadScenario(path)).scenario;
    const expected = (await loadScenario("licensing-era", { overrides: { "regime.thresholdFlop": 3.16e24, "regime.preReleaseApproval": null } })).scenario;
    expect({ ...loaded, name: "", description: "" }).toEqual({ ...expected, name: "", description: "" });
    expect(loaded.name).toBe("licensing-era-what-if");
    writeFileSync(join(SCREENSHOTS, "exported-scenario.yaml"), text);

    // `moat run` on the downloaded file, with the page's first seed: its metrics.csv and
    // counterfactual_metrics.csv hold the page's rows for that seed, arm by arm.
    const seed = deriveSeeds(loaded.seed, 1)[0];
    const out = join(workDir, "cli");
    expect(await moatCli(["run", path, "--seed", String(seed), "--out", out, "--quiet"])).toBe(0);
    const runDir = join(out, "licensing-era-what-if", String(seed));
    for (const [file, arm] of [["metrics.csv", "licensing-era what-if"], ["counterfactual_metrics.csv", "no regime"]]) {
      const cli = parseCsv(readFileSync(join(runDir, file), "utf8"));
      expect(cli.header).toEqual(["period", "year", "metric", "value"]);
      const fromPage = pageRows.filter((row) => row[0] === arm && row[1] === String(seed)).map((row) => row.slice(2));
      expect(fromPage.map((row) => row.slice(0, 3))).toEqual(cli.rows.map((row) => row.slice(0, 3)));
      if (sameMath) expect(fromPage).toEqual(cli.rows);
      else fromPage.forEach((row, i) => {
        const a = Number(row[3]);
        const b = Number(cli.rows[i][3]);
        if (row[3] !== cli.rows[i][3]) expect(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)), `${arm} ${row.join(",")}`).toBeLessThan(1e-9);
      });
    }
  });

  it("a damaged link is repaired and says so; a preset without a regime disables the regime controls", async () => {
    await page.goto(`${server.url}?preset=baseline&seeds=2&threshold=banana&colour=red`);
    await drawn(page, 1);
    const notes = await page.locator("#link-notes").innerText();
    expect(notes).toMatch(/threshold: expected a number, got "banana"/);
    expect(notes).toMatch(/colour: not a control of this page; ignored/);
    expect(await page.locator("#regime-controls").evaluate((fieldset) => (fieldset as HTMLFieldSetElement).disabled)).toBe(true);
    expect(await page.locator("#control-threshold").isDisabled()).toBe(true);
    expect(await page.locator("#readout li").allInnerTexts()).toEqual([
      "baseline has no regime: the charts show the market on its own. Pick a regime preset to compare.",
    ]);
    expect(await page.locator("#chart-shares-baseline").isHidden()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "page-baseline-repaired-link.png"), fullPage: true });
  });

  it("raised no errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
