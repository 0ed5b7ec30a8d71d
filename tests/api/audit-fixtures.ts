import type { LightMyRequestResponse } from "fastify";
import { recordOrder } from "../../server/db/rectification-store.js";
import { approveYear } from "../evaluation/approve-year.js";
import { INPUTS } from "../evaluation/policy-weights.js";
import { fileUpload } from "../evaluation/upload.js";
import { createBlock, createPark } from "../exit/exit-fixtures.js";
import { rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";
import { ROUND_AND_TOOL_FIXTURES } from "./audit-fixtures-rounds.js";

/**
 * One real, successful call per mutating /api route, for the audit walk (audit-routes.test.ts): `setup` makes
 * what the call needs (its own audit rows are not counted), `call` is the request under test, `expect` the
 * audit actions it must leave (a multiset; [] for POSTs that only compute). A route without an entry here
 * fails the walk, so a new write route cannot slip past the audit.
 */
export interface RouteFixture {
  setup?: (t: TestApp) => Promise<Record<string, unknown>>;
  /** Who the rows name, when not the harness's all-permissions account (sign-in, own password). */
  actorName?: (made: Record<string, unknown>) => string;
  call: (t: TestApp, made: Record<string, unknown>) => Promise<LightMyRequestResponse>;
  /** The audit actions the call leaves, given its response (a flag run adds a row per block it changed). */
  expect: (response: LightMyRequestResponse, t: TestApp) => Promise<string[]> | string[];
}

// Who: the harness's all-permissions account (its token); X-Actor is gone (issue #11).
const actor: Record<string, string> = {};
let placed = 0;

/** A fresh block of its own, away from the demo data and from every other fixture's block. */
async function freshBlock(t: TestApp, properties: Record<string, unknown> = {}) {
  placed++;
  const west = 117.6 + (placed % 20) * 0.02;
  const south = 40.6 + Math.floor(placed / 20) * 0.02;
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: {
      type: "Feature",
      geometry: rectangle(west, south, west + 0.01, south + 0.01),
      properties: { name: `审计区块 ${placed}`, parkId: 1, level: "municipal", ...properties },
    },
  });
  if (response.statusCode !== 201) throw new Error(`fixture block not created: ${response.body}`);
  return response.json() as { properties: { id: number; version: number } };
}

/** A block under rectification with a 10% share of its own park: §4.5 reduces it (a proposal can be saved). */
async function reducibleBlock(t: TestApp) {
  const parkId = await createPark(t, `audit-${++placed}`);
  const square = rectangle(116.3, 40.0, 116.3 + 0.0142 / Math.cos((40.007 * Math.PI) / 180), 40.0142);
  const block = await createBlock(t, parkId, square);
  await createBlock(t, parkId, rectangle(116.4, 40.0, 116.6, 40.1), { status: "recognized" });
  return block;
}

const GEOJSON_FILE = JSON.stringify({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { name: "审计导入区块" },
      geometry: rectangle(116.95, 40.55, 116.951, 40.551),
    },
  ],
});

async function uploadImport(t: TestApp) {
  const file = fileUpload("审计.geojson", GEOJSON_FILE, "application/geo+json");
  return t.app.inject({
    method: "POST",
    url: "/api/imports",
    ...file,
    headers: { ...file.headers, ...actor },
  });
}

async function blockIdByCode(t: TestApp, code: string): Promise<number> {
  const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json();
  const found = blocks.features.find((f: { properties: { code: string } }) => f.properties.code === code);
  if (!found) throw new Error(`no demo block ${code}`);
  return found.properties.id;
}

