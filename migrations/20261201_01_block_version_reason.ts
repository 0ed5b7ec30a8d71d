import type { Knex } from "knex";

/**
 * Why a version was made: the reason given with a lifecycle action (POST /api/blocks/:id/actions/:action),
 * stored in the history row next to who made it. Null for plain edits and versions made before this.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("alter table block_versions add column reason text");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("alter table block_versions drop column reason");
}
