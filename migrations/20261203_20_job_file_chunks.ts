import type { Knex } from "knex";

/**
 * A job's result file in chunks (issue #14: a 5,000-block catalogue package is hundreds of MB). One bytea of that
 * size in one UPDATE outlived the statement timeout (the 5,000-block package failed at its last step after 537 s)
 * and would pass the driver's string limit as hex; chunks of a few MB are each a short statement — on the
 * embedded database's one connection too — and the download streams them in order. Files kept so far move over.
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table job_file_chunks (
      job_id bigint not null references jobs (id) on delete cascade,
      n integer not null check (n >= 0),
      data bytea not null,
      primary key (job_id, n))`,
    "insert into job_file_chunks (job_id, n, data) select id, 0, file from jobs where file is not null",
    "alter table jobs drop column file",
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("alter table jobs add column file bytea");
  await knex.raw(
    `update jobs j set file = (select string_agg(c.data, ''::bytea order by c.n) from job_file_chunks c
                               where c.job_id = j.id)`,
  );
  await knex.schema.dropTable("job_file_chunks");
}
