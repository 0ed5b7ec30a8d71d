import { Type } from "typebox";
import { errors, FlagText, Nullable, OpenObject } from "./common.js";
import { YearParams } from "./evaluations.js";
import { TAGS } from "./openapi.js";

/** 综合评价 — the yearly indicator inputs: import (JSON, CSV, XLSX), the stored values, the template. */

/** PUT …/indicators as JSON; a CSV/XLSX file comes as multipart/form-data instead (field `file`). */
export const IndicatorRows = Type.Object(
  { rows: Type.Array(OpenObject, { description: "{ blockId, ...inputs } per block" }) },
  { additionalProperties: true },
);

export const ImportReport = Type.Object(
  {
    year: Type.Integer(),
    source: Type.Enum(["json", "csv", "xlsx"]),
    fileName: Nullable(Type.String()),
    columns: Nullable(OpenObject),
    rows: Type.Array(OpenObject, { description: "Up to 200 rows: all, or the first with problems" }),
    rowCount: Type.Integer({ description: "Data rows in the import" }),
    omittedRows: Type.Integer({ description: "Rows not listed in rows" }),
    problemCounts: Type.Record(Type.String(), Type.Integer(), { description: "Rows per problem code" }),
    importId: Type.Integer(),
    stored: Type.Integer(),
    rejected: Type.Integer(),
  },
  { additionalProperties: false },
);

export const indicatorCatalogueSchema = {
  tags: [TAGS.evaluations],
  summary: "The input fields, indicators, score methods and template columns",
  response: { 200: OpenObject },
};

export const putIndicatorsSchema = {
  tags: [TAGS.evaluations],
  summary: "Import a year's indicator rows (JSON, or a CSV/XLSX file as multipart) with a per-row report",
  params: YearParams,
  querystring: Type.Object({ validRowsOnly: Type.Optional(FlagText) }),
  body: Type.Optional(IndicatorRows),
  response: { 200: ImportReport, ...errors(400, 413, 415, 422) },
};

export const getIndicatorsSchema = {
  tags: [TAGS.evaluations],
  summary: "The stored indicator values of a year, with the derived indicators",
  params: YearParams,
  response: {
    200: Type.Object({ year: Type.Integer(), rows: Type.Array(OpenObject) }, { additionalProperties: false }),
    ...errors(400),
  },
};

export const templateSchema = {
  tags: [TAGS.evaluations],
  summary: "The import template (.xlsx), pre-filled with the blocks",
  params: YearParams,
  response: { 200: Type.Unknown({ description: "an .xlsx workbook" }), ...errors(400) },
};
