import { createBlock } from "../exit/exit-fixtures.js";
import { rectangle } from "../helpers/geodesic.js";
import {
  applicationAt,
  DEPARTMENTS,
  materialUpload,
  SAMPLE_FILES,
  type Stage,
  step,
  upload,
} from "../helpers/round-flow.js";
import type { TestApp } from "../helpers/test-app.js";
import type { RouteFixture } from "./audit-fixtures.js";

/**
 * The audit walk's entries for the recognition round (issue #13) and the block tools (split, merge, restore;
 * issue #18 item 8): one real, successful call each, and the audit rows it must leave.
 */
let year = 2060;
let placed = 0;

/** A candidate municipal block of its own, south of the demo data and of the other fixtures' blocks. */
async function candidateBlock(t: TestApp, status = "candidate") {
  placed++;
  const west = 116.0 + (placed % 100) * 0.02;
  const south = 39.1 - Math.floor(placed / 100) * 0.02;
  return createBlock(t, t.parkIds[0], rectangle(west, south, west + 0.01, south + 0.01), { status });
}

async function freshRound(t: TestApp): Promise<number> {
  await t.db
    .knex("recognition_rounds")
    .where({ state: "open" })
    .update({ state: "closed", closed_by: "audit" });
  year++;
  const response = await t.app.inject({
    method: "POST",
    url: "/api/rounds",
    payload: {
      year,
      name: `审计 ${year}`,
      applicationsUntil: "2099-06-30",
      reviewUntil: "2099-12-31",
      departments: DEPARTMENTS,
    },
  });
  if (response.statusCode !== 201) throw new Error(`round not opened: ${response.body}`);
  return response.json().id;
}

async function openRoundId(t: TestApp): Promise<number> {
  const open = await t.db.knex("recognition_rounds").where({ state: "open" }).first("id");
  return open ? Number(open.id) : freshRound(t);
}

/** A new application at `stage`, walked there through the real routes. */
async function applicationIn(t: TestApp, stage: Stage): Promise<number> {
  const block = await candidateBlock(t);
  return applicationAt((options) => t.app.inject(options), await openRoundId(t), [block.id], stage);
}

const id = (made: Record<string, unknown>, key = "applicationId") => made[key] as number;

