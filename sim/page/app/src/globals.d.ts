// Values the page build (sim/page/app/build.ts) writes into the bundle.

/** The shipped scenario files by path relative to scenarios/ (e.g. "baseline.yaml", "teaching/01-first-look.yaml"). */
declare const __MOAT_SCENARIOS__: Record<string, string>;
/** moat's version from package.json. */
declare const __MOAT_VERSION__: string;
