import type { Stores } from "../app-context.js";
import type { Application, Round } from "../db/round-store.js";
import {
  APPLICATION_STEPS,
  type ApplicationAction,
  beijingDate,
  checkStep,
  departmentsMissing,
  districtDeadline,
  missingMaterials,
} from "../domain/round-application.js";
import { JUDGEMENT_CONDITIONS } from "../domain/round-prechecks.js";
import { isIsoDate } from "../domain/transition.js";
import { ApiError, badRequest } from "../errors.js";
import { assertRecognizable } from "./recognize-check.js";
import { roundConflict } from "./round-access.js";

/**
 * The checks and writes of an application's steps (domain/round-application.ts). Checks that read through the
 * pool (materials, opinions, pre-checks, eco commitments) run before the transaction; the transaction locks the
 * application and checks its state again, so two steps at once cannot both pass.
 */
/** The transaction `stores.audit.audited` hands its work (the write and its audit row commit together). */
type Trx = Parameters<Parameters<Stores["audit"]["audited"]>[2]>[0];

export interface StepBody {
  reason?: string;
  opinion?: string;
  reference?: string;
  repliedOn?: string;
  approvedBlockIds?: number[];
  conditions?: string;
  blockReasons?: Record<string, string>;
}

export interface StepContext {
  stores: Stores;
  actor: string;
  application: Application;
  round: Round;
  action: ApplicationAction;
  body: StepBody;
}

/** 409 application-step-not-allowed naming the step, the state and what it allows. */
export function assertStep(application: Application, action: ApplicationAction) {
  const check = checkStep(application.state, action);
  if (check.allowed) return check;
  throw new ApiError(
    409,
    "application-step-not-allowed",
    `"${action}" applies to an application that is ${APPLICATION_STEPS[action].from.join(" or ")}; application ${application.id} is ${application.state}.`,
    { action, from: check.from, to: check.to, allowedActions: check.allowedActions },
  );
}

const required = (value: string | undefined, field: string): string => {
  if (!value || value.trim() === "")
    throw badRequest("field-required", `${field} is required for this step.`, { field });
  return value.trim();
};

/** What a step needs before its transaction; returns what the write uses (e.g. the pre-checks to freeze). */
export async function prepareStep({
  stores,
  application,
  round,
  action,
  body,
}: StepContext): Promise<unknown> {
  assertStep(application, action);
  const records = stores.roundRecords;
  if (action === "submit") {
    const deadline = districtDeadline(round, application.state);
    if (round.state !== "open" || beijingDate() > deadline)
      throw roundConflict(
        "round-not-taking-applications",
        `Round ${round.year} takes this submission until ${deadline}.`,
        {
          deadline,
        },
      );
    const kinds = (await records.materials(application.id)).filter((m) => !m.removed).map((m) => m.kind);
    const missing = missingMaterials(kinds);
    if (missing.length > 0)
      throw roundConflict("materials-missing", `Required materials are missing: ${missing.join(", ")}.`, {
        missing,
      });
    return stores.roundPrechecks.prechecksOf(application.blockIds);
  }
  if (action === "return") required(body.reason, "reason");
  if (action === "report") {
    required(body.opinion, "opinion");
    const missing = departmentsMissing(
      round.departments,
      await records.opinions(application.id),
      application.version,
    );
    if (missing.length > 0)
      throw roundConflict(
        "opinions-missing",
        `Departments without an opinion on version ${application.version}: ${missing.join(", ")}.`,
        {
          departments: missing,
        },
      );
    const judged = (await records.checklist(application.id)).filter((e) => e.version === application.version);
    const open = JUDGEMENT_CONDITIONS.filter((c) => !judged.some((e) => e.condition === c));
    if (open.length > 0)
      throw roundConflict(
        "checklist-incomplete",
        `Judgement conditions not yet assessed: ${open.join(", ")}.`,
        { conditions: open },
      );
  }
  if (action === "approve" || action === "reject") {
    required(body.reference, "reference");
    if (!isIsoDate(body.repliedOn))
      throw badRequest("bad-date", "repliedOn (YYYY-MM-DD) is required.", { field: "repliedOn" });
  }
  if (action === "reject") required(body.reason, "reason");
  if (action === "approve") {
    const approved = body.approvedBlockIds ?? [];
    const foreign = approved.filter((id) => !application.blockIds.includes(id));
    if (approved.length === 0 || foreign.length > 0)
      throw badRequest("bad-approved-blocks", "approvedBlockIds: one or more of the application's blocks.", {
        foreign,
      });
    const notApproved = application.blockIds.filter((id) => !approved.includes(id));
    const unexplained = notApproved.filter((id) => !body.blockReasons?.[String(id)]?.trim());
    if (unexplained.length > 0)
      throw badRequest(
        "block-reasons-missing",
        `Give the reason for each block not approved: ${unexplained.join(", ")}.`,
        {
          blockIds: unexplained,
        },
      );
    for (const id of approved) await assertRecognizable(stores, id);
  }
  return undefined;
}

