// A tiny static file server for the built page (localhost only).
//   npx tsx sim/page/app/serve.ts [dir] [--port N]     (npm run page: build, then serve on port 8080 or PORT)
// Port 0 picks a free port. Prints the URL to open.
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
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

/** Serve `dir` on 127.0.0.1:`port` (0: a free port). */
export function servePage(dir = defaultOutDir, port = 0): Promise<RunningServer> {
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
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolvePromise({
        url: `http://127.0.0.1:${actual}/`,
        port: actual,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portFlag = args.indexOf("--port");
  const port = portFlag >= 0 ? Number(args[portFlag + 1]) : Number(process.env.PORT ?? 8080);
  const dir = args.find((a, i) => !a.startsWith("--") && (portFlag < 0 || i !== portFlag + 1)) ?? defaultOutDir;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port/PORT: expected a port number from 0 to 65535, got ${JSON.stringify(String(port))}`);
    process.exit(2);
  }
  try {
    const running = await servePage(dir, port);
    console.log(`moat what-if page: ${running.url}  (serving ${resolve(dir)}; Ctrl+C to stop)`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `serve: port ${port} is in use; try another, e.g. PORT=8081 npm run page` : `serve: ${(error as Error).message}`);
    process.exit(1);
  }
}
