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

/** Serve `dir` on 127.0.0.1:`port` (0: a free port). */
export function servePage(dir = defaultOutDir, port = 0): Promise<RunningServer> {
  const root = resolve(dir);
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    let size = -1;
    try {
      if (file === root || file.startsWith(root + sep)) size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    if (size < 0) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end(`not found: ${path}\n`);
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": size, "cache-control": "no-cache" });
    createReadStream(file).pipe(response);
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
