// A mistake in a study (its file, the command line or the scenarios it names): every problem on
// one line, all at once, like the scenario loader's errors. The CLI prints them and exits with 2.
export class StudyError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "StudyError";
    this.problems = problems;
  }
}

/** True for errors that carry user-facing problem lines (StudyError, the scenario loader's ScenarioError). */
export function hasProblems(error: unknown): error is Error & { problems: string[] } {
  return (
    error instanceof Error &&
    Array.isArray((error as { problems?: unknown }).problems) &&
    (error as unknown as { problems: unknown[] }).problems.every((p) => typeof p === "string")
  );
}

/** Short rendering of a found value for "got ..." in a problem line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
