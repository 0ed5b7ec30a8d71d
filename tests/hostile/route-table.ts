import type { FastifyInstance } from "fastify";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Every route the app registered, from Fastify's route tree (`printRoutes`), as "METHOD /path". */
export function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^((?:[│ ] {3})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    stack.length = match[1].length / 4;
    stack.push(match[2]);
    const path = stack.join("").replace(/^\/+/, "/");
    for (const method of (match[3] ?? "").split(", ")) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** The app's write routes under /api ("POST /api/blocks", …), from its own route table. */
export function mutatingApiRoutes(app: FastifyInstance): string[] {
  return registeredRoutes(app.printRoutes({ commonPrefix: false })).filter((route) => {
    const [method, path] = route.split(" ");
    return MUTATING.has(method) && path.startsWith("/api/");
  });
}