async function waitForExitBatch(t: TestApp, jobId: string) {
  for (let i = 0; i < 400; i++) {
    const job = (await t.app.inject({ method: "GET", url: `/api/exit-batch/${jobId}` })).json();
    if (job.state !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the exit batch did not finish");
}

async function waitForJob(t: TestApp, jobId: number) {
  for (let i = 0; i < 2400; i++) {
    const job = (await t.app.inject({ method: "GET", url: `/api/jobs/${jobId}` })).json();
    if (job.state !== "queued" && job.state !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

export const ROUTE_FIXTURES: Record<string, RouteFixture> = {
  "POST /api/blocks": {
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/blocks",
        headers: actor,
        payload: {
          type: "Feature",
          geometry: rectangle(117.5, 40.5, 117.51, 40.51),
          properties: { name: "审计新建", parkId: 1, level: "municipal" },
        },
      }),
    expect: () => ["block.create"],
  },
  "PATCH /api/blocks/:id": {
    setup: async (t) => ({ block: await freshBlock(t) }),
    call: (t, { block }) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/blocks/${(block as { properties: { id: number } }).properties.id}`,
        headers: { ...actor, "if-match": '"1"' },
        payload: { properties: { name: "审计改名" } },
      }),
    expect: () => ["block.update"],
  },
  "DELETE /api/blocks/:id": {
    setup: async (t) => ({ block: await freshBlock(t) }),
    call: (t, { block }) =>
      t.app.inject({
        method: "DELETE",
        url: `/api/blocks/${(block as { properties: { id: number } }).properties.id}`,
        headers: actor,
      }),
    expect: () => ["block.end"],
  },
  "POST /api/blocks/:id/actions/:action": {
    setup: async (t) => ({ block: await freshBlock(t) }),
    call: (t, { block }) =>
      t.app.inject({
        method: "POST",
        url: `/api/blocks/${(block as { properties: { id: number } }).properties.id}/actions/apply`,
        headers: actor,
        payload: { version: 1, reason: "申报" },
      }),
    expect: () => ["block.apply"],
  },
  "PUT /api/settings": {
    call: (t) =>
      t.app.inject({
        method: "PUT",
        url: "/api/settings",
        headers: actor,
        payload: { bottomShareRounding: "ceil" },
      }),
    expect: () => ["settings.update"],
  },
  "PUT /api/parks/:id/official-area": {
    call: (t) =>
      t.app.inject({
        method: "PUT",
        url: "/api/parks/2/official-area",
        headers: actor,
        payload: { areaKm2: 12, approvalReference: "京政函〔2024〕9号（测试）", approvedOn: "2024-05-20" },
      }),
    expect: () => ["park.official-area"],
  },
  "POST /api/composition/baseline": {
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/composition/baseline",
        headers: actor,
        payload: { note: "审计" },
      }),
    expect: () => ["composition.baseline"],
  },
  "PUT /api/evaluations/transitions/:blockId": {
    setup: async (t) => ({ blockId: await blockIdByCode(t, "yanqing-kangzhuang") }),
    call: (t, { blockId }) =>
      t.app.inject({
        method: "PUT",
        url: `/api/evaluations/transitions/${blockId}`,
        headers: actor,
        payload: { endsOn: "2028-06-30", commitments: { revenueAdded: 5000 } },
      }),
    expect: () => ["transition.save"],
  },
  "PUT /api/evaluations/:year/indicators": {
    setup: async (t) => ({ blockId: await blockIdByCode(t, "yanqing-kangzhuang") }),
    call: (t, { blockId }) =>
      t.app.inject({
        method: "PUT",
        url: "/api/evaluations/2028/indicators",
        headers: actor,
        payload: { rows: [{ blockId, ...INPUTS }] },
      }),
    expect: () => ["indicators.import"],
  },
  "PUT /api/evaluations/:year/weights": {
    call: (t) =>
      t.app.inject({
        method: "PUT",
        url: "/api/evaluations/2025/weights",
        headers: actor,
        payload: { method: "min-max", weightsPercent: { revenueAdded: 10, rdIntensity: 15 } },
      }),
    expect: () => ["weights.update"],
  },
  "POST /api/evaluations/:year/flag-bottom": {
    // 2026 with the demo's 2025 inputs: the run orders new rectifications and judges 2025's orders.
    setup: async (t) => {
      const rows = (await t.app.inject({ method: "GET", url: "/api/evaluations/2025/indicators" })).json()
        .rows;
      const payload = {
        rows: rows.map((row: { blockId: number; inputs: object }) => ({
          blockId: row.blockId,
          ...row.inputs,
        })),
      };
      const put = await t.app.inject({ method: "PUT", url: "/api/evaluations/2026/indicators", payload });
      if (put.statusCode !== 200) throw new Error(`2026 indicators not stored: ${put.body}`);
      await approveYear(t, 2026, { ignoreIncomplete: true });
      return {};
    },
    // A job since issue #14: the start's row, then the job's run (its rows carry the starting request's id).
    call: async (t) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/evaluations/2026/flag-bottom",
        headers: actor,
      });
      if (response.statusCode === 202) await waitForJob(t, response.json().id);
      return response;
    },
    // One row per block the run changed (in the run's one transaction), and one for the run.
    expect: async (_response, t) => {
      const run = await t.db
        .knex("audit_events")
        .where({ action: "evaluation.flag-bottom" })
        .orderBy("id", "desc")
        .first();
      const changed = (run?.after?.changedBlockIds ?? []) as number[];
      if (changed.length === 0) throw new Error("the flag run changed no block: the step rows go untested");
      return ["job.start", "evaluation.flag-bottom", ...changed.map(() => "evaluation.flag-step")];
    },
  },
  "POST /api/evaluations/rectifications/:id/reports": {
    // An open order of its own (orders come from flag runs; the 2026 run above may judge the demo's).
    setup: async (t) => {
      const block = await freshBlock(t);
      const order = { blockId: block.properties.id, orderedYear: 2025, category: "B" as const };
      return {
        id: await recordOrder(
          t.db.knex,
          { ...order, rank: 9, score: 40, method: "min-max", settings: {} },
          "审计",
        ),
      };
    },
    call: (t, { id }) =>
      t.app.inject({
        method: "POST",
        url: `/api/evaluations/rectifications/${id}/reports`,
        headers: actor,
        payload: { report: "已清理闲置用地", reportedOn: "2026-03-15", reporter: "区科信局" },
      }),
    expect: () => ["rectification.report"],
  },
  "POST /api/exit-batch": {
    setup: async (t) => ({ block: await reducibleBlock(t) }),
    call: async (t, { block }) => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/exit-batch",
        headers: actor,
        payload: { blockIds: [(block as { id: number }).id], save: true },
      });
      if (response.statusCode === 202) await waitForExitBatch(t, response.json().jobId);
      return response;
    },
    // The start, and the proposal the batch saved in the background (with the starting request's id).
    expect: () => ["exit-batch.start", "proposal.create"],
  },
  "POST /api/imports": {
    call: (t) => uploadImport(t),
    expect: () => ["import.upload"],
  },
  "POST /api/imports/:id/commit": {
    setup: async (t) => ({ preview: (await uploadImport(t)).json().id }),
    call: (t, { preview }) =>
      t.app.inject({
        method: "POST",
        url: `/api/imports/${preview}/commit`,
        headers: actor,
        payload: { parkId: 1, level: "municipal" },
      }),
    expect: () => ["import.commit"],
  },
  "POST /api/reports/overlaps": {
    call: (t) =>
      t.app.inject({ method: "POST", url: "/api/reports/overlaps", headers: actor, payload: { ids: [1] } }),
    expect: () => ["job.start"],
  },
  "POST /api/exports/catalogue-package": {
    setup: async (t) => ({
      blockId: (
        await t.db.knex("blocks").whereIn("status", ["recognized", "rectifying", "reduced"]).first("id")
      ).id,
    }),
    call: (t, { blockId }) =>
      t.app.inject({
        method: "POST",
        url: "/api/exports/catalogue-package",
        headers: actor,
        payload: { ids: [blockId] },
      }),
    expect: () => ["job.start"],
  },
  "POST /api/exports/blocks": {
    setup: async (t) => ({ blockId: (await t.db.knex("blocks").first("id")).id }),
    call: (t, { blockId }) =>
      t.app.inject({
        method: "POST",
        url: "/api/exports/blocks",
        headers: actor,
        payload: { format: "geojson", ids: [blockId] },
      }),
    expect: () => ["job.start"],
  },
  "DELETE /api/jobs/:id": {
    // A queued job of a kind no server runs (inserted as the job store would), so the cancel cannot race its end.
    setup: async (t) => {
      const [{ id }] = await t.db
        .knex("jobs")
        .insert({ kind: "never-run", owner: "audit-walk", params: JSON.stringify({}) })
        .returning("id");
      return { jobId: id };
    },
    call: (t, { jobId }) => t.app.inject({ method: "DELETE", url: `/api/jobs/${jobId}`, headers: actor }),
    expect: () => ["job.cancel"],
  },
  "POST /api/blocks/:id/reduction-proposals": {
    setup: async (t) => ({ block: await reducibleBlock(t) }),
    call: (t, { block }) =>
      t.app.inject({
        method: "POST",
        url: `/api/blocks/${(block as { id: number }).id}/reduction-proposals`,
        headers: actor,
        payload: { strategy: "cut" },
      }),
    expect: () => ["proposal.create"],
  },
  "POST /api/blocks/:id/reduction-proposals/:pid/apply": {
    setup: async (t) => {
      const block = await reducibleBlock(t);
      const saved = await t.app.inject({
        method: "POST",
        url: `/api/blocks/${block.id}/reduction-proposals`,
        payload: { strategy: "cut" },
      });
      return { block, proposalId: saved.json().properties.id };
    },
    call: (t, { block, proposalId }) =>
      t.app.inject({
        method: "POST",
        url: `/api/blocks/${(block as { id: number }).id}/reduction-proposals/${proposalId}/apply`,
        headers: actor,
        payload: { version: (block as { version: number }).version },
      }),
    expect: () => ["proposal.apply"],
  },
  // POSTs that only compute: they must leave no row (and write nothing).
  "POST /api/analysis": {
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/analysis",
        payload: { geometry: rectangle(116.3, 40, 116.31, 40.01) },
      }),
    expect: () => [],
  },
  "POST /api/site-check": {
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/site-check",
        payload: { geometry: { type: "Point", coordinates: [116.3, 40.0] } },
      }),
    expect: () => [],
  },
  "POST /api/blocks/:id/reduction-preview": {
    setup: async (t) => ({ block: await reducibleBlock(t) }),
    call: (t, { block }) =>
      t.app.inject({
        method: "POST",
        url: `/api/blocks/${(block as { id: number }).id}/reduction-preview`,
        payload: { strategy: "inset" },
      }),
    expect: () => [],
  },
  // Accounts (issue #11): a sign-in, a sign-out and a password change each leave their row.
  "POST /api/auth/login": {
    setup: async (t) => ({
      user: await t.clientFor({ roles: ["viewer"], name: "审计 登录", password: true }),
    }),
    call: (t, { user }) => {
      const { login, password } = user as { login: string; password: string };
      return t.anonymous({ method: "POST", url: "/api/auth/login", payload: { login, password } });
    },
    actorName: () => "审计 登录",
    expect: () => ["auth.login"],
  },
  "POST /api/auth/logout": {
    call: (t) => t.app.inject({ method: "POST", url: "/api/auth/logout", headers: actor }),
    expect: () => ["auth.logout"],
  },
  "POST /api/auth/password": {
    setup: async (t) => ({
      user: await t.clientFor({ roles: ["viewer"], name: "审计 改密", password: true }),
    }),
    call: (_t, { user }) => {
      const client = user as { password: string; inject: TestApp["anonymous"] };
      return client.inject({
        method: "POST",
        url: "/api/auth/password",
        payload: { currentPassword: client.password, newPassword: `${client.password}-2` },
      });
    },
    actorName: () => "审计 改密",
    expect: () => ["auth.password"],
  },
  "POST /api/users": {
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/users",
        headers: actor,
        payload: { login: "audit-new-user", name: "审计 新账户", roles: ["viewer"] },
      }),
    expect: () => ["user.create"],
  },
  "PATCH /api/users/:id": {
    setup: async (t) => ({ user: await t.clientFor({ roles: ["viewer"] }) }),
    call: (t, { user }) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/users/${(user as { account: { id: number } }).account.id}`,
        headers: actor,
        payload: { roles: ["reviewer"] },
      }),
    expect: () => ["user.update"],
  },
  "POST /api/users/:id/password": {
    setup: async (t) => ({ user: await t.clientFor({ roles: ["viewer"] }) }),
    call: (t, { user }) =>
      t.app.inject({
        method: "POST",
        url: `/api/users/${(user as { account: { id: number } }).account.id}/password`,
        headers: actor,
      }),
    expect: () => ["user.reset-password"],
  },
  "PUT /api/roles/:role": {
    call: (t) =>
      t.app.inject({ method: "PUT", url: "/api/roles/viewer", headers: actor, payload: { permissions: [] } }),
    expect: () => ["role.update"],
  },
  "POST /api/tokens": {
    call: (t) =>
      t.app.inject({ method: "POST", url: "/api/tokens", headers: actor, payload: { label: "审计" } }),
    expect: () => ["token.create"],
  },
  "DELETE /api/tokens/:id": {
    setup: async (t) => ({
      token: (
        await t.app.inject({ method: "POST", url: "/api/tokens", payload: { label: "审计 撤销" } })
      ).json(),
    }),
    call: (t, { token }) =>
      t.app.inject({ method: "DELETE", url: `/api/tokens/${(token as { id: number }).id}`, headers: actor }),
    expect: () => ["token.revoke"],
  },
  "POST /api/evaluations/:year/approval/submit": {
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/evaluations/2061/approval/submit?ignoreIncomplete=true",
        headers: actor,
      }),
    expect: () => ["evaluation.submit"],
  },
  "POST /api/evaluations/:year/approval/approve": {
    setup: async (t) => {
      await t.app.inject({
        method: "POST",
        url: "/api/evaluations/2062/approval/submit?ignoreIncomplete=true",
      });
      return {};
    },
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/evaluations/2062/approval/approve",
        headers: actor,
        payload: { reference: "京政函〔2063〕1号（审计）", approvedOn: "2063-03-31" },
      }),
    expect: () => ["evaluation.approve"],
  },
  "POST /api/evaluations/:year/approval/return": {
    setup: async (t) => {
      await t.app.inject({
        method: "POST",
        url: "/api/evaluations/2063/approval/submit?ignoreIncomplete=true",
      });
      return {};
    },
    call: (t) =>
      t.app.inject({
        method: "POST",
        url: "/api/evaluations/2063/approval/return",
        headers: actor,
        payload: { reason: "数据待核（审计）" },
      }),
    expect: () => ["evaluation.return"],
  },
  "PUT /api/blocks/:id/catalogue": {
    setup: async (t) => ({ block: await freshBlock(t, { status: "recognized" }) }),
    call: (t, { block }) =>
      t.app.inject({
        method: "PUT",
        url: `/api/blocks/${(block as { properties: { id: number } }).properties.id}/catalogue`,
        headers: actor,
        payload: { inCatalogue: true, zoneName: "北京示意高新区", zoneCode: "G119901" },
      }),
    expect: () => ["block.catalogue"],
  },
  "PATCH /api/filings/:id": {
    setup: async (t) => {
      const block = (await freshBlock(t, { status: "recognized" })).properties;
      const entry = { inCatalogue: true, zoneName: "示意", zoneCode: "G2" };
      await t.app.inject({ method: "PUT", url: `/api/blocks/${block.id}/catalogue`, payload: entry });
      await t.app.inject({
        method: "POST",
        url: `/api/blocks/${block.id}/actions/exit`,
        payload: { version: 1, reason: "审计" },
      });
      const filings = (await t.app.inject({ method: "GET", url: `/api/filings?blockId=${block.id}` })).json();
      return { filing: filings.filings[0] };
    },
    call: (t, { filing }) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/filings/${(filing as { id: number }).id}`,
        headers: actor,
        payload: { filedOn: "2026-12-01" },
      }),
    expect: () => ["filing.update"],
  },
  ...ROUND_AND_TOOL_FIXTURES,
};
