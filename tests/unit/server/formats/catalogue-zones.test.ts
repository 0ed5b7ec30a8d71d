import { describe, expect, it } from "vitest";
import { catalogueArea, catalogueZones } from "../../../../server/formats/catalogue-zones.js";

/**
 * The catalogue's rows (issue #12.9): 核准面积 from the approved-area attribute, else the stored area as 计算面积;
 * each block listed once under its own zone; a block inside another block of its zone is not added twice to the
 * zone's area. Areas below are typed by hand.
 */
type Entry = Parameters<typeof catalogueZones>[0][number];

function entry(
  id: number,
  level: "national" | "municipal",
  areaHectares: number,
  attributes: Record<string, unknown> = {},
  inside?: { id: number; name: string },
): Entry {
  return {
    block: {
      type: "Feature",
      geometry: { type: "MultiPolygon", coordinates: [] },
      properties: { id, name: `区块${id}`, level, areaHectares, areaKm2: areaHectares / 100, attributes },
    } as unknown as Entry["block"],
    district: "",
    boundaries: { text: "" } as Entry["boundaries"],
    ...(inside ? { inside } : {}),
  };
}

describe("catalogueArea", () => {
  it("takes a positive approvedAreaHectares (or 核准面积) attribute, else the stored area", () => {
    expect(catalogueArea(entry(1, "municipal", 12.5, { approvedAreaHectares: 20 }).block)).toEqual({
      basis: "approved",
      hectares: 20,
      km2: 0.2,
    });
    expect(catalogueArea(entry(2, "municipal", 12.5, { 核准面积: "30" }).block).basis).toBe("approved");
    for (const attributes of [{}, { approvedAreaHectares: 0 }, { approvedAreaHectares: "n/a" }]) {
      expect(catalogueArea(entry(3, "municipal", 12.5, attributes).block)).toEqual({
        basis: "computed",
        hectares: 12.5,
        km2: 0.125,
      });
    }
  });
});

describe("catalogueZones", () => {
  it("lists each block once under its own zone and counts a block nested in its zone once", () => {
    const zones = catalogueZones([
      entry(1, "municipal", 100, { approvedAreaHectares: 120 }),
      entry(2, "municipal", 10, {}, { id: 1, name: "区块1" }),
      entry(3, "national", 50),
      entry(4, "municipal", 5, {}, { id: 3, name: "区块3" }),
      entry(2, "municipal", 10, {}, { id: 1, name: "区块1" }),
    ]);
    expect(zones.map((zone) => [zone.level, zone.blocks.map((b) => b.block.properties.id)])).toEqual([
      ["national", [3]],
      ["municipal", [1, 2, 4]],
    ]);
    expect(zones[0].areaHectares).toBe(50);
    // 120 (approved) + 5 (inside a national block: another zone, so counted); block 2 lies inside block 1.
    expect(zones[1].areaHectares).toBe(125);
    expect(zones[1].blocks.map((b) => [b.number, b.area.basis, b.remark])).toEqual([
      ["2-1", "approved", ""],
      ["2-2", "computed", "位于区块1内，面积不重复计入本开发区核准面积"],
      ["2-3", "computed", "位于区块3内"],
    ]);
  });
});
