import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** The API contract (issue #10 item 1): schemas on every route, OpenAPI, one error shape for bad requests. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every route the app registered, from Fastify's own route tree (`printRoutes`), as "METHOD /path". */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^((?:[│ ] {3})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const path = stack.join("").replace(/^\/+/, "/");
    for (const method of (match[3] ?? "").split(", ")) {
      if (HTTP_METHODS.includes(method)) routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

/** /api routes other than the documentation itself. */
function apiRoutes(): string[] {
  return registeredRoutes(t.app.printRoutes({ commonPrefix: false })).filter((route) => {
    const path = route.split(" ")[1];
    return path.startsWith("/api/") && !path.startsWith("/api/docs") && path !== "/api/openapi.json";
  });
}

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; schema: unknown }[];
  requestBody?: unknown;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

async function openApi() {
  const response = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    tags: { name: string }[];
  };
}

function operationOf(doc: Awaited<ReturnType<typeof openApi>>, route: string): Operation | undefined {
  const [method, path] = route.split(" ");
  return doc.paths[path.replace(/:([A-Za-z]+)/g, "{$1}")]?.[method.toLowerCase()];
}

describe("the OpenAPI document", () => {
  it("lists every registered /api route with a summary, a known tag and its response schema", async () => {
    const doc = await openApi();
    const routes = apiRoutes();
    expect(doc.openapi).toMatch(/^3\./);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContain("PATCH /api/blocks/:id");
    const tagNames = doc.tags.map((tag) => tag.name);
    const missing = routes.filter((route) => !operationOf(doc, route));
    expect(missing).toEqual([]);
    for (const route of routes) {
      const operation = operationOf(doc, route) as Operation;
      expect(operation.summary, route).toMatch(/\w{3}/);
      expect(operation.tags?.length, route).toBe(1);
      expect(tagNames, route).toContain(operation.tags?.[0]);
      const success = Object.keys(operation.responses ?? {}).filter((status) => /^2/.test(status));
      expect(success.length, route).toBeGreaterThan(0);
    }
  });

  it("describes path ids as decimal text and the error answers in the one error shape", async () => {
    const doc = await openApi();
    const get = doc.paths["/api/blocks/{id}"].get;
    const id = get.parameters?.find((parameter) => parameter.in === "path" && parameter.name === "id");
    expect(id?.schema).toMatchObject({ type: "string", pattern: expect.stringMatching(/^\^/) });
    const notFound = get.responses?.["404"]?.content?.["application/json"]?.schema;
    expect(notFound).toMatchObject({
      type: "object",
      properties: { error: { properties: { code: { type: "string" }, message: { type: "string" } } } },
    });
  });
});

describe("the documentation page", () => {
  it("is HTML whose scripts and styles are all served by us, under a self-only policy", async () => {
    const page = await t.app.inject({ method: "GET", url: "/api/docs" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    const urls = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      expect(url, url).toMatch(/^\/api\/docs\/static\//);
      const asset = await t.app.inject({ method: "GET", url });
      expect(asset.statusCode, url).toBe(200);
      expect(asset.body.length, url).toBeGreaterThan(100);
    }
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\.io/);
    const initializer = await t.app.inject({ method: "GET", url: "/api/docs/static/swagger-initializer.js" });
    expect(initializer.body).toContain("validatorUrl: null");
    expect(initializer.body).toContain("url: resolveUrl('./json')");
    expect(initializer.body).not.toContain("validator.swagger.io");
  });
});

async function counts() {
  const [blocks, versions, settings] = await Promise.all([
    t.db.knex("blocks").count({ n: "*" }).first(),
    t.db.knex("block_versions").count({ n: "*" }).first(),
    t.app.inject({ method: "GET", url: "/api/settings" }),
  ]);
  return { blocks: Number(blocks?.n), versions: Number(versions?.n), settings: settings.json().settings };
}

function expectInvalidRequest(
  response: { statusCode: number; json(): { error: Record<string, unknown> } },
  path: string,
  keyword: string,
) {
  expect(response.statusCode).toBe(400);
  const { error } = response.json();
  expect(error.code).toBe("invalid-request");
  expect(error.message).toEqual(expect.stringContaining(path));
  expect(error.details).toMatchObject({ path, keyword });
}

const SQUARE = {
  type: "Polygon",
  coordinates: [
    [
      [116.3, 40.0],
      [116.31, 40.0],
      [116.31, 40.01],
      [116.3, 40.0],
    ],
  ],
};

describe("requests that do not match the schema", () => {
  it.each(["0", "-1", "1e1", "0x10", "10.0", "2147483648", "abc"])(
    "an id %s in the path → 400 params/id, nothing written",
    async (id) => {
      const before = await counts();
      expectInvalidRequest(
        await t.app.inject({ method: "GET", url: `/api/blocks/${id}` }),
        "params/id",
        "pattern",
      );
      const patch = await t.app.inject({
        method: "PATCH",
        url: `/api/blocks/${id}`,
        headers: { "if-match": '"1"' },
        payload: { properties: { name: "改名" } },
      });
      expectInvalidRequest(patch, "params/id", "pattern");
      expect(patch.json().error.message).toBe("params/id must be a decimal id from 1 to 2147483647");
      expect(await counts()).toEqual(before);
    },
  );

  it("accepts the largest id, which simply does not exist (404)", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/blocks/2147483647" });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("not-found");
  });

  it("a wrong type in a body → 400 with the field path, nothing written", async () => {
    const before = await counts();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: SQUARE,
        properties: { name: "类型错误", parkId: "1", level: "municipal" },
      },
    });
    expectInvalidRequest(response, "body/properties/parkId", "type");
    expect(response.json().error.message).toBe("body/properties/parkId must be integer");
    expect(await counts()).toEqual(before);
  });

  it("an unknown enum value → 400 naming the field and the allowed values, nothing written", async () => {
    const before = await counts();
    const body = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: SQUARE,
        properties: { name: "级别错误", parkId: 1, level: "city" },
      },
    });
    expectInvalidRequest(body, "body/properties/level", "enum");
    expect(body.json().error.message).toContain('"national", "municipal"');
    const query = await t.app.inject({ method: "GET", url: "/api/blocks?status=bogus" });
    expectInvalidRequest(query, "querystring/status", "enum");
    const setting = await t.app.inject({
      method: "PUT",
      url: "/api/settings",
      payload: { shareAtThreshold: "maybe" },
    });
    expectInvalidRequest(setting, "body/shareAtThreshold", "enum");
    expect(await counts()).toEqual(before);
  });

  it("a missing required field and an unknown setting → 400 with the path", async () => {
    const before = await counts();
    const noName = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: { type: "Feature", geometry: SQUARE, properties: { parkId: 1, level: "municipal" } },
    });
    expectInvalidRequest(noName, "body/properties/name", "required");
    const unknown = await t.app.inject({ method: "PUT", url: "/api/settings", payload: { colour: "red" } });
    expectInvalidRequest(unknown, "body/colour", "additionalProperties");
    expect(await counts()).toEqual(before);
  });
});
