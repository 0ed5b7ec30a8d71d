import type { Knex } from "knex";
import type { BlockStatus } from "../domain/block.js";
import type { NoticeFacts, NoticeFlag } from "../domain/evaluation-notice.js";
import type { YearEvaluation } from "../domain/evaluation-year.js";
import { rectifications } from "./rectification-store.js";

type Db = Knex | Knex.Transaction;

export interface NoticeDistrictEntry {
  district: string;
  blockCount: number;
}

/** One 通报 of a year (evaluation_notices, migration 20261201_21_evaluation_notices). */
export interface StoredNotice {
  id: number;
  year: number;
  jobId: number | null;
  approvalReference: string | null;
  approvedOn: string | null;
  districts: NoticeDistrictEntry[];
  blockCount: number;
  notifiedAt: string;
  notifiedBy: string;
}

export interface NewNotice {
  year: number;
  jobId: number | null;
  approvalReference: string | null;
  approvedOn: string | null;
  blockCount: number;
  actor: string;
  files: { district: string; blockCount: number; xlsx: Uint8Array; pdf: Uint8Array }[];
}

/** The 通报 of approved years and each district's documents (append-only). */
export function evaluationNoticeStore(knex: Knex) {
  /** What the notice says besides the frozen ranking: districts, the year's flags, rectifications, status now. */
  async function facts(
    year: number,
    evaluation: YearEvaluation,
    db: Db = knex,
  ): Promise<Omit<NoticeFacts, "year" | "evaluation">> {
    const blockIds = [...evaluation.categories.A, ...evaluation.categories.B].map((entry) => entry.blockId);
    const parks = await db("parks").select("id", "district");
    const flagRows =
      blockIds.length === 0
        ? []
        : await db("evaluation_flags")
            .where({ year })
            .whereIn("block_id", blockIds)
            .orderBy("id")
            .select("block_id", "outcome", "exit_decision");
    const statusRows =
      blockIds.length === 0 ? [] : await db("blocks").whereIn("id", blockIds).select("id", "status");
    const flags = new Map<number, { outcome: NoticeFlag; exitAction: string | null }>();
    for (const row of flagRows) {
      const decision = row.exit_decision as { action?: string } | null;
      flags.set(Number(row.block_id), {
        outcome: row.outcome as NoticeFlag,
        exitAction: decision?.action ?? null,
      });
    }
    return {
      districtOfPark: new Map(parks.map((park) => [Number(park.id), String(park.district)])),
      flags,
      rectifications: blockIds.length === 0 ? [] : await rectifications(db, { blockIds }),
      statusNow: new Map(statusRows.map((row) => [Number(row.id), row.status as BlockStatus])),
    };
  }

  async function record(notice: NewNotice, trx: Knex.Transaction): Promise<StoredNotice> {
    const districts = notice.files.map(({ district, blockCount }) => ({ district, blockCount }));
    const [{ id }] = await trx("evaluation_notices")
      .insert({
        year: notice.year,
        job_id: notice.jobId,
        approval_reference: notice.approvalReference,
        approved_on: notice.approvedOn,
        districts: JSON.stringify(districts),
        block_count: notice.blockCount,
        notified_by: notice.actor,
      })
      .returning("id");
    for (const file of notice.files) {
      await trx("evaluation_notice_files").insert({
        notice_id: id,
        district: file.district,
        block_count: file.blockCount,
        xlsx: Buffer.from(file.xlsx),
        pdf: Buffer.from(file.pdf),
      });
    }
    const stored = (await list(notice.year, trx)).find((row) => row.id === Number(id));
    if (!stored) throw new Error("the notice just written is not found");
    return stored;
  }

  /** Every 通报 of a year, newest first. */
  async function list(year: number, db: Db = knex): Promise<StoredNotice[]> {
    const rows = await db("evaluation_notices")
      .where({ year })
      .orderBy("id", "desc")
      .select(
        "id",
        "year",
        "job_id",
        "approval_reference",
        db.raw("approved_on::text as approved_on"),
        "districts",
        "block_count",
        "notified_at",
        "notified_by",
      );
    return rows.map((row) => ({
      id: Number(row.id),
      year: row.year,
      jobId: row.job_id === null ? null : Number(row.job_id),
      approvalReference: row.approval_reference,
      approvedOn: row.approved_on ?? null,
      districts: typeof row.districts === "string" ? JSON.parse(row.districts) : row.districts,
      blockCount: row.block_count,
      notifiedAt: new Date(row.notified_at).toISOString(),
      notifiedBy: row.notified_by,
    }));
  }

  async function byId(id: number): Promise<StoredNotice | undefined> {
    const row = await knex("evaluation_notices").where({ id }).first("year");
    return row ? (await list(row.year)).find((notice) => notice.id === id) : undefined;
  }

  async function file(
    noticeId: number,
    district: string,
    format: "xlsx" | "pdf",
  ): Promise<Uint8Array | undefined> {
    const row = await knex("evaluation_notice_files").where({ notice_id: noticeId, district }).first(format);
    return row ? new Uint8Array(row[format]) : undefined;
  }

  /** The districts of these parks (a district account's own). */
  async function districtsOfParks(parkIds: number[]): Promise<string[]> {
    if (parkIds.length === 0) return [];
    const rows = await knex("parks").whereIn("id", parkIds).distinct("district");
    return rows.map((row) => String(row.district));
  }

  return { facts, record, list, byId, file, districtsOfParks };
}

export type EvaluationNoticeStore = ReturnType<typeof evaluationNoticeStore>;
