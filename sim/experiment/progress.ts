// Progress of a study on stderr: runs done of the total, runs per second and time left, redrawn
// on one line. Silent for the first second (short studies print nothing), when stderr is not a
// terminal, and with --quiet.

export interface Progress {
  /** `done` runs of `total` finished (including runs reused from a checkpoint) */
  update(done: number): void;
  /** erase the line */
  finish(): void;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 200;

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** The progress line: `12/40 runs  3.1 runs/s  ETA 9s`. */
export function progressLine(label: string, done: number, total: number, reused: number, elapsedMs: number): string {
  const ran = done - reused;
  const rate = elapsedMs > 0 ? ran / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  return `${label}: ${done}/${total} runs  ${rate.toFixed(rate < 10 ? 1 : 0)} runs/s  ETA ${formatDuration(eta)}`;
}

export function createProgress(options: {
  label: string;
  total: number;
  /** runs already finished when the study (re)started */
  reused: number;
  stream: NodeJS.WriteStream;
  enabled: boolean;
  now?: () => number;
}): Progress {
  const now = options.now ?? (() => performance.now());
  const start = now();
  let lastDraw = -Infinity;
  let shown = false;
  let latest = options.reused;
  const draw = () => {
    const t = now();
    if (t - start < SHOW_AFTER_MS || t - lastDraw < REDRAW_EVERY_MS) return;
    lastDraw = t;
    options.stream.write(`\r\x1b[2K${progressLine(options.label, latest, options.total, options.reused, t - start)}`);
    shown = true;
  };
  // redraw while runs are slow, so the rate and the time left keep moving
  const timer = options.enabled ? setInterval(draw, 500) : undefined;
  timer?.unref();
  return {
    update(done: number) {
      latest = done;
      if (options.enabled) draw();
    },
    finish() {
      if (timer) clearInterval(timer);
      if (shown) options.stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
