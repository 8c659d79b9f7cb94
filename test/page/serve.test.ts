// The page server on a free localhost port: a bad URL gets 400 (never a crash), nothing outside
// the served folder is ever sent, and a bounded fuzz of raw request lines (fast-check) leaves it
// answering. Traffic goes to 127.0.0.1 only; the loop is bounded in count.
import { mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servePage, type RunningServer } from "../../sim/page/app/serve.js";
import { tempDir } from "../experiment/helpers.js";

const SECRET = "secret-outside-the-served-folder";
let server: RunningServer;
let root: string;

beforeAll(async () => {
  const parent = tempDir("moat-serve-");
  root = join(parent, "site");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>page</title>\n");
  writeFileSync(join(root, "assets", "app.js"), "console.log(1);\n");
  writeFileSync(join(parent, "secret.txt"), `${SECRET}\n`);
  server = await servePage(root, 0);
});

afterAll(async () => {
  await server.close();
});

/** Send one raw request line; resolves with the status code (undefined when the connection closed without one). */
function rawRequest(target: string): Promise<{ status: number | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let text = "";
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(target)}`)));
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : undefined, text });
    });
    // written without half-closing: the server closes the connection after its answer (Connection: close)
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

describe("page server", () => {
  it("serves the page and its files", async () => {
    expect((await rawRequest("/")).status).toBe(200);
    expect((await rawRequest("/assets/app.js")).text).toContain("console.log(1);");
    expect((await rawRequest("/missing.js")).status).toBe(404);
  });

  it("answers 400 to URLs that do not decode, and stays up", async () => {
    for (const target of ["/%", "/%zz", "/a%E0%A4%A", "/%C0%AF", "/%00", "/a%00.html"]) {
      const answer = await rawRequest(target);
      expect(answer.status, target).toBe(400);
    }
    expect((await rawRequest("/")).status).toBe(200);
  });

  it("never sends a file outside the served folder", async () => {
    for (const target of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt", "/..%5csecret.txt", "//secret.txt"]) {
      const answer = await rawRequest(target);
      expect([200, 400, 404], target).toContain(answer.status); // "//secret.txt" is the URL of host secret.txt, path "/": the page
      expect(answer.text).not.toContain(SECRET);
    }
  });

  it("survives a bounded fuzz of request targets (fast-check, 300 requests)", async () => {
    const pieces = fc.oneof(
      fc.constantFrom("%", "%2", "%zz", "%2e", "%2f", "%5c", "%00", "%ff", "%C0%AF", "..", ".", "/", "//", "?", "#", "index.html", "assets", "app.js", "\\"),
      fc.string({ unit: "grapheme-ascii", maxLength: 6 }).map((s) => s.replace(/[\s]/g, "")),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { maxLength: 12 }), async (parts) => {
        const target = `/${parts.join("")}`;
        const answer = await rawRequest(target);
        // a malformed request line may be refused by Node's parser (400) before moat sees it
        expect([200, 400, 404], target).toContain(answer.status);
        expect(answer.text).not.toContain(SECRET);
      }),
      { numRuns: 300, seed: 15 },
    );
    expect((await rawRequest("/")).status).toBe(200);
  });
});
