import { describe, expect, it } from "vitest";
import {
  LAYOUT_REVIEW_THRESHOLDS,
  MANUAL_REVIEW_CONDITIONS,
  polsbyPopper,
  recognitionCommitmentCheck,
  recognitionPrechecks,
} from "../../../../server/domain/recognition-checks.js";

/** DOMAIN.md §2 布局集中: our review thresholds warn, they never reject. */
const SQUARE = { parkId: 4, parts: 1, partGapsM: [], areaM2: 1_000_000, perimeterM: 4_000, ecoOverlapM2: 0 };

function statusOf(result: ReturnType<typeof recognitionPrechecks>, key: string) {
  return result.checks.find((check) => check.key === key)?.status;
}

describe("polsbyPopper = 4πA/P²", () => {
  it("a 1 km square: π/4; a circle: 1; no perimeter: 0", () => {
    expect(polsbyPopper(1_000_000, 4_000)).toBeCloseTo(Math.PI / 4, 12);
    const radiusM = 500;
    expect(polsbyPopper(Math.PI * radiusM ** 2, 2 * Math.PI * radiusM)).toBeCloseTo(1, 12);
    expect(polsbyPopper(1, 0)).toBe(0);
  });
});

describe("recognitionPrechecks", () => {
  it("a compact one-part block in a park outside the eco area passes every check", () => {
    const result = recognitionPrechecks(SQUARE);
    expect(result.checks.map((check) => [check.key, check.status])).toEqual([
      ["park-assigned", "pass"],
      ["parts", "pass"],
      ["part-gaps", "pass"],
      ["compactness", "pass"],
      ["eco-conservation-area", "pass"],
      ["block-overlap", "pass"],
    ]);
    expect(result).toMatchObject({ maxGapKm: 0, inEcoArea: false, ecoShare: 0 });
    expect(result.compactness).toBeCloseTo(Math.PI / 4, 12);
    expect(result.manualReview).toEqual([...MANUAL_REVIEW_CONDITIONS]);
    expect(result.manualReview).toHaveLength(3);
  });

  it("thresholds: 3 parts pass, 4 warn; a 2 km gap passes, 2.001 km warns", () => {
    expect(LAYOUT_REVIEW_THRESHOLDS).toEqual({ maxParts: 3, maxGapKm: 2, minCompactness: 0.2 });
    expect(statusOf(recognitionPrechecks({ ...SQUARE, parts: 3 }), "parts")).toBe("pass");
    expect(statusOf(recognitionPrechecks({ ...SQUARE, parts: 4 }), "parts")).toBe("warn");
    expect(statusOf(recognitionPrechecks({ ...SQUARE, partGapsM: [500, 2_000] }), "part-gaps")).toBe("pass");
    const far = recognitionPrechecks({ ...SQUARE, partGapsM: [500, 2_001] });
    expect(statusOf(far, "part-gaps")).toBe("warn");
    expect(far.maxGapKm).toBeCloseTo(2.001, 12);
  });

  it("a 10 km × 0.1 km strip (4πA/P² = 4π·1e6/20200² ≈ 0.031) warns on compactness", () => {
    const strip = recognitionPrechecks({ ...SQUARE, perimeterM: 20_200 });
    expect(strip.compactness).toBeCloseTo((4 * Math.PI * 1e6) / 20_200 ** 2, 12);
    expect(statusOf(strip, "compactness")).toBe("warn");
  });

  it("no park: warn; in the eco area: information (the §4.4 transition), with the share capped at 1", () => {
    expect(statusOf(recognitionPrechecks({ ...SQUARE, parkId: null }), "park-assigned")).toBe("warn");
    const eco = recognitionPrechecks({ ...SQUARE, ecoOverlapM2: 250_000 });
    expect(eco).toMatchObject({ inEcoArea: true, ecoShare: 0.25 });
    expect(statusOf(eco, "eco-conservation-area")).toBe("info");
    expect(recognitionPrechecks({ ...SQUARE, ecoOverlapM2: 1_000_001 }).ecoShare).toBe(1);
  });

  it("a block 99% inside another live block warns, with that share (issue #18 item 3)", () => {
    const inside = recognitionPrechecks({ ...SQUARE, blockOverlapShare: 0.99 });
    expect(inside.checks.find((check) => check.key === "block-overlap")).toEqual({
      key: "block-overlap",
      status: "warn",
      value: 0.99,
      threshold: 0,
    });
  });

  it("never rejects: no check has a status other than pass, warn or info", () => {
    const worst = recognitionPrechecks({
      parkId: null,
      parts: 9,
      partGapsM: [9_000],
      areaM2: 1,
      perimeterM: 1_000,
      ecoOverlapM2: 1,
      blockOverlapShare: 1,
    });
    expect(new Set(worst.checks.map((check) => check.status))).toEqual(new Set(["warn", "info"]));
  });
});

describe("recognitionCommitmentCheck (过渡培育: 生态涵养区区块需进行预估经济指标承诺)", () => {
  it("refuses a municipal block mostly in the eco area without commitments, naming them", () => {
    const check = recognitionCommitmentCheck({
      level: "municipal",
      ecoShareOfBlock: 0.8,
      commitments: undefined,
    });
    expect(check).toMatchObject({ ready: false, reason: "eco-commitments-missing" });
    if (check.ready) return;
    expect(check.details).toMatchObject({ ecoShare: 0.8, missing: ["commitments"] });
    expect(check.message).toContain("80.0%");
    expect(
      recognitionCommitmentCheck({ level: "municipal", ecoShareOfBlock: 1, commitments: {} }).ready,
    ).toBe(false);
  });

  it("lets it through with one commitment, and asks nothing outside the eco area or of national blocks", () => {
    const committed = { totalRevenue: 1 };
    expect(
      recognitionCommitmentCheck({ level: "municipal", ecoShareOfBlock: 0.8, commitments: committed }),
    ).toEqual({
      ready: true,
    });
    // "In the eco area" is the transition's reading: more than half of the block.
    expect(
      recognitionCommitmentCheck({ level: "municipal", ecoShareOfBlock: 0.5, commitments: undefined }).ready,
    ).toBe(true);
    expect(
      recognitionCommitmentCheck({ level: "national", ecoShareOfBlock: 1, commitments: undefined }).ready,
    ).toBe(true);
  });
});
