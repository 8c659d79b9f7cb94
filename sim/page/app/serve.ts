// A tiny static file server for the built page: on this computer only (127.0.0.1, the default),
// or on the classroom network with --host 0.0.0.0.
//   npx tsx sim/page/app/serve.ts [dir] [--host H] [--port N]
//   npm run page -- --host 0.0.0.0 --port 8080     (build, then serve; PORT and HOST work too)
// Port 0 picks a free port. Prints the URL to open and, on a network, the addresses to share.
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultOutDir } from "./build.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The decoded path of a request URL, or undefined for a bad one (400): percent-escapes that do not
 * decode to UTF-8, a NUL byte, a backslash, or a `..` segment.
 */
export function requestPath(url: string | undefined): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url ?? "/", "http://localhost").pathname);
  } catch {
    return undefined;
  }
  if (/[\u0000\\]/.test(path) || path.split("/").includes("..")) return undefined;
  return path;
}

/** The hosts that mean "every network interface". */
const ANY_HOST = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The addresses other computers reach the page at: for a server on every interface, one URL per
 * IPv4 address of the machine's network interfaces (not loopback); for a named host, that host.
 */
export function shareUrls(host: string, port: number, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  if (!ANY_HOST.has(host)) return host === "127.0.0.1" || host === "localhost" || host === "::1" ? [] : [`http://${host.includes(":") ? `[${host}]` : host}:${port}/`];
  const urls: string[] = [];
  for (const entries of Object.values(interfaces)) for (const entry of entries ?? []) if (entry.family === "IPv4" && !entry.internal) urls.push(`http://${entry.address}:${port}/`);
  return urls;
}

/** Serve `dir` on `host`:`port` (port 0: a free port; host 127.0.0.1 by default: this computer only). */
export function servePage(dir = defaultOutDir, port = 0, host = "127.0.0.1"): Promise<RunningServer> {
  const root = resolve(dir);
  const server: Server = createServer((request, response) => {
    const send = (status: number, text: string) => {
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      response.end(text);
    };
    const path = requestPath(request.url);
    if (path === undefined) return send(400, "bad request: the URL's path does not decode to a file name\n");
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    let size = -1;
    try {
      if (file === root || file.startsWith(root + sep)) size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    // the path is echoed as JSON so that no byte of it is taken for markup or a control sequence
    if (size < 0) return send(404, `not found: ${JSON.stringify(path)}\n`);
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": size, "cache-control": "no-cache" });
    createReadStream(file)
      .on("error", () => response.destroy())
      .pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolvePromise({
        url: `http://${ANY_HOST.has(host) ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${actual}/`,
        port: actual,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const portText = flag("--port") ?? process.env.PORT ?? "8080";
  const host = flag("--host") ?? process.env.HOST ?? "127.0.0.1";
  const port = Number(portText);
  const dir = args.find((a, i) => !a.startsWith("--") && !["--port", "--host"].includes(args[i - 1] ?? "")) ?? defaultOutDir;
  if (portText.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port/PORT: expected a port number from 0 to 65535, got ${JSON.stringify(portText)}`);
    process.exit(2);
  }
  try {
    const running = await servePage(dir, port, host);
    console.log(`moat what-if page: ${running.url}  (serving ${resolve(dir)}; Ctrl+C to stop)`);
    const share = shareUrls(host, running.port);
    if (share.length > 0) console.log(`Share with the class (same network): ${share.join("  ")}`);
    else if (ANY_HOST.has(host)) console.log("No network address found: this computer is on no network other computers can reach.");
    else console.log("Only this computer can open it. For a classroom network: npm run page -- --host 0.0.0.0 --port 8080");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === "EADDRINUSE"
        ? `serve: port ${port} is in use; try another, e.g. npm run page -- --port 8081`
        : code === "EADDRNOTAVAIL"
          ? `serve: --host ${host}: not an address of this computer; use 0.0.0.0 for every network, or 127.0.0.1`
          : `serve: ${(error as Error).message}`,
    );
    process.exit(1);
  }
}
