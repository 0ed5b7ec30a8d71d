import type { reviewBlockZhCN } from "./review-block.zh-CN.js";

/** English — the block tabs: overlaps and share of sub-park. Same shape as `review-block.zh-CN.ts`. */
export const reviewBlockEn: typeof reviewBlockZhCN = {
  overlaps: {
    areas: "Areas",
    ellipsoidal: "Ellipsoidal area",
    plane: (crs: string, zone: number) => `Plane area (Gauss-Krüger, ${crs}, zone ${zone})`,
    perimeter: "Perimeter",
    parts: "Parts",
    table: "Overlap analysis",
    layer: "Layer",
    target: "Feature",
    overlapKm2: "Overlap (km²)",
    shareOfBlock: "% of block",
    shareOfTarget: "% of feature",
    none: "No overlap with other layers or blocks.",
    layerNames: {
      district: "District",
      etdz: "National ETDZ (Yizhuang)",
      "municipal-development-zone": "Municipal development zone",
      "district-development-zone": "District-level development zone",
      "eco-conservation-area": "Ecological conservation area",
      "declared-range": "Declared national range",
      block: "Block",
    },
    zgc: "Inside / outside Zhongguancun",
    inside: "Inside",
    outside: "Outside",
    outsideNote:
      "Parts outside the Zhongguancun National Innovation Demonstration Zone get only Beijing's municipal policies supporting Zhongguancun (the Measures, part 4 · applicable policies).",
    flags: "Flags",
    flagText: {
      "overlaps-national-block": (name: string) => `Overlaps the national block “${name}”`,
      "overlaps-etdz": (name: string) => `Overlaps the national ETDZ “${name}”`,
    },
    prechecks: "Recognition pre-checks",
    checkNames: {
      "park-assigned": "Assigned to a sub-park",
      parts: "Parts",
      "part-gaps": "Largest gap between parts (km)",
      compactness: "Compactness (4πA/P²)",
      "eco-conservation-area": "In the ecological conservation area",
    },
    checkStatus: { pass: "pass", warn: "review", info: "note" },
    threshold: (value: string) => `threshold ${value}`,
    manualReview: "Conditions for manual review",
    manualNames: {
      "industry-orientation":
        "Industry orientation (high-end, strategic emerging, future industries; fits the sub-park)",
      "growth-above-district-average": "Growth of quality indicators above the district average",
      "infrastructure-and-compliance": "Infrastructure complete; work-safety and environmental compliance",
    },
    yes: "yes",
    no: "no",
    showOnMap: "Overlaps are hatched in purple on the map",
  },
  share: {
    title: "Share of sub-park",
    share: "Share of sub-park",
    parkArea: "Sub-park area",
    basis: "Sub-park area basis",
    basisNames: {
      official: "The approved area (approval reference)",
      "in-force-union": "Union of the sub-park's blocks in force (national and municipal), drafts left out",
      "in-force-sum": "Sum of the sub-park's blocks in force (national and municipal), drafts left out",
    },
    notCounted:
      "This block is not recognized yet: it is not part of the sub-park area; its own area is added only for its own share, and no other block's share moves.",
    threshold: "20% of the sub-park area (the Measures, part 3 · exit method)",
    chart: "Shares of the sub-park's blocks",
    openPark: "Open the sub-park view",
  },
};
