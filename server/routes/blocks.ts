import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { requirePermission } from "../auth/enforce.js";
import { permissionToChange } from "../auth/route-permissions.js";
import type { BlockChange } from "../db/block-store.js";
import { type BlockFields, checkBlockFields } from "../domain/block-input.js";
import { canStartAs, endActionFor } from "../domain/block-lifecycle.js";
import { badRequest, notFound } from "../errors.js";
import {
  blockHistorySchema,
  createBlockSchema,
  endBlockSchema,
  getBlockSchema,
  updateBlockSchema,
} from "../schemas/blocks.js";
import { auditActorOf, blockSnapshot } from "./audit-request.js";
import { assertByHand, blockActionRoutes } from "./block-actions.js";
import { blockListRoutes } from "./block-list.js";
import { blockToolRoutes } from "./block-tools.js";
import { versionFrom, writtenBlock } from "./block-write.js";
import { type AcceptedPolygon, acceptPolygon, inputNotes } from "./geometry-input.js";
import { actorOf, flag, parseId } from "./params.js";

export const blockRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, config } = context;
  await app.register(blockActionRoutes, context);
  await app.register(blockListRoutes, context);
  await app.register(blockToolRoutes, context);

  async function requirePark(parkId: number | undefined) {
    if (parkId !== undefined && !(await stores.parks.get(parkId))) {
      throw badRequest("unknown-park", `Sub-park ${parkId} does not exist.`, { field: "parkId" });
    }
  }

  app.get("/blocks/:id", { schema: getBlockSchema }, async (request, reply) => {
    const id = parseId(request.params.id);
    const block = await stores.blocks.get(id);
    if (!block) throw notFound("Block", id);
    reply.header("etag", `"${block.properties.version}"`);
    return block;
  });

  app.post(
    "/blocks",
    { schema: createBlockSchema, config: { permission: "blocks.edit", scope: "body-park" } },
    async (request, reply) => {
      const body = request.body;
      const fields = fieldsOrThrow(body.properties, ["name", "parkId", "level"]);
      await requirePark(fields.parkId);
      if (fields.status && !canStartAs(fields.status)) {
        throw badRequest("bad-status", `A new block cannot start as "${fields.status}".`, {
          field: "status",
        });
      }
      const geometry = await acceptPolygon(
        stores.geometry,
        body.geometry,
        flag(request.query.repair),
        config.geometryLimits,
      );
      const newBlock = {
        code: fields.code,
        name: fields.name as string,
        parkId: fields.parkId as number,
        level: fields.level ?? "municipal",
        status: fields.status ?? "candidate",
        attributes: fields.attributes,
        geoJson: geometry.geoJson,
      };
      const block = await stores.audit.audited(
        auditActorOf(request),
        { action: "block.create", entity: "block" },
        async (trx) => {
          const created = await stores.blocks.create(
            newBlock,
            { actor: actorOf(request), change: "create" },
            trx,
          );
          return { value: created, entityId: created.properties.id, after: blockSnapshot(created) };
        },
      );
      reply.code(201).header("etag", `"${block.properties.version}"`);
      return { ...block, ...inputNotes(geometry) };
    },
  );

  app.patch(
    "/blocks/:id",
    { schema: updateBlockSchema, config: { permission: "blocks.edit", scope: "block-param" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const body = request.body;
      const expectedVersion = versionFrom(request, body);
      if (body.properties?.status !== undefined) {
        throw badRequest(
          "status-not-editable",
          `A plain edit does not change the status ("status" in properties). Use a lifecycle action: ` +
            `POST /api/blocks/${id}/actions/:action with { version, reason }.`,
          { field: "status" },
        );
      }
      const { status: _status, ...editable } = fieldsOrThrow(body.properties, []);
      await requirePark(editable.parkId);
      const change: BlockChange = editable;
      let accepted: AcceptedPolygon | undefined;
      if (body.geometry !== undefined) {
        const geometry = await acceptPolygon(
          stores.geometry,
          body.geometry,
          flag(request.query.repair),
          config.geometryLimits,
        );
        change.geoJson = geometry.geoJson;
        accepted = geometry;
      }
      const block = await stores.audit.audited(
        auditActorOf(request),
        { action: "block.update", entity: "block", entityId: id },
        async (trx) => {
          const before = await stores.blocks.get(id, trx);
          if (before) requirePermission(request, permissionToChange(before.properties.status, "edit"));
          const context = { actor: actorOf(request), change: "update" };
          const result = await stores.blocks.update(id, expectedVersion, change, context, trx);
          const written = writtenBlock(id, expectedVersion, result);
          return {
            value: written,
            skip: result.outcome === "unchanged",
            before: before && blockSnapshot(before),
            after: blockSnapshot(written),
          };
        },
      );
      reply.header("etag", `"${block.properties.version}"`);
      return { ...block, ...inputNotes(accepted) };
    },
  );

  /** Ends the block through the lifecycle: `withdraw` (never recognized) or `exit`; an ended block → 409. */
  app.delete(
    "/blocks/:id",
    { schema: endBlockSchema, config: { permission: "blocks.edit", scope: "block-param" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const current = await stores.blocks.get(id);
      if (!current) throw notFound("Block", id);
      const expectedVersion = request.headers["if-match"]
        ? versionFrom(request, {})
        : current.properties.version;
      requirePermission(request, permissionToChange(current.properties.status, "end"));
      const action = endActionFor(current.properties.status) ?? "exit";
      assertByHand(action, current.properties.status);
      const block = await stores.audit.audited(
        auditActorOf(request),
        { action: "block.end", entity: "block", entityId: id },
        async (trx) => {
          const context = { actor: actorOf(request), change: "end" };
          const result = await stores.blocks.act(id, expectedVersion, action, context, trx);
          const written = writtenBlock(id, expectedVersion, result);
          return { value: written, before: blockSnapshot(current), after: blockSnapshot(written) };
        },
      );
      reply.header("etag", `"${block.properties.version}"`);
      return block;
    },
  );

  app.get("/blocks/:id/history", { schema: blockHistorySchema }, async (request) => {
    const id = parseId(request.params.id);
    if (!(await stores.blocks.get(id))) throw notFound("Block", id);
    const [versions, links] = await Promise.all([stores.blocks.history(id), stores.blockTools.links(id)]);
    return versions.map((version) => ({ ...version, links: links.get(version.version) ?? [] }));
  });
};

function fieldsOrThrow(properties: unknown, required: readonly (keyof BlockFields)[]): BlockFields {
  const check = checkBlockFields(properties, required);
  if (!check.valid) throw badRequest("bad-property", check.message, { field: check.field });
  return check.fields;
}
