import type { Knex } from "knex";
import type { IndicatorKey } from "../domain/evaluation-indicators.js";
import type { Transition } from "../domain/transition.js";
import { ellipsoidalAreaM2Sql } from "./geometry.js";

/** A version of a block's ecological transition (§4.4); the latest version is in force. */
export interface StoredTransition extends Transition {
  version: number;
  note: string;
  changedAt: string;
  changedBy: string;
}

export interface NewTransition {
  recognizedOn: string;
  endsOn: string;
  /** When it was decided; default: the earlier version's date, else today (Beijing). */
  decidedOn?: string;
  commitments: Partial<Record<IndicatorKey, number>>;
  note: string;
}

const COLUMNS = `block_id, version, recognized_on::text as recognized_on, ends_on::text as ends_on, commitments,
  note, changed_at, changed_by,
  coalesce(decided_on, ((changed_at at time zone 'UTC') + interval '8 hours')::date)::text as decided_on`;

/** Ecological transitions, versioned append-only like blocks (a change is a new version). */
export function transitionStore(knex: Knex) {
  async function current(): Promise<StoredTransition[]> {
    const result = await knex.raw(
      `select distinct on (block_id) ${COLUMNS} from ecological_transitions order by block_id, version desc`,
    );
    return result.rows.map(toTransition);
  }

  async function history(blockId: number, db: Knex | Knex.Transaction = knex): Promise<StoredTransition[]> {
    const result = await db.raw(
      `select ${COLUMNS} from ecological_transitions where block_id = ? order by version`,
      [blockId],
    );
    return result.rows.map(toTransition);
  }

  /** Adds the next version; `undefined` when another write took that version first. */
  async function save(
    blockId: number,
    transition: NewTransition,
    actor: string,
    db: Knex | Knex.Transaction = knex,
  ): Promise<StoredTransition | undefined> {
    const [{ next }] = (
      await db.raw(
        "select coalesce(max(version), 0) + 1 as next from ecological_transitions where block_id = ?",
        [blockId],
      )
    ).rows;
    const earlier = (await history(blockId, db)).at(-1);
    const decidedOn = transition.decidedOn ?? earlier?.decidedOn ?? null;
    const inserted = await db.raw(
      `insert into ecological_transitions (block_id, version, recognized_on, ends_on, commitments, note, changed_by,
          decided_on)
        values (?, ?, ?::date, ?::date, ?::jsonb, ?, ?,
          coalesce(?::date, ((now() at time zone 'UTC') + interval '8 hours')::date))
        on conflict (block_id, version) do nothing
        returning ${COLUMNS}`,
      [
        blockId,
        Number(next),
        transition.recognizedOn,
        transition.endsOn,
        JSON.stringify(transition.commitments),
        transition.note,
        actor,
        decidedOn,
      ],
    );
    return inserted.rows.length > 0 ? toTransition(inserted.rows[0]) : undefined;
  }

  /** Share (0..1) of the block's ellipsoidal area inside the ecological conservation area layer. */
  async function ecoShare(blockId: number): Promise<number | undefined> {
    const result = await knex.raw(
      `select b.area_m2,
          coalesce((select ${ellipsoidalAreaM2Sql("ST_Intersection(b.geom, ST_Union(z.geom))")}
            from zones z where z.kind = 'eco-conservation-area' and ST_Intersects(z.geom, b.geom)), 0) as inside_m2
        from blocks b where b.id = ?`,
      [blockId],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    const areaM2 = Number(row.area_m2);
    return areaM2 > 0 ? Math.min(1, Number(row.inside_m2) / areaM2) : 0;
  }

  return { current, history, save, ecoShare };
}

export type TransitionStore = ReturnType<typeof transitionStore>;

function toTransition(row: Record<string, unknown>): StoredTransition {
  return {
    blockId: row.block_id as number,
    version: row.version as number,
    recognizedOn: row.recognized_on as string,
    endsOn: row.ends_on as string,
    commitments: row.commitments as Partial<Record<IndicatorKey, number>>,
    note: row.note as string,
    changedAt: new Date(row.changed_at as string).toISOString(),
    changedBy: row.changed_by as string,
    decidedOn: row.decided_on as string,
  };
}
