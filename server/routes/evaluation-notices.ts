import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { create as contentDisposition } from "content-disposition";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import type { StoredNotice } from "../db/evaluation-notice-store.js";
import { ApiError, notFound } from "../errors.js";
import {
  EVALUATION_NOTICE_JOB,
  type EvaluationNoticeParams,
  evaluationNoticeJob,
  noticeFileName,
} from "../jobs/evaluation-notice-job.js";
import { listNoticesSchema, noticeFileSchema, startNoticeSchema } from "../schemas/evaluation-notices.js";
import { auditActorOf } from "./audit-request.js";
import { parseYear } from "./evaluation-queries.js";
import { startJob } from "./job-start.js";
import { parseId } from "./params.js";

/** Permissions of the municipal staff: who holds one sees every district's 通报. */
const STAFF_PERMISSIONS = [
  "evaluations.run",
  "evaluations.approve",
  "reviews.record",
  "rounds.manage",
  "approvals.record",
];

const CONTENT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

/**
 * 通报 (《管理办法》第三部分 · 管理考核: 评价结果报市人民政府审定后，向各区人民政府通报): staff start the job once the year
 * is 审定 (409 `year-not-approved` before); the notices are listed per year; a district account (a district's
 * permission and none of the staff's) sees and downloads only the districts of its parks.
 */
export const evaluationNoticeRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, jobs, config } = context;
  jobs.register(
    EVALUATION_NOTICE_JOB,
    evaluationNoticeJob(stores, config.jobs.noticeOnEventLoop ? "event-loop" : "workers"),
  );

  app.post(
    "/evaluations/:year/notices",
    { schema: startNoticeSchema, config: { permission: "evaluations.run" } },
    async (request, reply) => {
      const year = parseYear(request.params.year);
      const { state } = await stores.approvals.status(year);
      if (state !== "approved") {
        throw new ApiError(
          409,
          "year-not-approved",
          `The evaluation of ${year} is ${state}: the results are notified to the districts (通报) only once the year is approved (审定).`,
          { state },
        );
      }
      const params: EvaluationNoticeParams = { year, audit: auditActorOf(request) };
      return startJob(context, request, reply, EVALUATION_NOTICE_JOB, { ...params });
    },
  );

  app.get("/evaluations/:year/notices", { schema: listNoticesSchema }, async (request) => {
    const year = parseYear(request.params.year);
    const [{ state }, notices, own] = await Promise.all([
      stores.approvals.status(year),
      stores.notices.list(year),
      ownDistricts(request),
    ]);
    return { year, state, ownDistricts: own, notices: notices.map((notice) => visible(notice, own)) };
  });

  app.get("/evaluations/notices/:id/file", { schema: noticeFileSchema }, async (request, reply) => {
    const id = parseId(request.params.id);
    const { district, format } = request.query;
    const own = await ownDistricts(request);
    if (own !== null && !own.includes(district)) {
      throw new ApiError(
        403,
        "out-of-scope",
        `The 通报 of ${district} is not yours: this account sees ${own.join("、") || "no district"}.`,
        { district, ownDistricts: own },
      );
    }
    const notice = await stores.notices.byId(id);
    if (!notice) throw notFound("Notice", id);
    const body = await stores.notices.file(id, district, format);
    if (!body) throw notFound(`District of notice ${id}`, district);
    const name = noticeFileName(notice.year, district, format);
    return reply
      .header("content-type", CONTENT_TYPES[format])
      .header("content-disposition", contentDisposition(name))
      .header("x-content-type-options", "nosniff")
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });

  /** null: every district (staff, viewers); else the districts of a district account's parks. */
  async function ownDistricts(request: FastifyRequest): Promise<string[] | null> {
    const permissions = request.auth?.permissions;
    if (!permissions || !request.account) return [];
    if (STAFF_PERMISSIONS.some((permission) => permissions.has(permission))) return null;
    if (!permissions.has("applications.edit")) return null;
    return stores.notices.districtsOfParks(request.account.parkIds);
  }
};

function visible(notice: StoredNotice, own: string[] | null): StoredNotice {
  if (own === null) return notice;
  const districts = notice.districts.filter((entry) => own.includes(entry.district));
  return {
    ...notice,
    districts,
    blockCount: districts.reduce((sum, entry) => sum + entry.blockCount, 0),
  };
}
