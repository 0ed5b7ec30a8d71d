import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import type { BlockChange } from "../db/block-store.js";
import { endedStatusFor } from "../domain/block.js";
import { type BlockFields, checkBlockFields } from "../domain/block-input.js";
import { ApiError, badRequest, conflict, notFound } from "../errors.js";
import {
  blockHistorySchema,
  createBlockSchema,
  endBlockSchema,
  getBlockSchema,
  listBlocksSchema,
  updateBlockSchema,
} from "../schemas/blocks.js";
import { acceptPolygon } from "./geometry-input.js";
import { actorOf, flag, parseId } from "./params.js";

/** What versionFrom reads of a write body (the schema has checked its shape). */
interface BlockBody {
  properties?: { version?: number };
  version?: number;
}

export const blockRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { db, stores }) => {
  async function requirePark(parkId: number | undefined) {
    if (parkId !== undefined && !(await stores.parks.get(parkId))) {
      throw badRequest("unknown-park", `Sub-park ${parkId} does not exist.`, { field: "parkId" });
    }
  }

  app.get("/blocks", { schema: listBlocksSchema }, async (request) => {
    const { park, level, status } = request.query;
    const parkId = park === undefined ? undefined : Number(park);
    return {
      type: "FeatureCollection" as const,
      features: await stores.blocks.list({ parkId, level, status }),
    };
  });

  app.get("/blocks/:id", { schema: getBlockSchema }, async (request, reply) => {
    const id = parseId(request.params.id);
    const block = await stores.blocks.get(id);
    if (!block) throw notFound("Block", id);
    reply.header("etag", `"${block.properties.version}"`);
    return block;
  });

  app.post("/blocks", { schema: createBlockSchema }, async (request, reply) => {
    const body = request.body;
    const fields = fieldsOrThrow(body.properties, ["name", "parkId", "level"]);
    await requirePark(fields.parkId);
    if (fields.status && endedStatusFor(fields.status) === fields.status) {
      throw badRequest("bad-status", `A new block cannot start as "${fields.status}".`, { field: "status" });
    }
    const geometry = await acceptPolygon(db.knex, body.geometry, flag(request.query.repair));
    const block = await stores.blocks.create(
      {
        code: fields.code,
        name: fields.name as string,
        parkId: fields.parkId as number,
        level: fields.level ?? "municipal",
        status: fields.status ?? "candidate",
        attributes: fields.attributes,
        geoJson: geometry.geoJson,
      },
      { actor: actorOf(request), change: "create" },
    );
    reply.code(201).header("etag", `"${block.properties.version}"`);
    return geometry.repair ? { ...block, repair: geometry.repair } : block;
  });

  app.patch("/blocks/:id", { schema: updateBlockSchema }, async (request, reply) => {
    const id = parseId(request.params.id);
    const body = request.body;
    const expectedVersion = versionFrom(request, body);
    const fields = fieldsOrThrow(body.properties, []);
    await requirePark(fields.parkId);
    const change: BlockChange = { ...fields };
    let repair: unknown;
    if (body.geometry !== undefined) {
      const geometry = await acceptPolygon(db.knex, body.geometry, flag(request.query.repair));
      change.geoJson = geometry.geoJson;
      repair = geometry.repair;
    }
    const result = await stores.blocks.update(id, expectedVersion, change, {
      actor: actorOf(request),
      change: "update",
    });
    switch (result.outcome) {
      case "not-found":
        throw notFound("Block", id);
      case "conflict":
        throw conflict(
          `Block ${id} was changed by someone else: you edited version ${expectedVersion}, ` +
            `the current version is ${result.currentVersion}. Reload it and apply your change again.`,
          { expectedVersion, currentVersion: result.currentVersion },
        );
      case "updated":
        reply.header("etag", `"${result.block.properties.version}"`);
        return repair ? { ...result.block, repair } : result.block;
    }
  });

  app.delete("/blocks/:id", { schema: endBlockSchema }, async (request, reply) => {
    const id = parseId(request.params.id);
    const current = await stores.blocks.get(id);
    if (!current) throw notFound("Block", id);
    const expectedVersion = request.headers["if-match"]
      ? versionFrom(request, {})
      : current.properties.version;
    const result = await stores.blocks.update(
      id,
      expectedVersion,
      { status: endedStatusFor(current.properties.status) },
      { actor: actorOf(request), change: "end" },
    );
    if (result.outcome === "conflict") {
      throw conflict(`Block ${id} was changed by someone else (now version ${result.currentVersion}).`, {
        expectedVersion,
        currentVersion: result.currentVersion,
      });
    }
    if (result.outcome === "not-found") throw notFound("Block", id);
    reply.header("etag", `"${result.block.properties.version}"`);
    return result.block;
  });

  app.get("/blocks/:id/history", { schema: blockHistorySchema }, async (request) => {
    const id = parseId(request.params.id);
    if (!(await stores.blocks.get(id))) throw notFound("Block", id);
    return stores.blocks.history(id);
  });
};

function fieldsOrThrow(properties: unknown, required: readonly (keyof BlockFields)[]): BlockFields {
  const check = checkBlockFields(properties, required);
  if (!check.valid) throw badRequest("bad-property", check.message, { field: check.field });
  return check.fields;
}

/** The version the client last saw: `If-Match: "3"` or `version` in the body (or its properties). */
function versionFrom(request: FastifyRequest, body: BlockBody): number {
  const header = request.headers["if-match"];
  const raw =
    header !== undefined
      ? String(header).replace(/^W\//, "").replaceAll('"', "")
      : (body.version ?? body.properties?.version);
  if (raw === undefined) {
    throw new ApiError(
      428,
      "version-required",
      "Say which version you edited: an If-Match header or a version in the body (lost updates are refused).",
    );
  }
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1)
    throw badRequest("bad-version", `Not a version number: ${raw}`);
  return version;
}
