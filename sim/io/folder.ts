// A folder replaced whole: its files are written into a staging folder beside it
// (`.<name>.tmp-<pid>-<n>`), and only when all are written does the staging folder take the
// target's place (the old folder is first renamed aside, `.<name>.old-<pid>-<n>`, then removed).
// A process killed at any instant leaves the previous complete folder, the new complete one, or,
// between the two renames, none; never a mix of two runs, and never a file of an earlier run
// beside a new one. What a killed process left is removed by the next replaceFolder there.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputError, describeWriteFailure } from "./atomic.js";
import { processAlive } from "./lock.js";

let counter = 0;

/** Staging and set-aside folders of `name` whose process is gone (killed part-way). */
function leftovers(parent: string, name: string): string[] {
  if (!existsSync(parent)) return [];
  const prefix = `.${name}.`;
  return readdirSync(parent).filter((entry) => {
    if (!entry.startsWith(prefix)) return false;
    const match = /^(tmp|old)-(\d+)-\d+$/.exec(entry.slice(prefix.length));
    return match !== null && !processAlive(Number(match[2]));
  });
}

/**
 * Fill a fresh staging folder with `produce` (which returns what it wrote) and put it in place of
 * `target`. If `produce` throws, the staging folder is removed and `target` left as it was.
 */
export async function replaceFolder<T>(target: string, produce: (stagingDir: string) => Promise<T>): Promise<T> {
  const parent = dirname(target);
  const name = basename(target);
  const stamp = `${process.pid}-${counter++}`;
  const staging = join(parent, `.${name}.tmp-${stamp}`);
  const aside = join(parent, `.${name}.old-${stamp}`);
  try {
    mkdirSync(staging, { recursive: true });
  } catch (error) {
    throw describeWriteFailure(target, error);
  }
  for (const entry of leftovers(parent, name)) rmSync(join(parent, entry), { recursive: true, force: true });
  let placed = false;
  try {
    let result: T;
    try {
      result = await produce(staging);
    } catch (error) {
      // name the file where the user will look for it, not in the staging folder
      if (error instanceof OutputError) throw new OutputError(error.path.replace(staging, target), error.message.replaceAll(staging, target), error.code);
      throw error;
    }
    try {
      if (existsSync(target)) renameSync(target, aside);
      renameSync(staging, target);
    } catch (error) {
      throw describeWriteFailure(target, error);
    }
    placed = true;
    rmSync(aside, { recursive: true, force: true });
    return result;
  } finally {
    if (!placed) {
      rmSync(staging, { recursive: true, force: true });
      // a failure between the renames: put the previous folder back
      if (!existsSync(target) && existsSync(aside)) renameSync(aside, target);
    }
  }
}
