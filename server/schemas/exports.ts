import { Type } from "typebox";
import { EXPORT_FORMATS } from "../formats/export-blocks.js";
import { BlockLevel, BlockStatus, errors, Id, IdListText, IdText } from "./common.js";
import { JobBody } from "./jobs.js";
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
    encoding: Type.Optional(
      Type.String({ description: "gbk | utf-8: the Shapefile DBF and CSV (default utf-8)" }),
    ),
    ...selection,
  }),
  response: { 200: file("the file, as an attachment"), ...errors(400, 404, 413) },
};

export const exportBlocksJobSchema = {
  tags: [TAGS.exports],
  summary: "Starts a block export (any size) as a job → 202; its file is the GIS file",
  body: Type.Object(
    {
      format: Type.Enum([...EXPORT_FORMATS]),
      crs: Type.Optional(
        Type.String({ description: "DXF only: EPSG:4527 (default), EPSG:4548 or EPSG:4490" }),
      ),
      encoding: Type.Optional(Type.Enum(["gbk", "utf-8"])),
      ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100_000 })),
      parkId: Type.Optional(Id),
      level: Type.Optional(BlockLevel),
      status: Type.Optional(BlockStatus),
    },
    { additionalProperties: false },
  ),
  response: { 202: JobBody, ...errors(400, 404, 429) },
};

export const cataloguePackageSchema = {
  tags: [TAGS.exports],
  summary: "The catalogue submission zip: Excel table, 界址点 files, GIS files, PDF maps",
  querystring: Type.Object(selection),
  response: { 200: file("catalogue-package.zip"), ...errors(400, 404) },
};
