import type { Feature, MultiPolygon } from "geojson";
import type { Knex } from "knex";
import type { ExitDecision } from "../domain/exit-rule.js";
import type { ProposalAction } from "../domain/proposal-apply.js";
import type { ReductionParameters, ReductionResult, ReductionStrategy } from "../domain/reduction-result.js";
import { m2ToKm2 } from "../domain/units.js";
import { multiPolygonFromGeoJson } from "./geometry.js";

export type { ProposalAction };
export type ProposalSource = "manual" | "batch";

export interface ProposalProperties {
  id: number;
  blockId: number;
  /** The block version the proposal was computed from; it can be applied only to that version. */
  blockVersion: number;
  /** True when the block has changed since (the proposal can no longer be applied). */
  stale: boolean;
  action: ProposalAction;
  strategy: ReductionStrategy | null;
  largestPartOnly: boolean;
  parameters: ReductionParameters | Record<string, never>;
  rule: number;
  keepRatio: number | null;
  targetAreaKm2: number | null;
  areaKm2: number | null;
  errorRatio: number | null;
  parts: number | null;
  compactness: number | null;
  iterations: number | null;
  gkSrid: number | null;
  decision: ExitDecision;
  note: string;
  source: ProposalSource;
  createdAt: string;
  createdBy: string;
  appliedAt: string | null;
  appliedBy: string | null;
  /** The block version the application wrote. */
  appliedVersion: number | null;
}

/** A proposal as GeoJSON: the reduced boundary, or no geometry for an elimination. */
export type ProposalFeature = Feature<MultiPolygon | null, ProposalProperties>;

export interface NewProposal {
  blockId: number;
  blockVersion: number;
  decision: ExitDecision;
  source: ProposalSource;
  note: string;
  /** An elimination has none. */
  reduction?: { keepRatio: number; result: ReductionResult };
}

// 12 decimals, as the reduction returned them (reduction-sql.ts): applying a proposal stores exactly the
// boundary that was checked to lie inside the original; 9 would round it by up to 0.7e-9°, outward too.
const COLUMNS = "p.*, b.version as current_version, ST_AsGeoJSON(p.geom, 12, 0) as geojson";

/** Saved reduction proposals; applying one is db/proposal-apply.ts (the block write and the mark, one transaction). */
export function proposalStore(knex: Knex) {
  async function create(
    proposal: NewProposal,
    actor: string,
    db: Knex | Knex.Transaction = knex,
  ): Promise<ProposalFeature> {
    const { reduction } = proposal;
    const result = reduction?.result;
    const [{ id }] = await db("reduction_proposals")
      .insert({
        block_id: proposal.blockId,
        block_version: proposal.blockVersion,
        action: reduction ? "reduce" : "eliminate",
        strategy: result?.strategy ?? null,
        largest_part_only: result?.largestPartOnly ?? false,
        parameters: JSON.stringify(result?.parameters ?? {}),
        decision: JSON.stringify(proposal.decision),
        keep_ratio: reduction?.keepRatio ?? proposal.decision.keepRatio,
        target_area_m2: result?.targetAreaM2 ?? null,
        area_m2: result?.areaM2 ?? null,
        error_ratio: result?.errorRatio ?? null,
        parts: result?.parts ?? null,
        compactness: result?.compactness ?? null,
        iterations: result?.iterations ?? null,
        gk_srid: result?.gkSrid ?? null,
        geom: result ? multiPolygonFromGeoJson(db, result.geoJson) : null,
        note: proposal.note,
        source: proposal.source,
        created_by: actor,
      })
      .returning("id");
    return (await get(proposal.blockId, id, db)) as ProposalFeature;
  }

  async function list(blockId: number): Promise<ProposalFeature[]> {
    const rows = await knex("reduction_proposals as p")
      .join("blocks as b", "b.id", "p.block_id")
      .select(knex.raw(COLUMNS))
      .where("p.block_id", blockId)
      .orderBy("p.id");
    return rows.map(toFeature);
  }

  async function get(
    blockId: number,
    id: number,
    db: Knex | Knex.Transaction = knex,
  ): Promise<ProposalFeature | undefined> {
    const row = await db("reduction_proposals as p")
      .join("blocks as b", "b.id", "p.block_id")
      .select(db.raw(COLUMNS))
      .where({ "p.block_id": blockId, "p.id": id })
      .first();
    return row ? toFeature(row) : undefined;
  }

  /**
   * Records that the proposal was applied as block version `version` (only once), in the caller's
   * transaction with the block write it records.
   */
  async function markApplied(
    id: number,
    actor: string,
    version: number,
    db: Knex | Knex.Transaction = knex,
  ): Promise<boolean> {
    const updated = await db("reduction_proposals")
      .update({ applied_at: db.fn.now(), applied_by: actor, applied_version: version })
      .where({ id })
      .whereNull("applied_at");
    return Number(updated) === 1;
  }

  return { create, list, get, markApplied };
}

export type ProposalStore = ReturnType<typeof proposalStore>;

interface ProposalRow {
  id: number;
  block_id: number;
  block_version: number;
  current_version: number;
  action: ProposalAction;
  strategy: ReductionStrategy | null;
  largest_part_only: boolean;
  parameters: ReductionParameters | Record<string, never>;
  decision: ExitDecision;
  keep_ratio: number | null;
  target_area_m2: number | null;
  area_m2: number | null;
  error_ratio: number | null;
  parts: number | null;
  compactness: number | null;
  iterations: number | null;
  gk_srid: number | null;
  note: string;
  source: ProposalSource;
  created_at: string | Date;
  created_by: string;
  applied_at: string | Date | null;
  applied_by: string | null;
  applied_version: number | null;
  geojson: string | null;
}

function toFeature(row: ProposalRow): ProposalFeature {
  return {
    type: "Feature",
    id: row.id,
    geometry: row.geojson ? JSON.parse(row.geojson) : null,
    properties: {
      id: row.id,
      blockId: row.block_id,
      blockVersion: row.block_version,
      stale: row.current_version !== row.block_version,
      action: row.action,
      strategy: row.strategy,
      largestPartOnly: row.largest_part_only,
      parameters: row.parameters,
      rule: row.decision.rule,
      keepRatio: row.keep_ratio,
      targetAreaKm2: row.target_area_m2 === null ? null : m2ToKm2(row.target_area_m2),
      areaKm2: row.area_m2 === null ? null : m2ToKm2(row.area_m2),
      errorRatio: row.error_ratio,
      parts: row.parts,
      compactness: row.compactness,
      iterations: row.iterations,
      gkSrid: row.gk_srid,
      decision: row.decision,
      note: row.note,
      source: row.source,
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.created_by,
      appliedAt: row.applied_at === null ? null : new Date(row.applied_at).toISOString(),
      appliedBy: row.applied_by,
      appliedVersion: row.applied_version,
    },
  };
}
