import type { Knex } from "knex";
import { STORAGE_SRID } from "../server/db/geometry.js";

/**
 * Subdivided copies of the reference zones (ST_Subdivide, ≤ 32 vertices a part), kept in sync by triggers:
 * overlaps against zones of ~1,000 vertices then touch only the small parts near a block (issue #3 speed).
 */
export const ZONE_PART_MAX_VERTICES = 32;

export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table zone_parts (
      id bigserial primary key,
      zone_id integer not null references zones (id) on delete cascade,
      geom geometry(Polygon, ${STORAGE_SRID}) not null)`,
    "create index zone_parts_geom_gix on zone_parts using gist (geom)",
    "create index zone_parts_zone_idx on zone_parts (zone_id)",
    `create function sync_zone_parts() returns trigger language plpgsql as $$
      begin
        delete from zone_parts where zone_id = new.id;
        insert into zone_parts (zone_id, geom)
          select new.id, (ST_Dump(ST_Subdivide(new.geom, ${ZONE_PART_MAX_VERTICES}))).geom;
        return null;
      end;
      $$`,
    `create trigger zones_sync_parts after insert or update of geom on zones
      for each row execute function sync_zone_parts()`,
    `insert into zone_parts (zone_id, geom)
      select id, (ST_Dump(ST_Subdivide(geom, ${ZONE_PART_MAX_VERTICES}))).geom from zones`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop trigger zones_sync_parts on zones");
  await knex.raw("drop function sync_zone_parts()");
  await knex.schema.dropTable("zone_parts");
}
