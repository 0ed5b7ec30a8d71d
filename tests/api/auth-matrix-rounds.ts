import { createHash } from "node:crypto";
import type { InjectOptions } from "fastify";
import type { Role } from "../../server/auth/account.js";
import { createBlock } from "../exit/exit-fixtures.js";
import { rectangle } from "../helpers/geodesic.js";
import {
  applicationAt,
  DEPARTMENTS,
  materialUpload,
  SAMPLE_FILES,
  type Stage,
} from "../helpers/round-flow.js";
import type { Fixture, MatrixContext } from "./auth-matrix-fixtures.js";

/** The recognition round's write routes in the matrix (issue #13): one valid request each, as the roles that may. */
const DISTRICT: Role[] = ["district"];
const LEAD: Role[] = ["lead"];
const REVIEWERS: Role[] = ["reviewer", "lead"];
const APPROVER: Role[] = ["approver"];

let year = 2040;
let offset = 0;

/** Closes whatever round is open (test set-up, straight in the database) and opens a new one. */
async function freshRound({ t }: MatrixContext): Promise<number> {
  await t.db
    .knex("recognition_rounds")
    .where({ state: "open" })
    .update({ state: "closed", closed_by: "matrix" });
  year += 1;
  const response = await t.app.inject({
    method: "POST",
    url: "/api/rounds",
    payload: {
      year,
      name: `矩阵 ${year}`,
      applicationsUntil: "2099-06-30",
      reviewUntil: "2099-12-31",
      departments: DEPARTMENTS,
    },
  });
  if (response.statusCode !== 201) throw new Error(`round: ${response.body}`);
  return response.json().id;
}

async function openRoundId(context: MatrixContext): Promise<number> {
  const open = await context.t.db.knex("recognition_rounds").where({ state: "open" }).first("id");
  return open ? Number(open.id) : freshRound(context);
}

async function candidate(context: MatrixContext): Promise<number> {
  offset += 1;
  const west = 116.0 + (offset % 100) * 0.02;
  const south = 39.3 - Math.floor(offset / 100) * 0.02;
  return (
    await createBlock(context.t, context.parkId, rectangle(west, south, west + 0.015, south + 0.011), {
      status: "candidate",
    })
  ).id;
}

/**
 * An application at `stage`, its rows written straight into the database (test set-up: the matrix builds dozens
 * of these before each pass, and tests/api/recognition-round.test.ts walks the same states through the routes).
 */
async function applicationIn(context: MatrixContext, stage: Stage): Promise<number> {
  const { knex } = context.t.db;
  const roundId = await openRoundId(context);
  offset += 1;
  const west = 116.0 + (offset % 100) * 0.02;
  const south = 39.3 - Math.floor(offset / 100) * 0.02;
  const submitted = !["draft", "complete"].includes(stage);
  const block = await createBlock(
    context.t,
    context.parkId,
    rectangle(west, south, west + 0.015, south + 0.011),
    {
      status: submitted ? "applied" : "candidate",
    },
  );
  const state = {
    draft: "draft",
    complete: "draft",
    submitted: "submitted",
    reviewing: "reviewing",
    judged: "reviewing",
    reported: "reported",
  }[stage];
  const version = submitted ? 1 : 0;
  const [{ id }] = await knex("round_applications")
    .insert({
      round_id: roundId,
      district: "矩阵区",
      title: "矩阵申请",
      block_ids: JSON.stringify([block.id]),
      state,
      version,
      created_by: "matrix",
    })
    .returning("id");
  if (stage !== "draft") {
    for (const kind of ["request", "indicators", "plans", "space-use"]) {
      const bytes = SAMPLE_FILES.request.bytes;
      await knex("round_materials").insert({
        application_id: id,
        kind,
        file_name: `${kind}.pdf`,
        media_type: "application/pdf",
        size_bytes: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        content: bytes,
        uploaded_by: "matrix",
      });
    }
  }
  if (stage === "judged" || stage === "reported") {
    for (const department of DEPARTMENTS)
      await knex("round_opinions").insert({
        application_id: id,
        version,
        department,
        opinion: "agree",
        text: "同意",
        recorded_by: "matrix",
      });
    for (const condition of ["industry-orientation", "infrastructure", "safety-and-environment"])
      await knex("round_checklist_entries").insert({
        application_id: id,
        version,
        condition,
        met: true,
        reason: "符合",
        recorded_by: "matrix",
      });
  }
  return Number(id);
}

const post = (url: string, payload: object = {}): InjectOptions => ({ method: "POST", url, payload });

function uploadRequest(url: string): InjectOptions {
  const body = materialUpload(SAMPLE_FILES.request.name, SAMPLE_FILES.request.bytes);
  return { method: "POST", url, payload: body.payload, headers: body.headers };
}

