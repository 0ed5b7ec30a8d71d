import type { reviewEvaluationZhCN } from "./review-evaluation.zh-CN.js";

/** English — the sub-park, composition and ranking views. Same shape as `review-evaluation.zh-CN.ts`. */
export const reviewEvaluationEn: typeof reviewEvaluationZhCN = {
  park: {
    choose: "Choose a sub-park",
    blocks: "Blocks",
    area: "Area (km²)",
    share: "Share",
    total: (area: string, count: number) =>
      `Sub-park area ${area} km², ${count} block${count === 1 ? "" : "s"}`,
  },
  composition: {
    title: "Spatial composition (the Measures, part 3)",
    terms: {
      zgc: "Current Zhongguancun range",
      "municipal-blocks-outside-zgc": "Blocks the districts intend to include (outside Zhongguancun)",
      "municipal-zones-outside-zgc": "Municipal development zones not overlapping Zhongguancun",
      "district-zones": "Selected district-level development zones",
      "overlap-between-terms": "minus: overlaps between the terms (counted once)",
      union: "Integrated area (union, overlaps counted once)",
      "declared-national-high-tech": "minus: national high-tech zone declaration ∩ the union",
      "declared-national-etdz": "minus: national ETDZ declaration ∩ the union",
      "declared-overlap": "plus: overlap of the two declarations ∩ the union (not subtracted twice)",
      "max-municipal": "Maximum range recognisable as municipal high-tech zone",
    },
    cap: {
      "max-municipal": "Maximum range recognisable as municipal high-tech zone",
      "municipal-in-force": "minus: municipal blocks in force (rectifying and reduced included)",
      "municipal-applied": "minus: municipal blocks applied for",
      "in-force-applied-overlap": "plus: their overlap (counted once)",
      headroom: "Headroom",
    },
    baseline: (date: string, by: string) =>
      `Integration baseline frozen on ${date} (${by}): new intended blocks no longer enlarge the union.`,
    noBaseline:
      "No integration baseline frozen yet: the union is computed from the current data and grows with new intended blocks.",
    flagged: "Blocks to look at (outside the baseline or inside a declared range)",
    preliminary: (km2: string) =>
      `The policy's preliminary figure for the union is about ${km2} km² (for comparison).`,
    municipalBlocks: "Municipal blocks in force and applied for (counted once)",
    headroom: "Headroom",
    exceeds: "Warning: the municipal blocks exceed the maximum recognisable area!",
    within: "The municipal blocks are within the maximum recognisable area.",
  },
  ranking: {
    category: "Category",
    rank: "Rank",
    block: "Block",
    park: "Sub-park",
    score: "Score",
    base: "Base",
    bonus: "Bonus",
    bottom5: "Bottom 5%",
    rectifying: "Under rectification",
    exempt: "In transition: not counted in the bottom 5%",
    national: "National: not adjusted",
    incomplete: "Incomplete data",
    notEvaluated: (year: number) =>
      `This block is not evaluated for ${year} (only blocks recognized by the end of ${year} and then recognized, rectifying or reduced are).`,
    noData: "No evaluation data for this year.",
    breakdown: "Score breakdown",
    indicator: "Indicator",
    weight: "Weight",
    points: "Points",
    zeroBecause: {
      "value-not-positive": "value ≤ 0: 0 points as a share of the best",
      "best-not-positive": "the category's best value is ≤ 0: nobody scores",
      "all-equal-bonus": "every block has the same value: a bonus indicator gives no points",
      "all-equal-base": "every block has the same value: everyone gets half the weight",
    },
    whatIf: "What-if weights (not saved)",
    baseSum: (sum: string) => `Base weights sum to ${sum}% (must be 100%)`,
    runWhatIf: "Rank with these weights",
    resetWhatIf: "Back to the stored weights",
    rankChange: "Rank change",
    enteredBottom5: "Entered the bottom 5%",
    leftBottom5: "Left the bottom 5%",
    changes: (count: number) => `${count} block${count === 1 ? "" : "s"} change rank`,
    recommended: (topPercent: number) =>
      `Blocks with good results, recommended first for the national zone (the Measures, part 3; the top ${topPercent}% is a platform setting)`,
    transitions: "Ecological transition blocks",
    endsOn: "Transition ends",
    state: {
      "in-transition": "in transition",
      met: "commitments met",
      unmet: "commitments unmet: exits the municipal zone",
      "missing-data": "waiting for the end year's data",
    },
    noTransitions: "No block is in a transition period.",
    legendBottom5: "Bottom 5% (solid)",
    legendRectifying: "Under rectification (dashed)",
  },
};
