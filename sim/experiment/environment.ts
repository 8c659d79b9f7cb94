// Versions recorded in manifests (Node-only: reads moat's package.json).
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
