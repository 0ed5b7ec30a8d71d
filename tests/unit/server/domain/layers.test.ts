import { describe, expect, it } from "vitest";
import { isLayerId, isZoneKind, LAYER_IDS, LAYERS, ZONE_KINDS } from "../../../../server/domain/layers.js";

describe("reference layers", () => {
  it("every layer id has one entry with a Chinese and an English name; zgc is a layer, not a zone kind", () => {
    expect(LAYERS.map((layer) => layer.id).sort()).toEqual([...LAYER_IDS].sort());
    for (const layer of LAYERS) {
      expect(layer.name).toMatch(/\p{Script=Han}/u);
      expect(layer.nameEn).toMatch(/^[A-Z]/);
    }
    expect(isLayerId("zgc")).toBe(true);
    expect(isZoneKind("zgc")).toBe(false);
    expect(ZONE_KINDS.every((kind) => isLayerId(kind) && isZoneKind(kind))).toBe(true);
  });

  it("refuses anything else", () => {
    for (const value of ["national", "", "ZGC", null, 1]) {
      expect(isLayerId(value)).toBe(false);
      expect(isZoneKind(value)).toBe(false);
    }
  });
});
