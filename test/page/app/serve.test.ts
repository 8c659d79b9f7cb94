// The page's static server: on this computer by default, on the classroom network with
// --host 0.0.0.0, printing the addresses to share. Requests go to 127.0.0.1 only.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { NetworkInterfaceInfo } from "node:os";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../../sim/page/app/build.js";
import { servePage, shareUrls } from "../../../sim/page/app/serve.js";

const site = mkdtempSync(join(tmpdir(), "moat-serve-"));
writeFileSync(join(site, "index.html"), "<!doctype html><title>t</title>");
afterAll(() => rmSync(site, { recursive: true, force: true }));

const iface = (address: string, family: "IPv4" | "IPv6", internal: boolean) => ({ address, family, internal, netmask: "", mac: "", cidr: null }) as unknown as NetworkInterfaceInfo;

describe("shareUrls", () => {
  const interfaces = { lo: [iface("127.0.0.1", "IPv4", true)], eth0: [iface("192.168.1.20", "IPv4", false), iface("fe80::1", "IPv6", false)], wlan0: [iface("10.0.0.7", "IPv4", false)] };

  it("for every interface (0.0.0.0): one address per external IPv4 interface", () => {
    expect(shareUrls("0.0.0.0", 8080, interfaces)).toEqual(["http://192.168.1.20:8080/", "http://10.0.0.7:8080/"]);
  });

  it("for this computer only: nothing to share; for a named address: that address", () => {
    expect(shareUrls("127.0.0.1", 8080, interfaces)).toEqual([]);
    expect(shareUrls("192.168.1.20", 9000, interfaces)).toEqual(["http://192.168.1.20:9000/"]);
  });
});

describe("servePage", () => {
  it("listens on every interface with host 0.0.0.0 and serves the page on 127.0.0.1", async () => {
    const server = await servePage(site, 0, "0.0.0.0");
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<title>t</title>");
    } finally {
      await server.close();
    }
  });

  it("npm run page -- --host 0.0.0.0 --port N prints the address to open and the ones to share", async () => {
    const tsx = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
    const output = await new Promise<string>((resolve, reject) => {
      const child = execFile(process.execPath, [tsx, join(repoRoot, "sim", "page", "app", "serve.ts"), site, "--host", "0.0.0.0", "--port", "0"], { timeout: 60_000 });
      let text = "";
      child.stdout?.on("data", (chunk: string) => {
        text += chunk;
        if (/Share with the class|No network address/.test(text)) {
          child.kill();
          resolve(text);
        }
      });
      child.on("exit", () => resolve(text));
      child.on("error", reject);
    });
    expect(output).toMatch(/^moat what-if page: http:\/\/127\.0\.0\.1:\d+\/ /);
    expect(output).toMatch(/Share with the class \(same network\): http:\/\/\d+\.\d+\.\d+\.\d+:\d+\/|No network address found/);
  });

  it("rejects a port that is not one, naming the flag", async () => {
    const tsx = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [tsx, join(repoRoot, "sim", "page", "app", "serve.ts"), site, "--port", "http"], (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('serve: --port/PORT: expected a port number from 0 to 65535, got "http"');
  });
});
