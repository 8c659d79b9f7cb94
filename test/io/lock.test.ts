// The output-folder lock: exclusive, with the owner named; a lock left by a killed process on this
// host is stale and taken over; one from another host is reported, not broken.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCK_FILE, lockFolder, processAlive } from "../../sim/io/lock.js";
import { tempDir } from "../experiment/helpers.js";

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const pid = Number(child.stdout);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

describe("folder lock", () => {
  it("is exclusive and names its owner; released, it can be taken again", () => {
    const dir = tempDir();
    const lock = lockFolder(dir, "moat sweep a");
    const owner = JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), command: "moat sweep a" });
    expect(() => lockFolder(dir, "moat sweep b")).toThrow(`${dir}: this moat process already writes to this folder`);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    lockFolder(dir, "moat sweep b").release();
  });

  it("a live owner on this host is named with the way out", () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: "2026-01-01T00:00:00Z", command: "moat study x.yaml" }));
    expect(() => lockFolder(dir, "moat study y.yaml")).toThrow(
      `${dir}: another moat (pid ${process.ppid}, since 2026-01-01T00:00:00Z: moat study x.yaml) is writing to this folder: wait for it to finish, stop it, or choose another --out`,
    );
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  });

  it("a stale lock (its owner on this host is gone) is taken over", () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: "x", command: "killed" }));
    const lock = lockFolder(dir, "moat run");
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("a lock from another host is reported, not broken", () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1234, host: "other-node", startedAt: "t", command: "moat sweep" }));
    expect(() => lockFolder(dir, "moat run")).toThrow(`locked by a moat on host other-node (pid 1234, since t: moat sweep): wait for it, choose another --out, or, if it is no longer running, delete ${join(dir, LOCK_FILE)}`);
  });

  it("a folder made only for the lock is removed with it", () => {
    const dir = join(tempDir(), "new");
    lockFolder(dir, "moat merge").release();
    expect(existsSync(dir)).toBe(false);
  });
});
