import type { Knex } from "knex";

/** One announced change (table `change_events`, written by triggers: migration 20261201_18_workspace). */
export interface ChangeEvent {
  id: number;
  kind: "block" | "job" | "setting";
  /** The block's or job's id (as text), or the setting's key. */
  entityId: string;
  /** A block's version after the write. */
  version: number | null;
  /** A block's status, or a job's final state. */
  state: string | null;
  actor: string | null;
  at: string;
}

/** Events are kept this long, then pruned by the readers (a page away longer reloads anyway). */
const KEEP_HOURS = 24;

export function changeEventStore(knex: Knex) {
  /** The id of the newest event (0 when there is none): a new stream starts after it. */
  async function latestId(): Promise<number> {
    const row = await knex("change_events").max({ id: "id" }).first();
    return Number(row?.id ?? 0);
  }

  /** Events after `afterId`, oldest first, at most `limit`. */
  async function since(afterId: number, limit: number): Promise<ChangeEvent[]> {
    const rows = await knex("change_events").where("id", ">", afterId).orderBy("id").limit(limit);
    return rows.map((row: Record<string, unknown>) => ({
      id: Number(row.id),
      kind: row.kind as ChangeEvent["kind"],
      entityId: String(row.entity_id),
      version: row.version === null ? null : Number(row.version),
      state: (row.state as string | null) ?? null,
      actor: (row.actor as string | null) ?? null,
      at: new Date(row.at as string).toISOString(),
    }));
  }

  async function prune(): Promise<number> {
    return knex("change_events")
      .where("at", "<", knex.raw(`now() - interval '${KEEP_HOURS} hours'`))
      .delete();
  }

  return { latestId, since, prune };
}

export type ChangeEventStore = ReturnType<typeof changeEventStore>;
