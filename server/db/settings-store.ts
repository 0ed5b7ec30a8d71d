import type { Knex } from "knex";
import { type PolicySettings, settingsInForce } from "../domain/settings.js";

/** The policy settings in force: stored values over the defaults. Every change adds a history row. */
export function settingsStore(knex: Knex) {
  async function get(db: Knex | Knex.Transaction = knex): Promise<PolicySettings> {
    const rows = await db("settings").select("key", "value");
    return settingsInForce(Object.fromEntries(rows.map((row) => [row.key, row.value])));
  }

  /** One transaction: every changed key and its history row (or the caller's transaction). */
  async function update(
    change: Partial<PolicySettings>,
    actor: string,
    db: Knex | Knex.Transaction = knex,
  ): Promise<PolicySettings> {
    const run = (work: (trx: Knex.Transaction) => Promise<void>) =>
      db.isTransaction ? work(db as Knex.Transaction) : knex.transaction(work);
    await run(async (trx) => {
      for (const [key, value] of Object.entries(change)) {
        const json = JSON.stringify(value);
        await trx.raw(
          `insert into settings (key, value, updated_by) values (?, ?::jsonb, ?)
           on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`,
          [key, json, actor],
        );
        await trx("settings_versions").insert({ key, value: json, changed_by: actor });
      }
    });
    return get(db);
  }

  return { get, update };
}
