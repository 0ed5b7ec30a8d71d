import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { StoredTransition } from "../db/evaluation-transition-store.js";
import { deriveIndicators } from "../domain/evaluation-indicators.js";
import {
  addYears,
  isIsoDate,
  TRANSITION_MAX_YEARS,
  transitionExit,
  transitionState,
} from "../domain/transition.js";
import { type TransitionRefusalReason, transitionEligibility } from "../domain/transition-eligibility.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import {
  getTransitionSchema,
  listTransitionsSchema,
  putTransitionSchema,
} from "../schemas/evaluation-transitions.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";

/** A refused transition: a request the rule cannot judge is 400, dates that break the five-year rule 422. */
const REFUSAL_STATUS: Record<TransitionRefusalReason, number> = {
  "not-municipal": 400,
  "not-in-eco-area": 400,
  "bad-date": 400,
  "bad-commitments": 400,
  "ends-before-recognition": 422,
  "longer-than-five-years": 422,
};
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** 过渡培育 — ecological transitions of blocks in the conservation area (DOMAIN.md §4.4). */
export const evaluationTransitionRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/evaluations/transitions", { schema: listTransitionsSchema }, async (request) => {
    const asOf = asOfDate(request.query.asOf);
    const transitions = await stores.evaluations.transitions.current();
    return {
      asOf,
      rule: TRANSITION_RULE,
      transitions: await Promise.all(transitions.map((t) => described(t, asOf))),
    };
  });

  app.get("/evaluations/transitions/:blockId", { schema: getTransitionSchema }, async (request) => {
    const blockId = parseId(request.params.blockId);
    const history = await stores.evaluations.transitions.history(blockId);
    if (history.length === 0) throw notFound("Transition of block", blockId);
    const asOf = asOfDate(request.query.asOf);
    return { ...(await described(history[history.length - 1], asOf)), history };
  });

  app.put(
    "/evaluations/transitions/:blockId",
    { schema: putTransitionSchema, config: { permission: "evaluations.run" } },
    async (request, reply) => {
      const blockId = parseId(request.params.blockId);
      const block = await stores.blocks.get(blockId);
      if (!block) throw notFound("Block", blockId);
      const ecoShare = (await stores.evaluations.transitions.ecoShare(blockId)) ?? 0;
      const verdict = transitionEligibility({
        level: block.properties.level,
        status: block.properties.status,
        ecoShareOfBlock: ecoShare,
        recognizedOnAttribute: block.properties.attributes.recognizedOn,
        request: request.body,
      });
      if (!verdict.eligible) {
        throw new ApiError(REFUSAL_STATUS[verdict.reason], verdict.reason, verdict.message, verdict.details);
      }
      const saved = await stores.audit.audited(
        auditActorOf(request),
        { action: "transition.save", entity: "block", entityId: blockId },
        async (trx) => {
          const before = (await stores.evaluations.transitions.history(blockId, trx)).at(-1) ?? null;
          const written = await stores.evaluations.transitions.save(
            blockId,
            verdict.terms,
            actorOf(request),
            trx,
          );
          if (!written)
            throw new ApiError(
              409,
              "version-conflict",
              "Another change to this transition came first; retry.",
            );
          return { value: written, before, after: written };
        },
      );
      reply.code(saved.version === 1 ? 201 : 200);
      return { ...(await described(saved, asOfDate(undefined))), ecoShare };
    },
  );

  /** The transition with its state: in transition, met, unmet (→ exit, §4.4) or missing data. */
  async function described(transition: StoredTransition, asOf: string) {
    const [block, values] = await Promise.all([
      stores.blocks.get(transition.blockId),
      stores.evaluations.valuesForBlock(transition.blockId),
    ]);
    // 地均产出 of each year on the block's area at that year's end, as in the ranking.
    const years = await Promise.all(
      values.map(async ({ year, inputs }) => {
        const [atYearEnd] = await stores.evaluations.evaluatedBlocks(year, transition.blockId);
        const areaKm2 = atYearEnd?.areaKm2 ?? block?.properties.areaKm2 ?? 0;
        return { year, indicators: deriveIndicators(inputs, areaKm2) };
      }),
    );
    const result = transitionState(transition, years, asOf);
    const exit = transitionExit(result);
    return {
      ...transition,
      name: block?.properties.name ?? null,
      park: block?.properties.parkName ?? null,
      status: block?.properties.status ?? null,
      latestEndsOn: addYears(transition.recognizedOn, TRANSITION_MAX_YEARS),
      result,
      ...(exit ? { exit } : {}),
    };
  }
};

const TRANSITION_RULE = {
  zh: "生态涵养区区块需进行预估经济指标承诺，过渡期自认定之日起不超过五年，在过渡期内享受市级高新区政策、不参与末位认定；期满（当日及以后）按期满年份的指标核对承诺（该年数据未到前等待），未达成指标承诺的，退出市级高新区序列（《管理办法》第三部分 · 过渡培育）。",
  en: "A block in the ecological conservation area is recognized on committed indicator forecasts, with a transition of at most five years from recognition during which it has the municipal policies and is not counted in the bottom 5%; from the end date on, the commitments are checked against the indicators of the year the period ends in (waiting until that year's data is in), and unmet commitments mean the block exits the municipal high-tech zone (the Measures, part 3 · transitional cultivation).",
};

function asOfDate(raw: string | undefined): string {
  if (raw === undefined) return new Date(Date.now() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
  if (!isIsoDate(raw)) throw badRequest("bad-date", "asOf must be a date YYYY-MM-DD.");
  return raw;
}
