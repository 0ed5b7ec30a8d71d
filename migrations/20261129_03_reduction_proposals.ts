import type { Knex } from "knex";
import { STORAGE_SRID } from "../server/db/geometry.js";

/**
 * Reduction proposals (DOMAIN.md §4.5): saved previews of a block's exit — a reduced boundary, or an
 * elimination — several per block to compare, each tied to the block version it was computed from; one can be
 * applied, which writes a new block version (the block's history keeps every boundary).
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table reduction_proposals (
      id serial primary key,
      block_id integer not null references blocks (id),
      block_version integer not null,
      action text not null check (action in ('reduce', 'eliminate')),
      strategy text check (strategy in ('inset', 'cut')),
      largest_part_only boolean not null default false,
      parameters jsonb not null default '{}',
      decision jsonb not null,
      keep_ratio double precision,
      target_area_m2 double precision,
      area_m2 double precision,
      error_ratio double precision,
      parts integer,
      compactness double precision,
      iterations integer,
      gk_srid integer,
      geom geometry(MultiPolygon, ${STORAGE_SRID}),
      note text not null default '',
      source text not null default 'manual' check (source in ('manual', 'batch')),
      created_at timestamptz not null default now(),
      created_by text not null,
      applied_at timestamptz,
      applied_by text,
      applied_version integer,
      check ((action = 'reduce') = (geom is not null)))`,
    "create index reduction_proposals_block_idx on reduction_proposals (block_id)",
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("reduction_proposals");
}
