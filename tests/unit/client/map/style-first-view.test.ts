import { describe, expect, it } from "vitest";
import { referenceDrawnAtFirstView } from "../../../../client/map/style.js";
import { LAYER_IDS } from "../../../../server/domain/layers.js";

describe("the reference layers' GeoJSON the first view needs (issue #16)", () => {
  it("is the layers drawn from GeoJSON (zgc) and those labelled below zoom 10; the tiles draw the other zones", () => {
    expect(LAYER_IDS.filter(referenceDrawnAtFirstView).sort()).toEqual(["district", "etdz", "zgc"]);
  });
});
