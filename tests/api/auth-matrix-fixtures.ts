import type { InjectOptions } from "fastify";
import type { Role } from "../../server/auth/account.js";
import { recordOrder } from "../../server/db/rectification-store.js";
import { INPUTS, POLICY_WEIGHTS } from "../evaluation/policy-weights.js";
import { createBlock } from "../exit/exit-fixtures.js";
import { rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";
import { ROUND_FIXTURES } from "./auth-matrix-rounds.js";

const DISTRICT: Role[] = ["district"];
/** 统计分析: whoever works on blocks runs analyses and reports (district, reviewer, lead). */
const ANALYSTS: Role[] = ["district", "reviewer", "lead"];
const LEAD: Role[] = ["lead"];
/** 批复: the approver records the municipal government's decisions. */
const APPROVER: Role[] = ["approver"];
/** 平台管理员: users, roles and park scopes. */
const ADMIN: Role[] = ["admin"];
/** The own session and password. */
const EVERYONE: Role[] = ["district", "reviewer", "lead", "approver", "admin", "viewer"];

/**
 * One valid request per write route of the route table (and per lifecycle action), aimed at the matrix's
 * own park: what a role that may is expected to get a 2xx for. A route without an entry here fails the
 * matrix test, so a new write route must be placed.
 */
export interface MatrixContext {
  t: TestApp;
  /** The park the in-scope accounts hold (and every target lies in). */
  parkId: number;
  /** The current password of the account about to ask (for the password change). */
  password: string;
  /** `app.inject` as the account about to ask (its own API tokens). */
  asker: (request: InjectOptions) => ReturnType<TestApp["anonymous"]>;
}

export interface Fixture {
  /** The roles that may (issue #11 "Who does what"), typed here from the issue, not read from the code. */
  may: readonly Role[];
  /** A district may only inside its parks. */
  scoped?: boolean;
  request(context: MatrixContext): Promise<InjectOptions>;
  /** What a permitted account gets; default any 2xx. */
  allowed?: number[];
}

let offset = 0;
let yearOffset = 0;
/** A year no other fixture uses (2040 onwards). */
const nextYear = () => 2040 + yearOffset++;
/** A fresh year in 报审 (submitted by the harness's all-permissions account). */
async function submittedYear(t: TestApp): Promise<number> {
  const year = nextYear();
  const response = await t.app.inject(
    json("POST", `/api/evaluations/${year}/approval/submit?ignoreIncomplete=true`),
  );
  if (response.statusCode !== 200) throw new Error(`报审 ${year}: ${response.body}`);
  return year;
}
/** A fresh square (≈1.5 km²) in the park, in the given status, each one further east. */
async function blockIn({ t, parkId }: MatrixContext, status = "candidate") {
  offset += 1;
  // Rows of 100 inside the service area (longitude ≤ 119.5): the matrix makes a few hundred.
  const west = 116.0 + (offset % 100) * 0.02;
  const south = 39.5 - Math.floor(offset / 100) * 0.02;
  return createBlock(t, parkId, rectangle(west, south, west + 0.015, south + 0.011), { status });
}

const json = (method: InjectOptions["method"], url: string, payload?: unknown): InjectOptions => ({
  method,
  url,
  ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }),
});

async function action(context: MatrixContext, name: string, from: string) {
  const block = await blockIn(context, from);
  return json("POST", `/api/blocks/${block.id}/actions/${name}`, {
    version: block.version,
    reason: "矩阵测试",
  });
}

const SQUARE = rectangle(116.01, 39.4, 116.02, 39.41);

