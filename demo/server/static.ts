import { existsSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

/**
 * Serves the built app from `distDir` over HTTP: files by path, `index.html` for any other page
 * (a single-page app), 404 for a missing asset. Hashed assets are cached for a year; `index.html` never.
 */
export function createStaticHandler(distDir: string): (req: Request) => Promise<Response> {
  const root = resolve(distDir);
  const index = join(root, "index.html");
  return async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") return new Response("Method Not Allowed", { status: 405 });
    if (!existsSync(index)) {
      return new Response(
        "The demo app is not built yet: run `npm run demo` (or `pnpm --filter @typed-ws/demo build`).\n",
        {
          status: 503,
          headers: { "content-type": "text/plain; charset=utf-8" },
        },
      );
    }
    const pathname = decodeURIComponent(new URL(req.url).pathname);
    const path = normalize(join(root, pathname));
    const inside = path.startsWith(root + sep);
    const file = inside ? Bun.file(path) : undefined;
    if (file !== undefined && (await file.exists())) {
      const immutable = pathname.startsWith("/assets/");
      return new Response(file, {
        headers: {
          "content-type": TYPES[extname(path)] ?? "application/octet-stream",
          "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
        },
      });
    }
    if (pathname.startsWith("/assets/")) return new Response("Not Found", { status: 404 });
    return new Response(Bun.file(index), { headers: { "content-type": TYPES[".html"]!, "cache-control": "no-cache" } });
  };
}
