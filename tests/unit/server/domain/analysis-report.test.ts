import { describe, expect, it } from "vitest";
import {
  OVERLAP_FLAGS,
  type OverlapEntry,
  overlapEntries,
  overlapFlags,
  zgcSplit,
} from "../../../../server/domain/analysis-report.js";

describe("overlapEntries", () => {
  it("gives km² and both shares (0..1) of each overlap", () => {
    const [entry] = overlapEntries(2_000_000, [
      {
        layer: "etdz",
        id: 7,
        name: "亦庄",
        nameEn: "Yizhuang",
        overlapM2: 500_000,
        targetAreaM2: 10_000_000,
      },
    ]);
    expect(entry).toEqual({
      layer: "etdz",
      id: 7,
      name: "亦庄",
      nameEn: "Yizhuang",
      overlapKm2: 0.5,
      shareOfGeometry: 0.25,
      shareOfTarget: 0.05,
    });
  });

  it("a geometry or target of no area gives shares of 0, not NaN or Infinity", () => {
    const [entry] = overlapEntries(0, [
      { layer: "block", id: 1, name: "x", nameEn: "x", overlapM2: 0, targetAreaM2: 0, level: "municipal" },
    ]);
    expect(entry).toMatchObject({ shareOfGeometry: 0, shareOfTarget: 0, level: "municipal" });
  });
});

describe("zgcSplit (DOMAIN.md §5: inside and outside Zhongguancun)", () => {
  it("splits the area and gives the share inside", () => {
    expect(zgcSplit(4_000_000, 1_000_000)).toEqual({ insideKm2: 1, outsideKm2: 3, shareInside: 0.25 });
  });

  it("wholly outside: nothing inside", () => {
    expect(zgcSplit(4_000_000, 0)).toEqual({ insideKm2: 0, outsideKm2: 4, shareInside: 0 });
  });

  it("an overlap a little larger than the area (rounding in the overlay) is capped at the area", () => {
    expect(zgcSplit(4_000_000, 4_000_001)).toEqual({ insideKm2: 4, outsideKm2: 0, shareInside: 1 });
  });

  it("an empty geometry has a share of 0", () => {
    expect(zgcSplit(0, 0).shareInside).toBe(0);
  });
});

describe("overlapFlags: a candidate must not take national land", () => {
  const entry = (layer: string, level?: string): OverlapEntry => ({
    layer,
    id: 3,
    name: "n",
    nameEn: "n",
    overlapKm2: 0.1,
    shareOfGeometry: 0.1,
    shareOfTarget: 0.1,
    ...(level ? { level } : {}),
  });

  it("flags a national block and 亦庄, nothing else", () => {
    expect(
      overlapFlags([
        entry("block", "national"),
        entry("etdz"),
        entry("block", "municipal"),
        entry("municipal-development-zone"),
        entry("district"),
      ]),
    ).toEqual([
      { flag: OVERLAP_FLAGS.nationalBlock, id: 3, name: "n" },
      { flag: OVERLAP_FLAGS.etdz, id: 3, name: "n" },
    ]);
    expect(OVERLAP_FLAGS).toEqual({ nationalBlock: "overlaps-national-block", etdz: "overlaps-etdz" });
  });

  it("no overlaps, no flags", () => {
    expect(overlapFlags([])).toEqual([]);
  });
});
