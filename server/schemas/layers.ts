import { type Static, Type } from "typebox";
import { LAYER_IDS } from "../domain/layers.js";
import { errors, Geometry } from "./common.js";
import { TAGS } from "./openapi.js";

export const LayerId = Type.Enum([...LAYER_IDS]);

export const LayerInfo = Type.Object({ id: LayerId, name: Type.String(), nameEn: Type.String() });

/** Properties of a reference-layer feature; a zone's own attributes come along. */
export const ZoneProperties = Type.Object(
  {
    id: Type.Union([Type.Integer(), Type.String()]),
    code: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    areaKm2: Type.Number(),
    areaHectares: Type.Number(),
  },
  { additionalProperties: true },
);

export const ZoneFeature = Type.Object(
  { type: Type.Literal("Feature"), geometry: Geometry, properties: ZoneProperties },
  { additionalProperties: true },
);

export const ZoneCollection = Type.Object(
  { type: Type.Literal("FeatureCollection"), features: Type.Array(ZoneFeature) },
  { additionalProperties: true },
);

export const listLayersSchema = {
  tags: [TAGS.layers],
  summary: "The reference layers",
  response: { 200: Type.Array(LayerInfo) },
};

export const getLayerSchema = {
  tags: [TAGS.layers],
  summary: "One reference layer as GeoJSON",
  params: Type.Object({ layer: Type.String() }),
  response: { 200: ZoneCollection, ...errors(404) },
};
export type ZoneCollection = Static<typeof ZoneCollection>;
