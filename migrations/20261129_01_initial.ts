import type { Knex } from "knex";
import { STORAGE_SRID } from "../server/db/geometry.js";

/**
 * Parks, reference zones, blocks and the append-only history of block versions.
 * Block levels and statuses follow DOMAIN.md §1; `withdrawn` ends a block that was never recognized.
 */
export async function up(knex: Knex): Promise<void> {
  // One statement per call: PGlite refuses several commands in one prepared statement.
  // History is append-only: the database itself refuses to change or erase a version.
  for (const statement of [
    `create table parks (
      id serial primary key,
      code text not null unique,
      name text not null,
      name_en text not null,
      district text not null,
      category char(1) not null check (category in ('A', 'B'))
      )`,
    `create table zones (
      id serial primary key,
      code text not null unique,
      kind text not null check (kind in ('district', 'etdz', 'municipal-development-zone',
      'district-development-zone', 'eco-conservation-area', 'declared-range')),
      name text not null,
      name_en text not null default '',
      attributes jsonb not null default '{}',
      geom geometry(MultiPolygon, ${STORAGE_SRID}) not null,
      area_m2 double precision not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
      )`,
    `create index zones_geom_gix on zones using gist (geom)`,
    `create index zones_kind_idx on zones (kind)`,
    `create table blocks (
      id serial primary key,
      code text unique,
      name text not null,
      park_id integer not null references parks (id),
      level text not null check (level in ('national', 'municipal')),
      status text not null check (status in ('candidate', 'applied', 'recognized', 'rectifying',
      'reduced', 'exited', 'withdrawn')),
      attributes jsonb not null default '{}',
      geom geometry(MultiPolygon, ${STORAGE_SRID}) not null,
      area_m2 double precision not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null
      )`,
    `create index blocks_geom_gix on blocks using gist (geom)`,
    `create index blocks_park_idx on blocks (park_id)`,
    `create table block_versions (
      id bigserial primary key,
      block_id integer not null references blocks (id),
      version integer not null,
      change text not null,
      name text not null,
      park_id integer not null,
      level text not null,
      status text not null,
      attributes jsonb not null,
      geom geometry(MultiPolygon, ${STORAGE_SRID}) not null,
      area_m2 double precision not null,
      changed_at timestamptz not null default now(),
      changed_by text not null,
      unique (block_id, version)
      )`,
    `create function forbid_history_change() returns trigger language plpgsql as $$
      begin
      raise exception 'block_versions is append-only';
      end;
      $$`,
    `create trigger block_versions_append_only before update or delete on block_versions
      for each row execute function forbid_history_change()`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["block_versions", "blocks", "zones", "parks"]) await knex.schema.dropTable(table);
  await knex.raw("drop function forbid_history_change()");
}
