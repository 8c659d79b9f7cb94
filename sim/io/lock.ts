// An exclusive lock on an output folder, so that two moat processes never write one study at once
// (a --fresh into a folder that a running moat is filling would mix two studies). The lock is the
// file `<dir>/.moat.lock`, created whole or not at all (written to a temporary file, then
// hard-linked into place, which fails if the lock exists), holding the owner's pid, host, start
// time and command. A lock whose owner is on this host and no longer alive is stale (the owner was
// killed): it is removed and taken. A live owner, or one on another host (whose liveness cannot
// be checked from here), is reported with the way out.
import { hostname } from "node:os";
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, rmdirSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describeWriteFailure } from "./atomic.js";

export const LOCK_FILE = ".moat.lock";

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export interface FolderLock {
  path: string;
  /** remove the lock (only while it is still this process's) */
  release(): void;
}

/** The user-facing refusal: the folder is being written by another moat. */
export class FolderLockedError extends Error {
  readonly problems: string[];
  constructor(problem: string) {
    super(problem);
    this.name = "FolderLockedError";
    this.problems = [problem];
  }
}

/** True when process `pid` exists on this host (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, owned by someone else
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string") return undefined;
    return { pid: owner.pid, host: owner.host, startedAt: String(owner.startedAt ?? "?"), command: String(owner.command ?? "?") };
  } catch {
    return undefined;
  }
}

const held = new Set<string>();
let exitHookInstalled = false;

/** Remove this process's locks when it exits without releasing them (process.exit on a second Ctrl-C). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const path of held) {
      if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
    }
  });
}

/**
 * Take the lock on `dir` (created if missing) for `command`, or throw FolderLockedError naming the
 * owner and the way out. A stale lock (its owner, on this host, is gone) is replaced.
 */
export function lockFolder(dir: string, command: string): FolderLock {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  const temporary = join(dir, `.${LOCK_FILE}.tmp-${process.pid}-${Date.now()}`);
  const created = !existsSync(dir);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temporary, "w");
    try {
      const bytes = Buffer.from(`${JSON.stringify(owner)}\n`);
      if (writeSync(fd, bytes, 0, bytes.length) !== bytes.length) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    throw describeWriteFailure(path, error);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(temporary, path);
        held.add(path);
        installExitHook();
        return {
          path,
          release: () => {
            held.delete(path);
            if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
            if (created) {
              try {
                rmdirSync(dir); // a folder made only for the lock goes with it when nothing was written
              } catch {
                // not empty: the outputs are there
              }
            }
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw describeWriteFailure(path, error);
      }
      const current = readOwner(path);
      if (current === undefined) {
        // a lock file without a readable owner is not one moat writes (it links whole files): refuse
        throw new FolderLockedError(`${dir}: locked by ${path}, which names no owner: if no moat is writing to this folder, delete the lock file and try again`);
      }
      const sameHost = current.host === owner.host;
      if (sameHost && current.pid === process.pid) throw new FolderLockedError(`${dir}: this moat process already writes to this folder`);
      if (sameHost && !processAlive(current.pid)) {
        rmSync(path, { force: true }); // stale: its owner was killed
        continue;
      }
      throw new FolderLockedError(
        sameHost
          ? `${dir}: another moat (pid ${current.pid}, since ${current.startedAt}: ${current.command}) is writing to this folder: wait for it to finish, stop it, or choose another --out`
          : `${dir}: locked by a moat on host ${current.host} (pid ${current.pid}, since ${current.startedAt}: ${current.command}): wait for it, choose another --out, or, if it is no longer running, delete ${path}`,
      );
    }
    throw new FolderLockedError(`${dir}: could not take the lock ${path} (it keeps coming back): is another moat starting on this folder?`);
  } finally {
    rmSync(temporary, { force: true });
  }
}
