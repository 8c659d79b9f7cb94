// End-to-end: build the what-if page, serve it on a free localhost port and drive Debian's
// Chromium (never a downloaded browser) with playwright-core: load, move a slider, follow a shared
// link, download the CSV and the YAML, and check the browser's numbers against `simulate` in Node;
// the layout at phone, tablet, projector and laptop sizes; the exercises of the teaching
// scenarios; each chart's table and downloads; the printed worksheet; axe-core's accessibility
// rules; the page opened from disk. Screenshots go to out/screenshots/. Without Chromium the tests
// skip, unless MOAT_CI=1: then the missing browser is a failure.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPage, repoRoot } from "../../sim/page/app/build.js";
import { servePage, type RunningServer } from "../../sim/page/app/serve.js";
import { execFileSync } from "node:child_process";
import { main as moatCli } from "../../sim/cli/main.js";
import { deriveSeeds } from "../../sim/experiment/seeds.js";
import { parseCsv } from "../../sim/io/csv.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { simulate } from "../../sim/simulate.js";
import { readScenarioFiles } from "../../sim/page/app/build.js";
import { armRunsOn, dispatchOrder } from "../../sim/page/progressive.js";
import { decodeState } from "../../sim/page/state.js";
import { NO_REGIME_ARM, buildWhatIf, defaultPresetId, listPresets, whatIfArms, whatIfTables } from "../../sim/page/whatif.js";
import { readoutLines } from "../../sim/report/readout.js";

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

    // The header's commands reproduce the page's numbers: run them as written (in the folder the
    // file was saved to) and find every per-seed value of the page's CSV in their runs.csv.
    const commands = text.split("\n").filter((line) => line.startsWith("#   npx moat run ")).map((line) => line.slice("#   npx moat ".length).split(" "));
    expect(commands).toEqual([
      ["run", "licensing-era-what-if.yaml", "--replicates", "4", "--seed", String(loaded.seed)],
      ["run", "licensing-era-what-if.yaml", "--replicates", "4", "--seed", String(loaded.seed), "--set", "regime=null", "--name", "licensing-era-what-if-no-regime"],
    ]);
    for (const args of commands) execFileSync(process.execPath, [join(repoRoot, "bin", "moat.js"), ...args, "--quiet"], { cwd: workDir, stdio: "ignore" });
    for (const [dir, arm] of [["licensing-era-what-if-replicates", "licensing-era what-if"], ["licensing-era-what-if-no-regime", "no regime"]]) {
      const cli = parseCsv(readFileSync(join(workDir, "out", dir, "runs.csv"), "utf8"));
      const at = (name: string) => cli.header.indexOf(name);
      const cliValues = new Map(cli.rows.map((row) => [`${row[at("seed")]}|${row[at("period")]}|${row[at("metric")]}`, row[at("value")]]));
      const fromPage = pageRows.filter((row) => row[0] === arm);
      expect(fromPage.length).toBe(cli.rows.length);
      for (const row of fromPage) {
        const value = cliValues.get(`${row[1]}|${row[2]}|${row[4]}`);
        expect(value, `${arm} ${row.join(",")}`).toBeDefined();
        if (sameMath) expect(value).toBe(row[5]);
        else if (value !== row[5]) expect(Math.abs(Number(value) - Number(row[5])) / Math.max(Math.abs(Number(value)), Math.abs(Number(row[5]))), `${arm} ${row.join(",")}`).toBeLessThan(1e-9);
      }
    }

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

  /** The readout a non-progressive update of the page's settings (its URL) gives: every seed run in Node, then the page's tables. */
  function readoutInNode(url: string): string[] {
    const files = readScenarioFiles();
    const presets = listPresets(files);
    const { state } = decodeState(new URL(url).search, presets.map((p) => p.id), defaultPresetId(presets));
    const whatIf = buildWhatIf(files, presets, state);
    const arms = whatIfArms(whatIf);
    const seeds = deriveSeeds(whatIf.scenario.seed, state.seeds);
    const runs = dispatchOrder(arms.length, seeds.length).map((slot) => simulate(arms[slot.arm].scenario, seeds[slot.seed], { recordFirms: false }).metrics);
    const armRuns = armRunsOn(arms.map((arm) => ({ name: arm.name, scenario: whatIf.scenario.name })), seeds, runs, seeds.map((_, i) => i));
    return readoutLines(whatIfTables(whatIf, armRuns, "test"), arms[0].name, NO_REGIME_ARM).map((line) => line.text);
  }

  interface DrawEvent {
    query: string;
    seedsDrawn: number;
    seedsTotal: number;
    final: boolean;
  }
  const drawEvents = (target: Page) => target.evaluate(() => (window as unknown as { moatPage: { draws: DrawEvent[] } }).moatPage.draws);
  /** The test hook: each update draws at most `runs` new runs and keeps its final draw until release. */
  const hold = (target: Page, runs: number) => target.evaluate((k) => (window as unknown as { moatTest: { hold: (k: number) => void } }).moatTest.hold(k), runs);
  const release = (target: Page) => target.evaluate(() => (window as unknown as { moatTest: { release: () => void } }).moatTest.release());

  // moatTest.hold(1): each update draws one new run until released, so the partial state holds
  // one seed whatever the machine's speed
  it("draws the seeds in so far while the others run, says it is provisional, then draws every seed: the non-progressive result", async () => {
    const view = await context.newPage();
    view.on("pageerror", (error) => pageErrors.push(error.message));
    await view.setViewportSize({ width: 1440, height: 900 });
    await view.goto(`${server.url}?preset=licensing-era&seeds=6`);
    await drawn(view, 1);
    const hhiBefore = await chartSvg(view, "chart-hhi");
    await hold(view, 1);
    await view.locator("#control-threshold").fill("25.5");
    // one new run of the regime arm (the arm without it is cached): one complete seed of six
    await view.waitForFunction(() => document.body.dataset.drawn === "partial: 1 of 6", undefined, { timeout: 110_000 });
    expect(await view.evaluate(() => document.body.dataset.status)).toBe("partial");
    expect(await view.locator("#status").innerText()).toMatch(/^Provisional: 1 seed of 6 drawn; the lines, bands and numbers will move as the other seeds finish\. Running 12 runs \(6 seeds x 2 arms\) on \d+ workers?: \d+ of 12 done\.$/);
    expect(await chartSvg(view, "chart-hhi")).not.toBe(hhiBefore);
    // provisional numbers are not announced and not handed out
    expect(await view.locator("#readout-region").getAttribute("aria-busy")).toBe("true");
    expect(await view.locator("#download-csv").isDisabled()).toBe(true);
    const hhi = view.locator("#chart-hhi").locator("xpath=..");
    for (const name of ["PNG", "SVG", "CSV"]) expect(await hhi.getByRole("button", { name: new RegExp(`^${name}: `) }).isDisabled(), name).toBe(true);
    await hhi.getByRole("button", { name: /^Table: / }).click();
    expect(await hhi.locator("caption").innerText()).toMatch(/\(mean and 90% band across 1 of 6 seeds so far, provisional\)$/);
    expect(await view.evaluate(() => (window as unknown as { moatPage: { updates: number } }).moatPage.updates)).toBe(1);

    await release(view);
    await drawn(view, 2);
    expect(await view.evaluate(() => document.body.dataset.drawn)).toBe("final: 6 of 6");
    expect(await view.locator("#readout-region").getAttribute("aria-busy")).toBe("false");
    expect(await view.locator("#download-csv").isDisabled()).toBe(false);
    expect(await hhi.getByRole("button", { name: /^CSV: / }).isDisabled()).toBe(false);
    expect(await hhi.locator("caption").innerText()).toMatch(/\(mean and 90% band across 6 seeds\)$/);
    expect(await view.locator("#status").innerText()).toMatch(/^12 runs \(6 seeds x 2 arms, 6 reused\) drawn in \d+\.\d\d s$/);
    // this update's draws: partial ones with fewer seeds, then one final draw of all six
    const query = new URL(view.url()).search.slice(1);
    const own = (await drawEvents(view)).filter((event) => event.query === query);
    expect(own.at(-1)).toEqual(expect.objectContaining({ seedsDrawn: 6, seedsTotal: 6, final: true }));
    expect(own.slice(0, -1).length).toBeGreaterThanOrEqual(1);
    for (const event of own.slice(0, -1)) expect(event.final === false && event.seedsDrawn < 6, JSON.stringify(event)).toBe(true);
    // the final readout is that of every seed run without progressive drawing (in Node); where
    // this Chromium's Math differs from Node's in the last bit (see the CSV test) the readout's
    // rounded figures still agree: both are deterministic, so this cannot flicker
    expect(await readout(view)).toEqual(readoutInNode(view.url()));
    await view.close();
  });

  it("a rapid second change never shows the first setting's numbers after its own first draw", async () => {
    const view = await context.newPage();
    view.on("pageerror", (error) => pageErrors.push(error.message));
    await view.goto(`${server.url}?preset=licensing-era&seeds=6`);
    await drawn(view, 1);
    await hold(view, 1);
    await view.locator("#control-threshold").fill("25.5");
    await view.waitForFunction(() => document.body.dataset.drawn === "partial: 1 of 6", undefined, { timeout: 110_000 });
    const first = new URL(view.url()).search.slice(1);
    // the second change arrives while the first is half drawn, its runs still in the workers
    await view.locator("#control-fee").fill("2");
    const second = new URL(view.url()).search.slice(1);
    expect(second).not.toBe(first);
    await view.waitForFunction((q) => (window as unknown as { moatPage: { draws: { query: string }[] } }).moatPage.draws.some((d) => d.query === q), second, { timeout: 110_000 });
    await release(view);
    await drawn(view, 2);
    const events = await drawEvents(view);
    const firstOfSecond = events.findIndex((event) => event.query === second);
    expect(events.slice(firstOfSecond).every((event) => event.query === second), JSON.stringify(events.slice(firstOfSecond))).toBe(true);
    // the first setting never got its final draw; the second did, with every seed
    expect(events.some((event) => event.query === first && event.final)).toBe(false);
    expect(events.at(-1)).toEqual(expect.objectContaining({ query: second, final: true, seedsDrawn: 6 }));
    expect(await view.evaluate(() => (window as unknown as { moatPage: { updates: number } }).moatPage.updates)).toBe(2);
    expect(await readout(view)).toEqual(readoutInNode(view.url()));
    await view.close();
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

  /** Where an element is, against the viewport. */
  const box = (target: Page, selector: string) =>
    target.locator(selector).first().evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right, width: rect.width, height: rect.height, viewportWidth: innerWidth, viewportHeight: innerHeight };
    });

  /** The smallest chart text as drawn, in CSS px: font size in the spec x the SVG's scale on screen. */
  const smallestChartTextPx = (target: Page, selector: string) =>
    target.locator(`${selector} svg`).evaluate((svg) => {
      const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll("text")].filter((t) => (t.textContent ?? "").trim() !== "").map((t) => parseFloat(getComputedStyle(t).fontSize));
      return Math.min(...sizes) * scale;
    });

  const SIZES = [
    { name: "phone", width: 390, height: 844 },
    { name: "tablet", width: 768, height: 1024 },
    { name: "projector", width: 1024, height: 768 },
    { name: "laptop", width: 1440, height: 900 },
  ] as const;

  it.each(SIZES)("fits a $name screen ($width x $height): readout and charts in view, nothing cut off", async ({ name, width, height }) => {
    const view = await context.newPage();
    view.on("pageerror", (error) => pageErrors.push(error.message));
    await view.setViewportSize({ width, height });
    await view.goto(`${server.url}?preset=licensing-era&seeds=4`);
    await drawn(view, 1);
    await view.screenshot({ path: join(SCREENSHOTS, `size-${name}.png`) });
    // no horizontal scrolling: the page is as wide as the screen
    expect(await view.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const readoutBox = await box(view, "#readout li");
    expect(readoutBox.top, "the readout's first line starts on the first screen").toBeLessThan(height);
    expect(readoutBox.right).toBeLessThanOrEqual(width);
    const chart = await box(view, "#chart-hhi");
    expect(chart.right).toBeLessThanOrEqual(width);
    if (name === "laptop" || name === "projector") {
      // the first chart is whole on the first screen, beside the readout, and its text is at least 14 px
      expect(chart.top).toBeGreaterThanOrEqual(0);
      expect(chart.bottom, "first chart above the fold").toBeLessThanOrEqual(height);
      expect(await smallestChartTextPx(view, "#chart-hhi")).toBeGreaterThanOrEqual(14);
    } else {
      // phones and tablets: the controls are folded away behind a button, the charts follow the readout
      expect(await view.locator("#controls").isVisible()).toBe(false);
      await view.locator("#toggle-controls").click();
      expect(await view.locator("#toggle-controls").getAttribute("aria-expanded")).toBe("true");
      expect(await view.locator("#controls").isVisible()).toBe(true);
      expect(await view.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await view.screenshot({ path: join(SCREENSHOTS, `size-${name}-controls-open.png`) });
      await view.locator("#toggle-controls").click();
      expect(await view.locator("#controls").isVisible()).toBe(false);
      await view.locator("#chart-hhi").scrollIntoViewIfNeeded();
      const scrolled = await box(view, "#chart-hhi");
      expect(scrolled.top).toBeGreaterThanOrEqual(0);
      expect(scrolled.bottom).toBeLessThanOrEqual(height);
    }
    await view.close();
  });

  it("speaks slider values with their units, has one polite live region and marks changed controls in words", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}?preset=licensing-era&seeds=2&fee=10`);
    await drawn(page, 1);
    expect(await page.locator("#control-threshold").getAttribute("aria-valuetext")).toBe("10 to the 26 FLOP");
    expect(await page.locator("#control-fee").getAttribute("aria-valuetext")).toBe("$10M per year");
    expect(await page.locator("#seeds").getAttribute("aria-valuetext")).toBe("2 seeds per arm");
    const live = await page.evaluate(() =>
      [...document.querySelectorAll("[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer], output")].map((e) => `${e.id}:${e.getAttribute("aria-live")}`),
    );
    expect(live).toEqual(["readout-region:polite"]);
    // a changed control says so in text, not only in colour
    const feeRow = page.locator('.control[data-control="fee"]');
    expect(await feeRow.locator(".changed-tag").isVisible()).toBe(true);
    expect(await feeRow.locator(".changed-tag").innerText()).toMatch(/changed/i);
    expect(await page.locator('.control[data-control="threshold"] .changed-tag').isVisible()).toBe(false);
  });

  /** axe-core's WCAG 2.x A and AA rules in the page as it stands. */
  async function axeViolations(target: Page): Promise<string[]> {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await target.addScriptTag({ content: axeSource });
    return target.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
      return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join("; ")})`);
    });
  }

  it("has no axe-core violations (WCAG 2.2 A and AA): results, about panel, tables, exercise", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}?preset=licensing-era&seeds=2&fee=10`);
    await drawn(page, 1);
    await page.locator("#open-about").click();
    await page.locator("#chart-hhi").locator("xpath=..").getByRole("button", { name: /^Table: / }).click();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}?preset=teaching/03-open-weights-ban&seeds=2`);
    await page.waitForFunction(() => document.body.dataset.status === "waiting");
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator("#toggle-controls").click();
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  const teaching = readdirSync(join(repoRoot, "scenarios", "teaching")).filter((f) => f.endsWith(".yaml")).sort().map((f) => `teaching/${f.replace(/\.yaml$/, "")}`);

  it.each(teaching)("%s opens as an exercise: questions, a prediction before it runs, then its charts; prints on one page", async (preset) => {
    const view = await context.newPage();
    view.on("pageerror", (error) => pageErrors.push(error.message));
    await view.setViewportSize({ width: 1440, height: 900 });
    await view.goto(`${server.url}?preset=${preset}&seeds=3`);
    await view.waitForFunction(() => document.body.dataset.status === "waiting");
    const source = readFileSync(join(repoRoot, "scenarios", `${preset}.yaml`), "utf8");
    const questions = await view.locator("#exercise-questions li").allInnerTexts();
    expect(questions.length).toBe((source.match(/^# \d+\. /gm) ?? []).length);
    expect(questions[0].length).toBeGreaterThan(20);
    // nothing runs before a prediction
    expect(await view.locator("#charts figure").count()).toBe(0);
    expect(await view.locator("#readout").isVisible()).toBe(false);
    await view.locator("#run-exercise").click();
    expect(await view.locator("#prediction-needed").isVisible()).toBe(true);
    expect(await view.evaluate(() => (window as unknown as { moatPage: { updates: number } }).moatPage.updates)).toBe(0);
    await view.screenshot({ path: join(SCREENSHOTS, `exercise-${preset.split("/")[1]}-before.png`) });
    await view.locator("#prediction-choices input").first().check();
    await view.locator("#run-exercise").click();
    await drawn(view, 1);
    // the charts its "Charts:" line names, in that order
    const listed = (/^# Charts: (.+)$/m.exec(source) as RegExpExecArray)[1].split(",").map((id) => id.trim());
    const expectedIds = listed.flatMap((id) => (id === "usage_share" ? ["chart-shares", "chart-shares-baseline"] : [`chart-${id.replace(/[^A-Za-z0-9_-]/g, "-")}`]));
    expect(await view.locator("#charts .chart").evaluateAll((charts) => charts.map((c) => c.id))).toEqual(expectedIds);
    expect(await view.locator("#prediction-result").innerText()).toMatch(/^You predicted: .+\. The runs: .+/);
    await view.screenshot({ path: join(SCREENSHOTS, `exercise-${preset.split("/")[1]}-after.png`), fullPage: true });
    // the printed worksheet is one A4 page
    await view.emulateMedia({ media: "print" });
    await view.screenshot({ path: join(SCREENSHOTS, `worksheet-${preset.split("/")[1]}.png`), fullPage: true });
    const pdf = await view.pdf({ format: "A4", printBackground: true });
    writeFileSync(join(SCREENSHOTS, `worksheet-${preset.split("/")[1]}.pdf`), pdf);
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length, "worksheet pages").toBe(1);
    await view.close();
  });

  it("teaching scenario 03 disables the licence fee and security sliders and says why", async () => {
    await page.goto(`${server.url}?preset=teaching/03-open-weights-ban&seeds=2`);
    await page.waitForFunction(() => document.body.dataset.status === "waiting");
    for (const id of ["fee", "security", "monitoring", "costscale"]) {
      expect(await page.locator(`#control-${id}`).isDisabled(), id).toBe(true);
      expect(await page.locator(`#reason-${id}`).innerText()).toMatch(/no licensing line/);
    }
    expect(await page.locator("#control-detection").isDisabled()).toBe(false);
    expect(await page.locator("#reason-detection").isVisible()).toBe(false);
    // adding a licensing line brings the licence costs into play
    await page.locator("#control-threshold").fill("26");
    expect(await page.locator("#control-fee").isDisabled()).toBe(false);
  });

  it("every chart has a table view and PNG, SVG and CSV downloads of its own numbers", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.url}?preset=licensing-era&seeds=2`);
    await drawn(page, 1);
    const figures = page.locator("#charts figure");
    const count = await figures.count();
    expect(count).toBe(6);
    for (let i = 0; i < count; i++) {
      const figure = figures.nth(i);
      for (const name of ["Table", "PNG", "SVG", "CSV"]) expect(await figure.getByRole("button", { name: new RegExp(`^${name}: `) }).count(), name).toBe(1);
    }
    const hhi = page.locator("#chart-hhi").locator("xpath=..");
    await hhi.getByRole("button", { name: /^Table: / }).click();
    const headers = await hhi.locator("table th").allInnerTexts();
    expect(headers).toEqual(["year", "arm", "metric", "mean", "q05", "q95", "seeds"]);
    expect(await hhi.locator("table tbody tr").count()).toBe(2 * 40);
    const [csv] = await Promise.all([page.waitForEvent("download"), hhi.getByRole("button", { name: /^CSV: / }).click()]);
    const csvText = readFileSync(await csv.path(), "utf8");
    const table = parseCsv(csvText);
    expect(table.header).toEqual(headers);
    expect(new Set(table.rows.map((row) => row[1]))).toEqual(new Set(["licensing-era", "no regime"]));
    const [svg] = await Promise.all([page.waitForEvent("download"), hhi.getByRole("button", { name: /^SVG: / }).click()]);
    const svgText = readFileSync(await svg.path(), "utf8");
    expect(svgText).toMatch(/^<\?xml[^>]*>\n<svg[^>]* width="1050" height="788"/);
    const [png] = await Promise.all([page.waitForEvent("download"), hhi.getByRole("button", { name: /^PNG: / }).click()]);
    const pngBytes = readFileSync(await png.path());
    expect(pngBytes.subarray(1, 4).toString()).toBe("PNG");
    expect([pngBytes.readUInt32BE(16), pngBytes.readUInt32BE(20)]).toEqual([1050, 788]);
    expect(csv.suggestedFilename()).toMatch(/^licensing-era-hhi_usage-timeseries.*\.csv$/);
    writeFileSync(join(SCREENSHOTS, "chart-download.png"), pngBytes);
  });

  it("opened from disk (file://), says how to serve it instead of hanging", async () => {
    const view = await context.newPage();
    await view.goto(pathToFileURL(join(workDir, "site", "index.html")).href);
    expect(await view.locator("#file-warning").isVisible()).toBe(true);
    expect(await view.locator("#file-warning").innerText()).toMatch(/npm run page/);
    expect(await view.locator("#status").innerText()).toMatch(/opened from a file/);
    await view.screenshot({ path: join(SCREENSHOTS, "page-from-disk.png") });
    await view.close();
  });

  it("raised no errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
