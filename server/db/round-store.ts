import type { Knex } from "knex";
import type { ApplicationState } from "../domain/round-application.js";

/**
 * 集中认定 rounds and applications (migration 20261201_13_rounds). Reads take `db` (a transaction when the caller
 * is in one: one PGlite connection); writes take the caller's transaction.
 */
type Db = Knex | Knex.Transaction;

export interface Round {
  id: number;
  year: number;
  name: string;
  applicationsUntil: string;
  reviewUntil: string;
  departments: string[];
  state: "open" | "closed";
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
}

export interface NewRound {
  year: number;
  name: string;
  applicationsUntil: string;
  reviewUntil: string;
  departments: string[];
}

export interface Application {
  id: number;
  roundId: number;
  district: string;
  title: string;
  blockIds: number[];
  state: ApplicationState;
  /** The submitted version (0 until the first submission). */
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const ROUND_COLUMNS = `id, year, name, applications_until::text as applications_until, review_until::text as review_until,
  departments, state, opened_by, opened_at, closed_at`;

function toRound(row: Record<string, unknown>): Round {
  return {
    id: Number(row.id),
    year: Number(row.year),
    name: String(row.name),
    applicationsUntil: String(row.applications_until),
    reviewUntil: String(row.review_until),
    departments: row.departments as string[],
    state: row.state as Round["state"],
    openedBy: String(row.opened_by),
    openedAt: new Date(row.opened_at as string).toISOString(),
    closedAt: row.closed_at ? new Date(row.closed_at as string).toISOString() : null,
  };
}

function toApplication(row: Record<string, unknown>): Application {
  return {
    id: Number(row.id),
    roundId: Number(row.round_id),
    district: String(row.district),
    title: String(row.title),
    blockIds: (row.block_ids as number[]).map(Number),
    state: row.state as ApplicationState,
    version: Number(row.version),
    createdBy: String(row.created_by),
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

/** SQL true when every block of the application `a` lies in one of the parks bound as an int array. */
const IN_PARKS_SQL = `not exists (select 1 from jsonb_array_elements_text(a.block_ids) e
  join blocks b on b.id = e::int where not (b.park_id = any(?::int[])))`;

export function roundStore(knex: Knex) {
  const rounds = {
    async list(db: Db = knex): Promise<Round[]> {
      const result = await db.raw(
        `select ${ROUND_COLUMNS} from recognition_rounds order by year desc, id desc`,
      );
      return result.rows.map(toRound);
    },
    async get(id: number, db: Db = knex): Promise<Round | undefined> {
      const result = await db.raw(`select ${ROUND_COLUMNS} from recognition_rounds where id = ?`, [id]);
      return result.rows[0] ? toRound(result.rows[0]) : undefined;
    },
    async openOne(db: Db = knex): Promise<Round | undefined> {
      const result = await db.raw(`select ${ROUND_COLUMNS} from recognition_rounds where state = 'open'`);
      return result.rows[0] ? toRound(result.rows[0]) : undefined;
    },
    async yearTaken(year: number, db: Db = knex): Promise<boolean> {
      return (await db("recognition_rounds").where({ year }).first("id")) !== undefined;
    },
    async create(round: NewRound, actor: string, trx: Knex.Transaction): Promise<Round> {
      const [{ id }] = await trx("recognition_rounds")
        .insert({
          year: round.year,
          name: round.name,
          applications_until: round.applicationsUntil,
          review_until: round.reviewUntil,
          departments: JSON.stringify(round.departments),
          opened_by: actor,
        })
        .returning("id");
      return (await rounds.get(Number(id), trx)) as Round;
    },
    async close(id: number, actor: string, trx: Knex.Transaction): Promise<Round> {
      await trx("recognition_rounds")
        .update({ state: "closed", closed_by: actor, closed_at: trx.fn.now() })
        .where({ id });
      return (await rounds.get(id, trx)) as Round;
    },
  };

  const applications = {
    /** A round's applications; `parkIds`: only those whose blocks all lie in these parks (a district's own). */
    async list(roundId: number, parkIds: number[] | null, db: Db = knex): Promise<Application[]> {
      const result = await db.raw(
        `select a.* from round_applications a where a.round_id = ? ${parkIds ? `and ${IN_PARKS_SQL}` : ""}
          order by a.id`,
        parkIds ? [roundId, parkIds] : [roundId],
      );
      return result.rows.map(toApplication);
    },
    async get(id: number, db: Db = knex): Promise<Application | undefined> {
      const row = await db("round_applications").where({ id }).first();
      return row ? toApplication(row) : undefined;
    },
    async locked(id: number, trx: Knex.Transaction): Promise<Application | undefined> {
      const row = await trx("round_applications").where({ id }).forUpdate().first();
      return row ? toApplication(row) : undefined;
    },
    async create(
      input: { roundId: number; district: string; title: string; blockIds: number[] },
      actor: string,
      trx: Knex.Transaction,
    ): Promise<Application> {
      const [{ id }] = await trx("round_applications")
        .insert({
          round_id: input.roundId,
          district: input.district,
          title: input.title,
          block_ids: JSON.stringify(input.blockIds),
          created_by: actor,
        })
        .returning("id");
      return (await applications.get(Number(id), trx)) as Application;
    },
    async update(
      id: number,
      change: {
        title?: string;
        blockIds?: number[];
        district?: string;
        state?: ApplicationState;
        version?: number;
      },
      trx: Knex.Transaction,
    ): Promise<Application> {
      const columns: Record<string, unknown> = { updated_at: trx.fn.now() };
      if (change.title !== undefined) columns.title = change.title;
      if (change.blockIds !== undefined) columns.block_ids = JSON.stringify(change.blockIds);
      if (change.district !== undefined) columns.district = change.district;
      if (change.state !== undefined) columns.state = change.state;
      if (change.version !== undefined) columns.version = change.version;
      await trx("round_applications").update(columns).where({ id });
      return (await applications.get(id, trx)) as Application;
    },
    /** Blocks of `blockIds` already in another application still open (id → that application's id). */
    async blocksInOtherLive(blockIds: number[], exceptId: number | null, db: Db = knex) {
      const result = await db.raw(
        `select e::int as block_id, a.id from round_applications a, jsonb_array_elements_text(a.block_ids) e
          where a.state in ('draft', 'submitted', 'reviewing', 'returned', 'reported')
            and a.id <> ? and e::int = any(?::int[])`,
        [exceptId ?? -1, blockIds],
      );
      return new Map<number, number>(
        result.rows.map((r: Record<string, unknown>) => [Number(r.block_id), Number(r.id)]),
      );
    },
  };
  return { rounds, applications };
}

export type RoundStore = ReturnType<typeof roundStore>;
