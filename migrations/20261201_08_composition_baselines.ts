import type { Knex } from "knex";

/**
 * 空间构成 baseline (《管理办法》需要说明的是 四): the integration union (≈718 km² in the text) frozen on demand with its
 * date and terms, so that the maximum recognisable municipal area does not grow with every new candidate.
 * Append-only: the latest baseline is in force, earlier ones stay visible.
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table composition_baselines (
      id bigserial primary key,
      geom geometry(MultiPolygon, 4490),
      union_m2 double precision not null,
      terms jsonb not null,
      district_zone_ids jsonb not null,
      note text not null default '',
      frozen_at timestamptz not null default now(),
      frozen_by text not null)`,
    `create trigger composition_baselines_append_only before update or delete on composition_baselines
      for each row execute function forbid_history_change()`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("composition_baselines");
}