const action =
  (stage: Stage, name: string, payload: object = {}) =>
  async (context: MatrixContext) =>
    post(`/api/applications/${await applicationIn(context, stage)}/actions/${name}`, payload);

export const ROUND_FIXTURES: Record<string, Fixture> = {
  "POST /api/rounds": {
    may: LEAD,
    request: async (context) => {
      await context.t.db
        .knex("recognition_rounds")
        .where({ state: "open" })
        .update({ state: "closed", closed_by: "matrix" });
      year += 1;
      return post("/api/rounds", {
        year,
        name: `矩阵 ${year}`,
        applicationsUntil: "2099-06-30",
        reviewUntil: "2099-12-31",
        departments: DEPARTMENTS,
      });
    },
  },
  "POST /api/rounds/:id/close": {
    may: LEAD,
    request: async (context) => post(`/api/rounds/${await freshRound(context)}/close`),
  },
  "POST /api/rounds/:id/applications": {
    may: DISTRICT,
    scoped: true,
    request: async (context) =>
      post(`/api/rounds/${await openRoundId(context)}/applications`, {
        title: "矩阵申请",
        blockIds: [await candidate(context)],
      }),
  },
  "PATCH /api/applications/:id": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => ({
      method: "PATCH",
      url: `/api/applications/${await applicationIn(context, "draft")}`,
      payload: { title: "改名" },
    }),
  },
  "POST /api/applications/:id/materials": {
    may: DISTRICT,
    scoped: true,
    request: async (context) =>
      uploadRequest(`/api/applications/${await applicationIn(context, "draft")}/materials?kind=request`),
  },
  "DELETE /api/applications/:id/materials/:materialId": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => {
      const id = await applicationIn(context, "complete");
      const detail = (await context.t.app.inject({ method: "GET", url: `/api/applications/${id}` })).json();
      return { method: "DELETE", url: `/api/applications/${id}/materials/${detail.materials[0].id}` };
    },
  },
  "POST /api/applications/:id/opinion-materials": {
    may: REVIEWERS,
    request: async (context) =>
      uploadRequest(`/api/applications/${await applicationIn(context, "reviewing")}/opinion-materials`),
  },
  "POST /api/applications/:id/opinions": {
    may: REVIEWERS,
    request: async (context) =>
      post(`/api/applications/${await applicationIn(context, "reviewing")}/opinions`, {
        department: DEPARTMENTS[0],
        opinion: "agree",
        text: "同意",
      }),
  },
  "PUT /api/applications/:id/checklist": {
    may: REVIEWERS,
    request: async (context) => ({
      method: "PUT",
      url: `/api/applications/${await applicationIn(context, "reviewing")}/checklist`,
      payload: { items: [{ condition: "infrastructure", met: true, reason: "完善" }] },
    }),
  },
  "POST /api/applications/:id/actions/:action=submit": {
    may: DISTRICT,
    scoped: true,
    request: action("complete", "submit"),
  },
  "POST /api/applications/:id/actions/:action=start-review": {
    may: LEAD,
    request: action("submitted", "start-review"),
  },
  "POST /api/applications/:id/actions/:action=return": {
    may: LEAD,
    request: action("reviewing", "return", { reason: "补充材料" }),
  },
  "POST /api/applications/:id/actions/:action=report": {
    may: LEAD,
    request: action("judged", "report", { opinion: "建议认定" }),
  },
  "POST /api/applications/:id/actions/:action=approve": {
    may: APPROVER,
    request: async (context) => {
      const roundId = await openRoundId(context);
      const block = await candidate(context);
      const id = await applicationAt(context.t.app.inject.bind(context.t.app), roundId, [block], "reported");
      return post(`/api/applications/${id}/actions/approve`, {
        reference: "京政函（矩阵）",
        repliedOn: "2026-11-30",
        approvedBlockIds: [block],
      });
    },
  },
  "POST /api/applications/:id/actions/:action=reject": {
    may: APPROVER,
    request: action("reported", "reject", {
      reference: "京政函（矩阵）",
      repliedOn: "2026-11-30",
      reason: "不符合",
    }),
  },
  // The guard's answer is what is tested: a year never approved gets the route's own 409 (no job queued).
  "POST /api/evaluations/:year/notices": {
    may: LEAD,
    request: async () => ({ method: "POST", url: "/api/evaluations/2099/notices" }),
    allowed: [409],
  },
  "POST /api/evaluations/:year/recommendation-revisions": {
    may: LEAD,
    request: async () => ({
      method: "POST",
      url: "/api/evaluations/2099/recommendation-revisions",
      payload: { name: "矩阵", revisedOn: "2026-06-30", reason: "矩阵", blocks: [] },
    }),
    allowed: [409],
  },
};
