// Versions recorded in manifests (Node-only: reads moat's package.json), and the CPU time of the
// calling thread (the bench's per-thread figures).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

/** The moat repository root: the nearest directory above this module whose package.json is moat's. */
export function moatRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let guard = 0; guard < 64; guard++) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "moat") return (cachedRoot = dir);
      } catch {
        // not ours
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cachedRoot = process.cwd());
}

export function moatVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(moatRoot(), "package.json"), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}

export function nodeVersion(): string {
  return process.version;
}

/** CPU time (user + system) of the calling thread so far, ms, from /proc/thread-self/stat (Linux); undefined elsewhere. */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields from the state (3rd field of stat): utime and stime are the 14th and 15th fields, in clock ticks (100 per second on Linux)
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
  } catch {
    return undefined;
  }
}
