import { createHash } from "node:crypto";
import type { Knex } from "knex";
import { blockStore } from "./block-store.js";
import { roundPrecheckStore } from "./round-precheck-store.js";
import { roundRecords } from "./round-records.js";
import { roundStore } from "./round-store.js";

/**
 * The demo round (示意, issue #13): one open round with applications in several states — 草稿 (materials missing),
 * 联审中 (one opinion in), 退回修改, 已报批 and 未通过 — on the demo's 意向纳入 / 已申报 blocks. Loaded once, when there
 * is no round yet and the demo blocks are there; never on a database the staff already use. Not audited (not a
 * request), like the rest of the demo data. Submitting moves a candidate to 已申报 through the lifecycle's `apply`.
 */
const DEMO_ACTOR = "demo-data-loader";
const DEPARTMENTS = ["市发展改革委", "市规划自然资源委", "市生态环境局"];
const PDF = Buffer.from("%PDF-1.4\n% 示意材料 illustrative material\n1 0 obj<<>>endobj\n%%EOF\n");
const MATERIALS = [
  { kind: "request", fileName: "关于申请认定市级高新区的请示（示意）.pdf" },
  { kind: "indicators", fileName: "重点指标数据（示意）.pdf" },
  { kind: "plans", fileName: "相关规划（示意）.pdf" },
  { kind: "space-use", fileName: "空间利用情况（示意）.pdf" },
];

type Stage = "draft" | "reviewing" | "returned" | "reported" | "rejected";
const PLAN: { code: string; title: string; stage: Stage }[] = [
  { code: "haidian-zgc-inner", title: "海淀区中关村大街内嵌区块认定申请（示意）", stage: "draft" },
  { code: "changping-xiaotangshan", title: "昌平区小汤山区块认定申请（示意）", stage: "reviewing" },
  { code: "chaoyang-dongba", title: "朝阳区东坝区块认定申请（示意）", stage: "returned" },
  { code: "tongzhou-zhangjiawan", title: "通州区张家湾区块认定申请（示意）", stage: "reported" },
  { code: "shunyi-zhaoquanying", title: "顺义区赵全营区块认定申请（示意）", stage: "rejected" },
];

export async function loadDemoRoundIfEmpty(
  knex: Knex,
  year = 2026,
): Promise<{ loaded: boolean; applications: number }> {
  const store = roundStore(knex);
  if ((await store.rounds.list()).length > 0) return { loaded: false, applications: 0 };
  const blocks = await knex("blocks as b")
    .join("parks as p", "p.id", "b.park_id")
    .whereIn(
      "b.code",
      PLAN.map((p) => p.code),
    )
    .whereIn("b.status", ["candidate", "applied"])
    .select("b.id", "b.code", "p.district");
  if (blocks.length === 0) return { loaded: false, applications: 0 };
  const prechecks = roundPrecheckStore(knex);
  const frozen = new Map<number, unknown>();
  for (const block of blocks) frozen.set(block.id, await prechecks.prechecksOf([block.id]));
  let applications = 0;
  await knex.transaction(async (trx) => {
    const round = await store.rounds.create(
      {
        year,
        name: `${year}年度市级高新区集中认定（示意）`,
        applicationsUntil: `${year}-12-31`,
        reviewUntil: `${year + 1}-03-31`,
        departments: DEPARTMENTS,
      },
      DEMO_ACTOR,
      trx,
    );
    for (const plan of PLAN) {
      const block = blocks.find((b) => b.code === plan.code);
      if (!block) continue;
      await demoApplication(trx, round.id, block, plan, frozen.get(block.id));
      applications += 1;
    }
  });
  return { loaded: true, applications };
}

async function demoApplication(
  trx: Knex.Transaction,
  roundId: number,
  block: { id: number; district: string },
  plan: (typeof PLAN)[number],
  prechecks: unknown,
) {
  const store = roundStore(trx);
  const records = roundRecords(trx);
  const application = await store.applications.create(
    { roundId, district: block.district, title: plan.title, blockIds: [block.id] },
    DEMO_ACTOR,
    trx,
  );
  const id = application.id;
  const event = (
    version: number,
    action: string,
    from: string | null,
    to: string,
    note: Record<string, unknown> = {},
  ) => records.addEvent({ applicationId: id, version, action, from, to }, note, DEMO_ACTOR, trx);
  await event(0, "create", null, "draft");
  const materials = plan.stage === "draft" ? MATERIALS.slice(0, 2) : MATERIALS;
  const materialIds: number[] = [];
  const sha256 = createHash("sha256").update(PDF).digest("hex");
  for (const material of materials) {
    const stored = await records.addMaterial(
      { applicationId: id, ...material, mediaType: "application/pdf", sha256 },
      PDF,
      DEMO_ACTOR,
      trx,
    );
    materialIds.push(stored.id);
  }
  if (plan.stage === "draft") return;

  const blocks = blockStore(trx);
  const current = await blocks.get(block.id, trx);
  if (current?.properties.status === "candidate") {
    const reason = `集中认定申请 #${id} 提交（${plan.title}）`;
    await blocks.act(
      block.id,
      current.properties.version,
      "apply",
      { actor: DEMO_ACTOR, change: "apply", reason },
      trx,
    );
  }
  await records.addVersion(
    { applicationId: id, version: 1, title: plan.title, blockIds: [block.id], materialIds },
    prechecks,
    DEMO_ACTOR,
    trx,
  );
  await event(1, "submit", "draft", "submitted");
  await event(1, "start-review", "submitted", "reviewing");
  const opinion = (department: string, value: string, text: string) =>
    records.addOpinion(
      { applicationId: id, version: 1, department, opinion: value, text },
      [],
      DEMO_ACTOR,
      trx,
    );
  await opinion(DEPARTMENTS[0], "agree", "符合产业导向，同意认定。（示意）");
  let state: string = "reviewing";
  if (plan.stage === "returned") {
    await opinion(DEPARTMENTS[1], "agree-after-changes", "空间利用情况需补充地块清单。（示意）");
    await event(1, "return", "reviewing", "returned", { reason: "请补充空间利用情况的地块清单。（示意）" });
    state = "returned";
  }
  if (plan.stage === "reported" || plan.stage === "rejected") {
    for (const department of DEPARTMENTS.slice(1)) await opinion(department, "agree", "同意。（示意）");
    const conditions = ["industry-orientation", "infrastructure", "safety-and-environment"];
    await records.addChecklist(
      id,
      1,
      conditions.map((condition) => ({ condition, met: true, reason: "材料显示符合。（示意）" })),
      DEMO_ACTOR,
      trx,
    );
    await event(1, "report", "reviewing", "reported", { opinion: "经联审，建议认定。（示意）" });
    state = "reported";
  }
  if (plan.stage === "rejected") {
    const reason = "区块与现有园区重叠较多，产业定位不清。（示意）";
    await records.addReply(
      {
        applicationId: id,
        decision: "rejected",
        reference: "京政函〔2026〕示意1号",
        repliedOn: "2026-11-20",
        approvedBlockIds: [],
        conditions: "",
        reasons: { application: reason },
      },
      DEMO_ACTOR,
      trx,
    );
    await event(1, "reject", "reported", "rejected", { reason, reference: "京政函〔2026〕示意1号" });
    state = "rejected";
  }
  await store.applications.update(id, { state: state as "reviewing", version: 1 }, trx);
}
