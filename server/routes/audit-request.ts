import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { AuditActor } from "../db/audit-store.js";
import type { BlockFeature } from "../db/block-store.js";
import { canonicalJson } from "../domain/audit-chain.js";
import { actorOf } from "./params.js";

/**
 * Who is behind a request, for its audit row: the signed-in account (id, name, roles), the request id Fastify
 * gave it and the client address.
 */
export function auditActorOf(request: FastifyRequest): AuditActor {
  return {
    accountId: request.account ? String(request.account.id) : null,
    actorName: actorOf(request),
    roles: request.account?.roles ?? [],
    requestId: request.id,
    clientAddress: request.ip ?? null,
  };
}

/**
 * A block as its audit row records it: the fields a change can touch, and the boundary as a sha256 of its
 * GeoJSON (the boundary itself is in the block's history row of that version, block_versions).
 */
export function blockSnapshot(block: BlockFeature) {
  const { id, code, name, parkId, level, status, version, areaKm2, attributes } = block.properties;
  return {
    id,
    code,
    name,
    parkId,
    level,
    status,
    version,
    areaKm2,
    attributes,
    geometrySha256: createHash("sha256").update(canonicalJson(block.geometry)).digest("hex"),
  };
}