/** The write of a step in `trx`: the state, its history row and what the step changes. */
export async function writeStep(context: StepContext, prepared: unknown, trx: Trx) {
  const { stores, actor, action, body } = context;
  const locked = await stores.rounds.applications.locked(context.application.id, trx);
  if (!locked) throw new ApiError(404, "not-found", `Application ${context.application.id} does not exist.`);
  const { from, to } = assertStep(locked, action);
  const id = locked.id;
  let version = locked.version;
  const note: Record<string, unknown> = {};
  if (action === "submit") {
    version += 1;
    await applyBlocks(stores, locked, actor, trx);
    const materialIds = (await stores.roundRecords.materials(id, trx))
      .filter((m) => !m.removed)
      .map((m) => m.id);
    await stores.roundRecords.addVersion(
      { applicationId: id, version, title: locked.title, blockIds: locked.blockIds, materialIds },
      prepared,
      actor,
      trx,
    );
  }
  if (action === "return" || action === "reject") note.reason = body.reason?.trim();
  if (action === "report") note.opinion = body.opinion?.trim();
  if (action === "approve" || action === "reject") {
    const approved = action === "approve" ? (body.approvedBlockIds ?? []) : [];
    const reasons: Record<string, string> = { ...(body.blockReasons ?? {}) };
    if (action === "reject") reasons.application = body.reason?.trim() ?? "";
    const reply = {
      applicationId: id,
      decision: action === "approve" ? ("approved" as const) : ("rejected" as const),
      reference: body.reference?.trim() ?? "",
      repliedOn: body.repliedOn ?? "",
      approvedBlockIds: approved,
      conditions: body.conditions?.trim() ?? "",
      reasons,
    };
    await stores.roundRecords.addReply(reply, actor, trx);
    await recognizeBlocks(stores, reply, actor, trx);
    Object.assign(note, {
      reference: reply.reference,
      repliedOn: reply.repliedOn,
      approvedBlockIds: approved,
    });
  }
  await stores.roundRecords.addEvent({ applicationId: id, version, action, from, to }, note, actor, trx);
  const value = await stores.rounds.applications.update(id, { state: to, version }, trx);
  return { value, before: locked, after: { ...value, note, blockIds: locked.blockIds } };
}

/** On submit: every 意向纳入 block of the application becomes 已申报 (the lifecycle's `apply`). */
async function applyBlocks(stores: Stores, application: Application, actor: string, trx: Trx) {
  for (const blockId of application.blockIds) {
    const block = await stores.blocks.get(blockId, trx);
    if (!block) throw badRequest("unknown-blocks", `No block ${blockId}.`, { blockIds: [blockId] });
    if (block.properties.status === "applied") continue;
    const reason = `集中认定申请 #${application.id} 提交（${application.title}）`;
    await actOn(stores, blockId, block.properties.version, "apply", { actor, change: "apply", reason }, trx);
  }
}

/** 批复: each approved block becomes 已认定 with the reply as the reason in its history. */
async function recognizeBlocks(
  stores: Stores,
  reply: {
    applicationId: number;
    reference: string;
    repliedOn: string;
    approvedBlockIds: number[];
    conditions: string;
  },
  actor: string,
  trx: Trx,
) {
  for (const blockId of reply.approvedBlockIds) {
    const block = await stores.blocks.get(blockId, trx);
    if (!block) throw badRequest("unknown-blocks", `No block ${blockId}.`, { blockIds: [blockId] });
    const conditions = reply.conditions ? `；条件：${reply.conditions}` : "";
    const reason = `市政府批复 ${reply.reference}（${reply.repliedOn}），集中认定申请 #${reply.applicationId}${conditions}`;
    await actOn(
      stores,
      blockId,
      block.properties.version,
      "recognize",
      { actor, change: "recognize", reason },
      trx,
    );
  }
}

async function actOn(
  stores: Stores,
  blockId: number,
  version: number,
  action: "apply" | "recognize",
  context: { actor: string; change: string; reason: string },
  trx: Trx,
) {
  const result = await stores.blocks.act(blockId, version, action, context, trx);
  if (result.outcome === "updated") return;
  const status = result.outcome === "not-allowed" ? result.check.from : result.outcome;
  throw roundConflict("block-not-in-step", `Block ${blockId} cannot be "${action}"-ed now (${status}).`, {
    blockId,
    action,
    status,
  });
}
