import type { EvaluationBlock } from "../domain/evaluation-year.js";
import { isInTransitionAtYearEnd } from "../domain/transition.js";
import type { EvaluationStore } from "./evaluation-store.js";

/** The blocks of a year as the pure evaluation needs them: year-end version, inputs, transition. */
export async function evaluationBlocks(
  evaluations: EvaluationStore,
  year: number,
): Promise<EvaluationBlock[]> {
  const [blocks, values, transitions] = await Promise.all([
    evaluations.evaluatedBlocks(year),
    evaluations.valuesForYear(year),
    evaluations.transitions.current(),
  ]);
  const transitionByBlock = new Map(transitions.map((transition) => [transition.blockId, transition]));
  return blocks.map((block) => {
    const transition = transitionByBlock.get(block.blockId);
    return {
      blockId: block.blockId,
      code: block.code,
      name: block.name,
      park: { id: block.parkId, code: block.parkCode, name: block.parkName },
      category: block.category,
      categorySource: block.categorySource,
      categoryReason: block.categoryReason,
      level: block.level,
      status: block.status,
      statusAtYearEnd: block.statusAtYearEnd,
      recognizedOn: block.recognizedOn,
      areaKm2: block.areaKm2,
      inputs: values.get(block.blockId),
      inTransition: transition !== undefined && isInTransitionAtYearEnd(transition, year),
    };
  });
}
