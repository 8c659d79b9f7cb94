#!/usr/bin/env node
// Thin launcher: the CLI is compiled from sim/cli by `npm run build` (run by `npm ci` via `prepare`).
import { main } from "../dist/sim/cli/main.js";
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