export const ROUND_AND_TOOL_FIXTURES: Record<string, RouteFixture> = {
  "POST /api/rounds": {
    setup: async (t) => {
      await t.db
        .knex("recognition_rounds")
        .where({ state: "open" })
        .update({ state: "closed", closed_by: "audit" });
      return {};
    },
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/rounds",
        payload: {
          year: ++year,
          name: `审计 ${year}`,
          applicationsUntil: "2099-06-30",
          reviewUntil: "2099-12-31",
          departments: DEPARTMENTS,
        },
      }),
    expect: () => ["round.open"],
  },
  "POST /api/rounds/:id/applications": {
    setup: async (t) => ({ roundId: await openRoundId(t), block: (await candidateBlock(t)).id }),
    call: (t, made) =>
      t.app.inject({
        method: "POST",
        url: `/api/rounds/${id(made, "roundId")}/applications`,
        payload: { title: "审计认定申请", blockIds: [made.block as number] },
      }),
    expect: () => ["application.create"],
  },
  "PATCH /api/applications/:id": {
    setup: async (t) => ({ applicationId: await applicationIn(t, "draft") }),
    call: (t, made) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/applications/${id(made)}`,
        payload: { title: "审计改名的申请" },
      }),
    expect: () => ["application.update"],
  },
  "POST /api/applications/:id/materials": {
    setup: async (t) => ({ applicationId: await applicationIn(t, "draft") }),
    call: (t, made) =>
      upload(
        (options) => t.app.inject(options),
        id(made),
        "request",
        SAMPLE_FILES.request.name,
        SAMPLE_FILES.request.bytes,
      ),
    expect: () => ["application.material-add"],
  },
  "DELETE /api/applications/:id/materials/:materialId": {
    setup: async (t) => {
      const applicationId = await applicationIn(t, "complete");
      const detail = (
        await t.app.inject({ method: "GET", url: `/api/applications/${applicationId}` })
      ).json();
      return { applicationId, materialId: detail.materials[0].id };
    },
    call: (t, made) =>
      t.app.inject({
        method: "DELETE",
        url: `/api/applications/${id(made)}/materials/${id(made, "materialId")}`,
      }),
    expect: () => ["application.material-remove"],
  },
  "POST /api/applications/:id/actions/:action": {
    setup: async (t) => ({ applicationId: await applicationIn(t, "complete") }),
    call: (t, made) => step((options) => t.app.inject(options), id(made), "submit"),
    expect: () => ["application.submit"],
  },
  "POST /api/applications/:id/opinions": {
    setup: async (t) => ({ applicationId: await applicationIn(t, "reviewing") }),
    call: (t, made) =>
      t.app.inject({
        method: "POST",
        url: `/api/applications/${id(made)}/opinions`,
        payload: { department: DEPARTMENTS[0], opinion: "agree", text: "同意" },
      }),
    expect: () => ["application.opinion"],
  },
  "POST /api/applications/:id/opinion-materials": {
    setup: async (t) => ({ applicationId: await applicationIn(t, "reviewing") }),
    call: (t, made) => {
      const body = materialUpload(SAMPLE_FILES.request.name, SAMPLE_FILES.request.bytes);
      return t.app.inject({
        method: "POST",
        url: `/api/applications/${id(made)}/opinion-materials`,
        payload: body.payload,
        headers: body.headers,
      });
    },
    expect: () => ["application.material-add"],
  },
  "PUT /api/applications/:id/checklist": {
    setup: async (t) => ({ applicationId: await applicationIn(t, "reviewing") }),
    call: (t, made) =>
      t.app.inject({
        method: "PUT",
        url: `/api/applications/${id(made)}/checklist`,
        payload: { items: [{ condition: "infrastructure", met: true, reason: "基础设施完善" }] },
      }),
    expect: () => ["application.checklist"],
  },
  "POST /api/rounds/:id/close": {
    setup: async (t) => ({ roundId: await freshRound(t) }),
    call: (t, made) => t.app.inject({ method: "POST", url: `/api/rounds/${id(made, "roundId")}/close` }),
    expect: () => ["round.close"],
  },
  "POST /api/blocks/:id/split": {
    setup: async (t) => ({ block: await candidateBlock(t) }),
    call: (t, made) => {
      const block = made.block as { id: number; geometry: { coordinates: number[][][] } };
      const [west, south] = block.geometry.coordinates[0][0];
      const cut = west + 0.004;
      return t.app.inject({
        method: "POST",
        url: `/api/blocks/${block.id}/split`,
        payload: {
          version: 1,
          line: {
            type: "LineString",
            coordinates: [
              [cut, south - 0.01],
              [cut, south + 0.02],
            ],
          },
          reason: "审计分割",
        },
      });
    },
    expect: () => ["block.split"],
  },
  "POST /api/blocks/:id/merge": {
    setup: async (t) => {
      const first = await candidateBlock(t);
      const second = await candidateBlock(t);
      return { first: first.id, second: second.id };
    },
    call: (t, made) =>
      t.app.inject({
        method: "POST",
        url: `/api/blocks/${id(made, "first")}/merge`,
        payload: { version: 1, otherId: id(made, "second"), otherVersion: 1, reason: "审计合并" },
      }),
    expect: () => ["block.merge"],
  },
  "POST /api/blocks/:id/restore": {
    setup: async (t) => {
      const block = await candidateBlock(t);
      const edited = await t.app.inject({
        method: "PATCH",
        url: `/api/blocks/${block.id}`,
        headers: { "if-match": '"1"' },
        payload: { properties: { name: "审计改名" } },
      });
      if (edited.statusCode !== 200) throw new Error(`block not edited: ${edited.body}`);
      return { block: block.id };
    },
    call: (t, made) =>
      t.app.inject({
        method: "POST",
        url: `/api/blocks/${id(made, "block")}/restore`,
        payload: { version: 2, fromVersion: 1, reason: "审计恢复" },
      }),
    expect: () => ["block.restore"],
  },
  // 通报 of the demo's approved 2025: the call waits for the job, so both rows are there when the walk reads.
  "POST /api/evaluations/:year/notices": {
    call: async (t) => {
      const started = await t.app.inject({ method: "POST", url: "/api/evaluations/2025/notices" });
      if (started.statusCode !== 202) return started;
      for (;;) {
        const job = (await t.app.inject({ method: "GET", url: `/api/jobs/${started.json().id}` })).json();
        if (job.state === "succeeded") return started;
        if (job.state !== "queued" && job.state !== "running")
          throw new Error(`通报 job: ${JSON.stringify(job)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    expect: () => ["job.start", "evaluation.notify"],
  },
  "POST /api/evaluations/:year/recommendation-revisions": {
    setup: async (t) => {
      const row = await t.db
        .knex("evaluation_year_states")
        .where({ year: 2025, action: "submit" })
        .orderBy("id", "desc")
        .first("snapshot");
      const snapshot = typeof row.snapshot === "string" ? JSON.parse(row.snapshot) : row.snapshot;
      const entry = snapshot.evaluation.categories.A.find(
        (e: { level: string; rank: number | null; bottom5: boolean; status: string }) =>
          e.level === "municipal" && e.rank !== null && !e.bottom5 && e.status !== "rectifying",
      );
      return { blockId: entry.blockId };
    },
    call: (t, made) =>
      t.app.inject({
        method: "POST",
        url: "/api/evaluations/2025/recommendation-revisions",
        payload: {
          name: "审计 推荐",
          revisedOn: "2026-06-30",
          reason: "审计",
          blocks: [{ blockId: id(made, "blockId"), reason: "审计" }],
        },
      }),
    expect: () => ["evaluation.recommend"],
  },
};
