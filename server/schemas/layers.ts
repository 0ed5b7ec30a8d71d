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

/** A zone's label point (GET /api/layers/:layer/labels): where the map writes its name. */
export const ZoneLabel = Type.Object({
  type: Type.Literal("Feature"),
  id: Type.Integer(),
  geometry: Type.Object({
    type: Type.Literal("Point"),
    coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  }),
  properties: Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Type.String() }),
});

export const ZoneLabelCollection = Type.Object({
  type: Type.Literal("FeatureCollection"),
  features: Type.Array(ZoneLabel),
});

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
export const getLayerLabelsSchema = {
  tags: [TAGS.layers],
  summary: "One point per zone of a reference layer, where its name is drawn (not for the derived zgc layer)",
  params: Type.Object({ layer: Type.String() }),
  response: { 200: ZoneLabelCollection, ...errors(404) },
};
export type ZoneCollection = Static<typeof ZoneCollection>;
export type ZoneLabelCollection = Static<typeof ZoneLabelCollection>;
