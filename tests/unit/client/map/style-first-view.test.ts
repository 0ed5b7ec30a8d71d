import { describe, expect, it } from "vitest";
import { OWN_LAYERS_BASEMAP } from "../../../../client/map/basemap.js";
import { buildStyle, LABELLED_REFERENCE_LAYERS, mapLayersOfReference } from "../../../../client/map/style.js";
import { LAYER_IDS } from "../../../../server/domain/layers.js";

describe("the reference layers the first view draws (issue #16)", () => {
  const style = buildStyle(OWN_LAYERS_BASEMAP);
  const layer = (id: string) => style.layers.find((candidate) => candidate.id === id);

  it("draws every reference polygon from the vector tiles: the zones by kind, the Zhongguancun range", () => {
    for (const id of LAYER_IDS) {
      const drawn = mapLayersOfReference(id)
        .filter((mapLayer) => !mapLayer.endsWith("-labels"))
        .map(layer)
        .filter((found) => found !== undefined);
      expect(drawn.length, id).toBeGreaterThan(0);
      for (const found of drawn) {
        expect(found, `${found.id}`).toMatchObject({
          source: "blocks",
          "source-layer": id === "zgc" ? "zgc" : "zones",
        });
      }
    }
    expect(layer("ref-zgc-line")).not.toHaveProperty("filter");
    expect(layer("ref-etdz-fill")).toMatchObject({ filter: ["==", ["get", "kind"], "etdz"] });
  });

  it("has GeoJSON sources only for the labels (the server's label points), none for a layer's polygons", () => {
    const geojson = Object.entries(style.sources)
      .filter(([, source]) => source.type === "geojson")
      .map(([id]) => id)
      .sort();
    expect(geojson).toEqual(LABELLED_REFERENCE_LAYERS.map((id) => `ref-${id}-labels`).sort());
    expect([...LABELLED_REFERENCE_LAYERS].sort()).toEqual([
      "district",
      "district-development-zone",
      "etdz",
      "municipal-development-zone",
    ]);
  });
});