/** Keyed by "METHOD /api/route" as registered (lifecycle actions by "… :action=<name>"). */
export const FIXTURES: Record<string, Fixture> = {
  ...ROUND_FIXTURES,
  "POST /api/blocks": {
    may: DISTRICT,
    scoped: true,
    request: async ({ parkId }) =>
      json("POST", "/api/blocks", {
        type: "Feature",
        geometry: SQUARE,
        properties: { name: "矩阵新区块", parkId, level: "municipal" },
      }),
  },
  "PATCH /api/blocks/:id": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => {
      const block = await blockIn(context);
      return json("PATCH", `/api/blocks/${block.id}`, {
        version: block.version,
        properties: { name: "改名" },
      });
    },
  },
  "DELETE /api/blocks/:id": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => json("DELETE", `/api/blocks/${(await blockIn(context)).id}`),
  },
  "POST /api/blocks/:id/actions/:action=apply": {
    may: DISTRICT,
    scoped: true,
    request: (c) => action(c, "apply", "candidate"),
  },
  "POST /api/blocks/:id/actions/:action=withdraw": {
    may: DISTRICT,
    scoped: true,
    request: (c) => action(c, "withdraw", "candidate"),
  },
  // 认定 is the round's 批复 (issue #13): the approver may ask, and is told 409 recognition-by-round.
  "POST /api/blocks/:id/actions/:action=recognize": {
    may: APPROVER,
    request: (c) => action(c, "recognize", "applied"),
    allowed: [409],
  },
  // The rectification chain's steps are the flag run's and the 淘汰方式 decision's (DOMAIN.md §4.3): the lead may
  // ask, and is told 409 rectification-by-evaluation.
  "POST /api/blocks/:id/actions/:action=order-rectification": {
    may: LEAD,
    request: (c) => action(c, "order-rectification", "recognized"),
    allowed: [409],
  },
  "POST /api/blocks/:id/actions/:action=pass-rectification": {
    may: LEAD,
    request: (c) => action(c, "pass-rectification", "rectifying"),
    allowed: [409],
  },
  "POST /api/blocks/:id/actions/:action=fail-rectification": {
    may: LEAD,
    request: (c) => action(c, "fail-rectification", "rectifying"),
    allowed: [409],
  },
  "POST /api/blocks/:id/actions/:action=reduce": {
    may: LEAD,
    request: (c) => action(c, "reduce", "rectifying"),
    allowed: [409],
  },
  "POST /api/blocks/:id/actions/:action=exit": {
    may: LEAD,
    request: (c) => action(c, "exit", "recognized"),
  },
  "POST /api/blocks/:id/split": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => {
      const block = await blockIn(context);
      const west = 116.0 + (offset % 100) * 0.02 + 0.0075;
      const south = 39.5 - Math.floor(offset / 100) * 0.02;
      return json("POST", `/api/blocks/${block.id}/split`, {
        version: block.version,
        line: {
          type: "LineString",
          coordinates: [
            [west, south - 0.01],
            [west, south + 0.02],
          ],
        },
      });
    },
  },
  "POST /api/blocks/:id/merge": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => {
      const [kept, other] = [await blockIn(context), await blockIn(context)];
      return json("POST", `/api/blocks/${kept.id}/merge`, {
        version: kept.version,
        otherId: other.id,
        otherVersion: other.version,
      });
    },
  },
  "POST /api/blocks/:id/restore": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => {
      const block = await blockIn(context);
      const renamed = await context.t.app.inject(
        json("PATCH", `/api/blocks/${block.id}`, { version: block.version, properties: { name: "改名" } }),
      );
      if (renamed.statusCode !== 200) throw new Error(`block not renamed: ${renamed.body}`);
      return json("POST", `/api/blocks/${block.id}/restore`, { version: block.version + 1, fromVersion: 1 });
    },
  },
  "PUT /api/settings": {
    may: LEAD,
    request: async () => json("PUT", "/api/settings", { parkAreaBasis: "in-force-sum" }),
  },
  "POST /api/analysis": {
    may: ANALYSTS,
    request: async () => json("POST", "/api/analysis", { geometry: SQUARE }),
  },
  "POST /api/site-check": {
    may: ANALYSTS,
    request: async () =>
      json("POST", "/api/site-check", { geometry: { type: "Point", coordinates: [116.3, 39.9] } }),
  },
  "POST /api/composition/baseline": {
    may: LEAD,
    request: async () => json("POST", "/api/composition/baseline", { note: "矩阵测试" }),
  },
  "PUT /api/evaluations/transitions/:blockId": {
    may: LEAD,
    request: async ({ t }) => {
      const [{ id }] = await t.db.knex("blocks").where({ code: "yanqing-kangzhuang" }).select("id");
      return json("PUT", `/api/evaluations/transitions/${id}`, {
        endsOn: "2028-06-30",
        commitments: { revenueAdded: 5000 },
      });
    },
  },
  "PUT /api/evaluations/:year/indicators": {
    may: DISTRICT,
    scoped: true,
    request: async (context) => {
      const block = await blockIn(context, "recognized");
      return json("PUT", "/api/evaluations/2031/indicators", { rows: [{ blockId: block.id, ...INPUTS }] });
    },
  },
  "PUT /api/evaluations/:year/weights": {
    may: LEAD,
    request: async () =>
      json("PUT", "/api/evaluations/2032/weights", {
        weightsPercent: POLICY_WEIGHTS,
      }),
  },
  "POST /api/evaluations/:year/flag-bottom": {
    may: LEAD,
    request: async () => json("POST", "/api/evaluations/2025/flag-bottom"),
  },
  "POST /api/evaluations/rectifications/:id/reports": {
    // 整改报告: blocks.edit inside the district's parks (README), on an open order of a block of its own.
    may: DISTRICT,
    scoped: true,
    request: async (context) => {
      const block = await blockIn(context, "recognized");
      const order = { blockId: block.id, orderedYear: 2025, category: "B" as const, rank: 9, score: 40 };
      const id = await recordOrder(context.t.db.knex, { ...order, method: "min-max", settings: {} }, "矩阵");
      return json("POST", `/api/evaluations/rectifications/${id}/reports`, {
        report: "已清理闲置用地",
        reportedOn: "2026-03-15",
        reporter: "区科信局",
      });
    },
  },
  "POST /api/exit-batch": {
    may: LEAD,
    request: async () => json("POST", "/api/exit-batch", { save: false }),
  },
  "PUT /api/parks/:id/official-area": {
    may: APPROVER,
    request: async ({ parkId }) =>
      json("PUT", `/api/parks/${parkId}/official-area`, {
        areaKm2: 10,
        approvalReference: "京政函〔2024〕1号（测试）",
        approvedOn: "2024-05-20",
      }),
  },
  "POST /api/blocks/:id/reduction-preview": {
    may: ANALYSTS,
    request: async (context) =>
      json("POST", `/api/blocks/${(await blockIn(context, "rectifying")).id}/reduction-preview`, {
        strategy: "inset",
        keepRatio: 0.5,
      }),
  },
  "POST /api/blocks/:id/reduction-proposals": {
    may: LEAD,
    request: async (context) =>
      json("POST", `/api/blocks/${(await blockIn(context, "rectifying")).id}/reduction-proposals`, {
        strategy: "inset",
        keepRatio: 0.5,
      }),
  },
  "POST /api/blocks/:id/reduction-proposals/:pid/apply": {
    may: LEAD,
    request: async (context) => {
      const block = await blockIn(context, "rectifying");
      const saved = await context.t.app.inject(
        json("POST", `/api/blocks/${block.id}/reduction-proposals`, { strategy: "inset", keepRatio: 0.5 }),
      );
      if (saved.statusCode !== 201) throw new Error(`proposal not saved: ${saved.body}`);
      const pid = saved.json().properties.id;
      return json("POST", `/api/blocks/${block.id}/reduction-proposals/${pid}/apply`, {
        version: block.version,
      });
    },
  },
  "POST /api/reports/overlaps": {
    may: ANALYSTS,
    request: async ({ parkId }) => json("POST", "/api/reports/overlaps", { parkId }),
  },
  // Every signed-in account may start the package (a read, as its GET). A real package renders PDF maps (~50 s
  // a block on a loaded CI machine: tests/jobs/jobs-api.test.ts); here the guard's answer is what is tested, so
  // the selection names no block and a permitted account gets the route's own 404.
  "POST /api/exports/catalogue-package": {
    may: EVERYONE,
    request: async () => json("POST", "/api/exports/catalogue-package", { ids: [2_147_483_647] }),
    allowed: [404],
  },
  // A block export is a read too (issue #14 item 1): every signed-in account may; a permitted one gets the 404.
  "POST /api/exports/blocks": {
    may: EVERYONE,
    request: async () => json("POST", "/api/exports/blocks", { format: "geojson", ids: [2_147_483_647] }),
    allowed: [404],
  },
  "DELETE /api/jobs/:id": {
    may: ANALYSTS,
    request: async ({ t, parkId }) => {
      const started = await t.app.inject(json("POST", "/api/reports/overlaps", { parkId }));
      return json("DELETE", `/api/jobs/${started.json().id}`);
    },
    // A small report may have finished before the cancel arrives: 409 "finished already" is the route's answer.
    allowed: [200, 202, 409],
  },
  // The upload only keeps a preview (no park yet): the parks are checked when it is committed.
  "POST /api/imports": {
    may: DISTRICT,
    request: async () => importUpload(),
  },
  "POST /api/imports/:id/commit": {
    may: DISTRICT,
    scoped: true,
    request: async ({ t, parkId }) => {
      const preview = await t.app.inject(await importUpload());
      if (preview.statusCode !== 201 && preview.statusCode !== 200)
        throw new Error(`upload: ${preview.body}`);
      return json("POST", `/api/imports/${preview.json().id}/commit`, {
        parkId,
        level: "municipal",
        namePrefix: "矩阵",
      });
    },
  },
  "POST /api/auth/logout": {
    may: EVERYONE,
    request: async () => json("POST", "/api/auth/logout"),
  },
  "POST /api/auth/password": {
    may: EVERYONE,
    request: async ({ password }) =>
      json("POST", "/api/auth/password", { currentPassword: password, newPassword: `${password}-new` }),
  },
  "POST /api/users": {
    may: ADMIN,
    request: async () => {
      userSerial += 1;
      return json("POST", "/api/users", {
        login: `matrix-new-${userSerial}`,
        name: "矩阵 新账户",
        roles: ["viewer"],
      });
    },
  },
  "PATCH /api/users/:id": {
    may: ADMIN,
    request: async ({ t }) => {
      const user = await t.clientFor({ roles: ["viewer"] });
      return json("PATCH", `/api/users/${user.account.id}`, { name: "矩阵 改名", roles: ["reviewer"] });
    },
  },
  "POST /api/users/:id/password": {
    may: ADMIN,
    request: async ({ t }) =>
      json("POST", `/api/users/${(await t.clientFor({ roles: ["viewer"] })).account.id}/password`),
  },
  // The viewer's permissions set to what they are: the matrix itself stays as the test expects it.
  "PUT /api/roles/:role": {
    may: ADMIN,
    request: async () => json("PUT", "/api/roles/viewer", { permissions: [] }),
  },
  "POST /api/tokens": { may: EVERYONE, request: async () => json("POST", "/api/tokens", { label: "矩阵" }) },
  "DELETE /api/tokens/:id": {
    may: EVERYONE,
    request: async ({ asker }) => {
      const created = await asker(json("POST", "/api/tokens", { label: "矩阵 撤销" }));
      if (created.statusCode !== 201) throw new Error(`token not created: ${created.body}`);
      return json("DELETE", `/api/tokens/${created.json().id}`);
    },
  },
  // 备案 (evaluationapproval): catalogue status of a block in force, a filing's date and reference.
  "PUT /api/blocks/:id/catalogue": {
    may: LEAD,
    request: async (context) =>
      json("PUT", `/api/blocks/${(await blockIn(context, "recognized")).id}/catalogue`, {
        inCatalogue: true,
        zoneName: "北京示意高新区",
        zoneCode: "G119900",
      }),
  },
  "PATCH /api/filings/:id": {
    may: LEAD,
    request: async (context) => {
      const block = await blockIn(context, "recognized");
      const { t } = context;
      await t.app.inject(
        json("PUT", `/api/blocks/${block.id}/catalogue`, {
          inCatalogue: true,
          zoneName: "示意",
          zoneCode: "G1",
        }),
      );
      const exit = await t.app.inject(
        json("POST", `/api/blocks/${block.id}/actions/exit`, { version: 1, reason: "矩阵" }),
      );
      if (exit.statusCode !== 200) throw new Error(`exit: ${exit.body}`);
      const [filing] = (await t.app.inject(json("GET", `/api/filings?blockId=${block.id}`))).json().filings;
      return json("PATCH", `/api/filings/${filing.id}`, { ministryReference: "国科火字〔2026〕1号（矩阵）" });
    },
  },
  // 审定 (evaluationapproval): each request on a year of its own with no data (报审 leaves every block out).
  "POST /api/evaluations/:year/approval/submit": {
    may: LEAD,
    request: async () => json("POST", `/api/evaluations/${nextYear()}/approval/submit?ignoreIncomplete=true`),
  },
  "POST /api/evaluations/:year/approval/approve": {
    may: APPROVER,
    request: async ({ t }) =>
      json("POST", `/api/evaluations/${await submittedYear(t)}/approval/approve`, {
        reference: "京政函〔2026〕1号（矩阵）",
        approvedOn: "2026-03-31",
      }),
  },
  "POST /api/evaluations/:year/approval/return": {
    may: APPROVER,
    request: async ({ t }) =>
      json("POST", `/api/evaluations/${await submittedYear(t)}/approval/return`, {
        reason: "数据待核（矩阵）",
      }),
  },
};

let userSerial = 0;
let importSerial = 0;
async function importUpload(): Promise<InjectOptions> {
  importSerial += 1;
  const west = 116.5 + importSerial * 0.02;
  const geojson = JSON.stringify({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { name: `导入${importSerial}` },
        geometry: rectangle(west, 39.3, west + 0.01, 39.31),
      },
    ],
  });
  const form = new FormData();
  form.append("file", new Blob([geojson]), "matrix.geojson");
  const request = new Request("http://test/api/imports", { method: "POST", body: form });
  return {
    method: "POST",
    url: "/api/imports",
    headers: { "content-type": request.headers.get("content-type") as string },
    payload: Buffer.from(await request.arrayBuffer()),
  };
}
