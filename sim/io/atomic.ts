// Atomic, verified file writes: the data goes to a temporary file in the target's directory, every
// byte of it (a short write is continued, a write that makes no progress fails), is flushed to disk
// (fsync), its length is checked against what was meant to be written (and, with `verify`, its
// SHA-256 after reading it back), and only then is it renamed over the target. A reader (or a
// resumed study) sees either the old file or the complete new one, never a partial file, whatever
// kills the process or fills the disk. A failed write removes its temporary file and throws an
// OutputError that names the file and says what to do (no space left, read-only folder, ...).
import { createHash } from "node:crypto";
import { accessSync, closeSync, constants, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

let temporaryCounter = 0;

/** A sink that writes text or bytes to the temporary file. */
export type WriteChunk = (chunk: string | Uint8Array) => void;

export interface AtomicWriteOptions {
  /** read the temporary file back and compare its SHA-256 with what was written before renaming it */
  verify?: boolean;
}

/** A file moat could not write, in one line that names it and the way out. */
export class OutputError extends Error {
  readonly path: string;
  readonly code: string | undefined;
  constructor(path: string, message: string, code?: string) {
    super(message);
    this.name = "OutputError";
    this.path = path;
    this.code = code;
  }
}

/** What an error code from the file system means for a person writing output into `path`. */
export function describeWriteFailure(path: string, error: unknown): OutputError {
  if (error instanceof OutputError) return error;
  let code = (error as NodeJS.ErrnoException | undefined)?.code;
  let folder = dirname(path);
  if (code === "ENOENT") {
    // a folder could not be made: mkdir says ENOENT on a read-only file system; say why
    const blocked = firstUnwritableAncestor(folder);
    if (blocked) ({ folder, code } = blocked);
  }
  const reasons: Record<string, string> = {
    ENOSPC: `no space left on the device holding ${folder}: free some space or choose another --out`,
    EDQUOT: `disk quota exceeded on ${folder}: free some space or choose another --out`,
    EROFS: `${folder} is on a read-only file system: choose a writable --out`,
    EACCES: `no permission to write in ${folder}: choose a writable --out`,
    EPERM: `no permission to write in ${folder}: choose a writable --out`,
    ENOTDIR: `a part of ${folder} is a file, not a folder: choose another --out`,
    EEXIST: `a part of ${folder} is a file, not a folder: choose another --out`,
    EISDIR: `${path} is a folder: remove it or choose another --out`,
    EFBIG: `the file is larger than ${folder}'s file system allows: choose another --out`,
    EIO: `the device holding ${folder} reported an input/output error: check the disk, or choose another --out`,
  };
  const reason = (code && reasons[code]) ?? (error instanceof Error ? error.message.split("\n")[0] : String(error));
  return new OutputError(path, `${path}: not written: ${reason}${code && reasons[code] ? ` (${code})` : ""}`, code);
}

/** The nearest existing folder above `folder` (itself included), when it cannot be written, with the reason's code. */
function firstUnwritableAncestor(folder: string): { folder: string; code: string } | undefined {
  let dir = folder;
  for (let guard = 0; guard < 256 && !existsSync(dir); guard++) {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? { folder: dir, code } : undefined;
  }
}

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

/** Every byte of `bytes` to `fd`: short writes are continued; a write that makes no progress fails. */
export function writeAll(fd: number, bytes: Uint8Array, path: string): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (!(written > 0)) throw new OutputError(path, `${path}: not written: the file system accepted ${offset} of ${bytes.length} bytes and then no more (a full disk?)`, "ENOSPC");
    offset += written;
  }
}

/** True when `name` is a temporary file of writeAtomicWith (left behind only by a killed process). */
export function isTemporaryName(name: string): boolean {
  return /^\..+\.tmp-\d+-\d+$/.test(name);
}

/**
 * Write `path` atomically: `produce` writes the content chunk by chunk (it may throw: the temporary
 * file is then removed and the target left as it was). Creates the parent directory. Throws an
 * OutputError naming the file when the file system refuses.
 */
export function writeAtomicWith(path: string, produce: (write: WriteChunk) => void, options: AtomicWriteOptions = {}): void {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.tmp-${process.pid}-${temporaryCounter++}`);
  let fd: number | undefined;
  let renamed = false;
  try {
    try {
      mkdirSync(directory, { recursive: true });
      fd = openSync(temporary, "w");
    } catch (error) {
      throw describeWriteFailure(path, error);
    }
    const openFd = fd;
    let length = 0;
    const hash = options.verify ? createHash("sha256") : undefined;
    produce((chunk) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      try {
        writeAll(openFd, bytes, path);
      } catch (error) {
        throw describeWriteFailure(path, error);
      }
      length += bytes.length;
      hash?.update(bytes);
    });
    try {
      fsyncSync(openFd);
      const onDisk = fstatSync(openFd).size;
      if (onDisk !== length) throw new OutputError(path, `${path}: not written: ${onDisk} bytes on disk, ${length} written (a full disk or a failing device?)`, "EIO");
      closeSync(openFd);
      fd = undefined;
      if (hash) {
        const back = createHash("sha256").update(readFileSync(temporary)).digest("hex");
        if (back !== hash.digest("hex")) throw new OutputError(path, `${path}: not written: the bytes read back differ from those written (a failing device?)`, "EIO");
      }
      renameSync(temporary, path);
      renamed = true;
    } catch (error) {
      throw describeWriteFailure(path, error);
    }
  } finally {
    if (!renamed) {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
      }
      try {
        rmSync(temporary, { force: true });
      } catch {
        // the folder itself is unwritable: nothing was left in it
      }
    }
  }
  fsyncDirectory(directory);
}

/** Write a whole string or byte array to `path` atomically. */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  writeAtomicWith(path, (write) => write(content), options);
}

/** JSON with two-space indentation and a final newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

/**
 * writeFileAtomic without blocking the event loop: the same temporary file, flush (fsync), length
 * check, optional read-back SHA-256, rename and directory flush, on the thread pool of Node's file
 * system calls. The study runner checkpoints runs with it, so that the main thread goes on handing
 * runs to the workers while a file is being flushed.
 */
export async function writeFileAtomicAsync(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.tmp-${process.pid}-${temporaryCounter++}`);
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  let renamed = false;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    try {
      await mkdir(directory, { recursive: true });
      handle = await open(temporary, "w");
    } catch (error) {
      throw describeWriteFailure(path, error);
    }
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        if (!(bytesWritten > 0)) throw new OutputError(path, `${path}: not written: the file system accepted ${offset} of ${bytes.length} bytes and then no more (a full disk?)`, "ENOSPC");
        offset += bytesWritten;
      }
      await handle.sync();
      const onDisk = (await handle.stat()).size;
      if (onDisk !== bytes.length) throw new OutputError(path, `${path}: not written: ${onDisk} bytes on disk, ${bytes.length} written (a full disk or a failing device?)`, "EIO");
      await handle.close();
      handle = undefined;
      if (options.verify) {
        const back = createHash("sha256").update(await readFile(temporary)).digest("hex");
        if (back !== createHash("sha256").update(bytes).digest("hex")) throw new OutputError(path, `${path}: not written: the bytes read back differ from those written (a failing device?)`, "EIO");
      }
      await rename(temporary, path);
      renamed = true;
    } catch (error) {
      throw describeWriteFailure(path, error);
    }
  } finally {
    if (!renamed) {
      await handle?.close().catch(() => undefined);
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }
  try {
    const dir = await open(directory, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // not supported here (e.g. some network file systems): the rename is still atomic
  }
}
