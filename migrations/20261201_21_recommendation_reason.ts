import type { Knex } from "knex";

/**
 * 优先推荐纳入国家高新区 revisions (table from migration 20261201_15_filings) get the revision's reason (why this list
 * replaces the previous one); each recommended block's own reason is in `recommended`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("alter table recommendation_revisions add column reason text");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("alter table recommendation_revisions drop column reason");
}
