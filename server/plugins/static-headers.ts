import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Cache headers of the web app's files (issue #14 item 7): Vite names the files under `assets/` by their
 * content's hash, so they never change under their name — a year, immutable; everything else (index.html,
 * unhashed public files) is revalidated on every load (`no-cache`), so a new release is seen at once.
 */
export function staticHeaders(reply: FastifyReply, filePath: string): void {
  const hashed = path.basename(path.dirname(filePath)) === "assets" && /-[\w-]{8,}\.\w+$/.test(filePath);
  reply.header("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
}

/** The built web app from `root`, with those headers (compressed by the app's global @fastify/compress). */
export async function serveClient(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, cacheControl: false, setHeaders: staticHeaders });
}
