import { Type } from "typebox";
import { EXPORT_FORMATS } from "../formats/export-blocks.js";
import { BlockLevel, BlockStatus, errors, IdListText, IdText } from "./common.js";
import { TAGS } from "./openapi.js";

/** Which blocks: by ids, park, level and status (all optional; together they narrow the selection). */
const selection = {
  ids: Type.Optional(IdListText),
  park: Type.Optional(IdText),
  level: Type.Optional(BlockLevel),
  status: Type.Optional(BlockStatus),
};

const file = (description: string) => Type.Unknown({ description });

export const exportBlocksSchema = {
  tags: [TAGS.exports],
  summary: "Blocks as a GIS file: GeoJSON, zipped Shapefile, KML, GeoPackage, DXF or CSV",
  querystring: Type.Object({
    format: Type.Enum([...EXPORT_FORMATS]),
    crs: Type.Optional(Type.String({ description: "DXF only: EPSG:4527 (default), EPSG:4548 or EPSG:4490" })),
    ...selection,
  }),
  response: { 200: file("the file, as an attachment"), ...errors(400, 404) },
};

export const cataloguePackageSchema = {
  tags: [TAGS.exports],
  summary: "The catalogue submission zip: Excel table, 界址点 files, GIS files, PDF maps",
  querystring: Type.Object(selection),
  response: { 200: file("catalogue-package.zip"), ...errors(400, 404) },
};
