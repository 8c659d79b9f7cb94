// The pieces of a problem line: path, found value, "did you mean", and zod issues turned into lines.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ScenarioError, closestName, editDistance, formatIssues, formatPath, formatValue } from "../../sim/scenario/errors.js";

describe("formatPath", () => {
  it("joins segments with dots, array indices included", () => {
    expect(formatPath(["firms", 2, "kind"])).toBe("firms.2.kind");
    expect(formatPath(["regime", "thresholdFlop"])).toBe("regime.thresholdFlop");
  });
  it("quotes keys that would be ambiguous and names the top level", () => {
    expect(formatPath(["kinds", "a.b", "x"])).toBe('kinds."a.b".x');
    expect(formatPath(["kinds", "two words"])).toBe('kinds."two words"');
    expect(formatPath(["x", "line\nbreak"])).toBe('x."line\\nbreak"');
    expect(formatPath([])).toBe("(top level)");
  });
});

describe("formatValue", () => {
  it("shows values compactly on one line", () => {
    expect(formatValue("1e26 flops")).toBe('"1e26 flops"');
    expect(formatValue(-0.5)).toBe("-0.5");
    expect(formatValue(true)).toBe("true");
    expect(formatValue(null)).toBe("null");
    expect(formatValue(undefined)).toBe("nothing");
    expect(formatValue([1, 2])).toBe("a list [1, 2]");
    expect(formatValue({ min: 0, max: "x" })).toBe('a mapping {min: 0, max: "x"}');
    expect(formatValue("a\nb")).toBe('"a\\nb"');
  });
  it("names the YAML spellings of NaN and infinity", () => {
    expect(formatValue(NaN)).toBe(".nan (not a number)");
    expect(formatValue(Infinity)).toBe(".inf (infinity)");
    expect(formatValue(-Infinity)).toBe("-.inf (minus infinity)");
  });
  it("truncates long strings, long lists and deep nesting", () => {
    expect(formatValue("y".repeat(500))).toBe(`"${"y".repeat(40)}…"`);
    const long = formatValue(Array.from({ length: 1000 }, (_, i) => i));
    expect(long.length).toBeLessThan(80);
    expect(long.endsWith("…]")).toBe(true);
    expect(formatValue({ a: { b: { c: { d: 1 } } } })).toBe("a mapping {a: {b: {…}}}");
  });
});

describe("did you mean", () => {
  it("edit distance counts insertions, deletions, substitutions and swaps", () => {
    expect(editDistance("thresholdFlops", "thresholdFlop")).toBe(1);
    expect(editDistance("kidns", "kinds")).toBe(1);
    expect(editDistance("Seed", "seed")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("suggests only close names", () => {
    const fields = ["thresholdFlop", "thresholdCapability", "lightTier", "obligations"];
    expect(closestName("thresholdFlops", fields)).toBe("thresholdFlop");
    expect(closestName("lightTeir", fields)).toBe("lightTier");
    expect(closestName("obligation", fields)).toBe("obligations");
    expect(closestName("horizon", fields)).toBeUndefined();
    expect(closestName("x", [])).toBeUndefined();
  });
});

describe("formatIssues", () => {
  const schema = z.strictObject({
    count: z.number().int().min(1),
    label: z.string(),
    items: z.array(z.strictObject({ weight: z.number().positive() })),
    mode: z.enum(["fast", "slow"]),
    tags: z.array(z.string()).min(1),
  });
  const input = { count: 0.5, label: 3, items: [{ weight: 1 }, { weight: -2, wieght: 1 }], mode: "medium", tags: [], extra: true };
  const lines = formatIssues("f.yaml", schema.safeParse(input).error!.issues, input, schema);

  it("writes one line per problem in zod's order, with zod's own messages rephrased as expectations", () => {
    expect(lines).toEqual([
      "f.yaml: count: expected a whole number, got 0.5",
      "f.yaml: label: expected text, got 3",
      "f.yaml: items.1.weight: expected a number > 0, got -2",
      "f.yaml: items.1.wieght: unknown field (did you mean weight?)",
      'f.yaml: mode: expected one of "fast", "slow", got "medium"',
      "f.yaml: tags: expected a list of at least 1 item, got a list []",
      "f.yaml: extra: unknown field (expected one of count, label, items, mode, tags)",
    ]);
  });

  it("takes the file from a function of the path", () => {
    const byPath = formatIssues((path) => (path[0] === "items" ? "parent.yaml" : "child.yaml"), schema.safeParse(input).error!.issues, input, schema);
    expect(byPath.filter((l) => l.startsWith("parent.yaml: "))).toHaveLength(2);
    expect(byPath.filter((l) => l.startsWith("child.yaml: "))).toHaveLength(5);
  });

  it("ScenarioError carries the lines and prints them as its message", () => {
    const error = new ScenarioError(lines);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ScenarioError");
    expect(error.problems).toBe(lines);
    expect(error.message.split("\n")).toEqual(lines);
  });
});
