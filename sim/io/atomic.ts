// Atomic file writes: the data goes to a temporary file in the target's directory, is flushed to
// disk (fsync), and only then renamed over the target, so a reader (or a resumed study) sees either
// the old file or the complete new one, never a partial file, whatever kills the process.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

let temporaryCounter = 0;

/** A sink that writes text or bytes to the temporary file. */
export type WriteChunk = (chunk: string | Uint8Array) => void;

// fsync a directory so the rename itself survives a crash; some file systems refuse, which is harmless.
function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, "r");
    fsyncSync(fd);
  } catch {
    // not supported here (e.g. some network file systems): the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write `path` atomically: `produce` writes the content chunk by chunk (it may throw: the temporary
 * file is then removed and the target left as it was). Creates the parent directory.
 */
export function writeAtomicWith(path: string, produce: (write: WriteChunk) => void): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.tmp-${process.pid}-${temporaryCounter++}`);
  const fd = openSync(temporary, "w");
  let renamed = false;
  try {
    produce((chunk) => {
      if (typeof chunk === "string") writeSync(fd, chunk, null, "utf8");
      else {
        let offset = 0;
        while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
      }
    });
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, path);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(temporary, { force: true });
    }
  }
  fsyncDirectory(directory);
}

/** Write a whole string or byte array to `path` atomically. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  writeAtomicWith(path, (write) => write(content));
}

/** JSON with two-space indentation and a final newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
