import { describe, expect, it } from "vitest";
import { createProgress, progressLine } from "../../sim/experiment/progress.js";

function fakeStream() {
  const sink = { text: "", write: (s: string) => ((sink.text += s), true) };
  return sink;
}

describe("progress", () => {
  it("shows done/total, runs per second and the time left", () => {
    expect(progressLine("study", 30, 100, 10, 10_000)).toBe("study: 30/100 runs  2.0 runs/s  ETA 35s");
    expect(progressLine("study", 0, 100, 0, 500)).toBe("study: 0/100 runs  0.0 runs/s  ETA ?");
  });

  it("stays silent for the first second, then redraws one line", () => {
    let now = 0;
    const stream = fakeStream();
    const progress = createProgress({ label: "s", total: 10, reused: 0, stream: stream as unknown as NodeJS.WriteStream, enabled: true, now: () => now });
    now = 500;
    progress.update(3);
    expect(stream.text).toBe("");
    now = 1500;
    progress.update(5);
    expect(stream.text).toContain("s: 5/10 runs");
    progress.finish();
    expect(stream.text.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("prints nothing when disabled (not a terminal, or --quiet)", () => {
    let now = 0;
    const stream = fakeStream();
    const progress = createProgress({ label: "s", total: 10, reused: 0, stream: stream as unknown as NodeJS.WriteStream, enabled: false, now: () => now });
    now = 5000;
    progress.update(9);
    progress.finish();
    expect(stream.text).toBe("");
  });
});
