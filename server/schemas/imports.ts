import { type Static, Type } from "typebox";
import { BlockOverlap } from "./analysis.js";
import { BlockLevel, BlockStatus, errors, FlagText, Geometry, Id, Nullable, OpenObject } from "./common.js";
import { JobBody } from "./jobs.js";
import { TAGS } from "./openapi.js";

/** Options of an upload, as query parameters (the same names may come as multipart form fields). */
export const ImportOptions = Type.Object({
  sourceCrs: Type.Optional(Type.String({ description: "EPSG:4490, 4326, 4526, 4527, 4547 or 4548" })),
  gcj02: Type.Optional(FlagText),
  encoding: Type.Optional(Type.String({ description: "text encoding of the attributes, e.g. gb18030" })),
  repair: Type.Optional(FlagText),
});

/** A note of the report as a code with its figures and names (server/formats/import-notes.ts); `text` in English. */
export const ImportNote = Type.Object(
  {
    code: Type.String(),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    text: Type.String(),
  },
  { additionalProperties: true },
);
const ImportNotes = (description: string) => Type.Optional(Type.Array(ImportNote, { description }));

/** One feature of the file: accepted, repaired (with what changed) or rejected (with a reason code). */
export const ImportFeatureReport = Type.Object(
  {
    index: Type.Integer(),
    source: Type.String(),
    outcome: Type.Enum(["accepted", "repaired", "rejected"]),
    reason: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    location: Type.Optional(Type.Array(Type.Number())),
    changes: Type.Array(Type.String()),
    changeNotes: ImportNotes("`changes` as codes with params"),
    areaKm2: Type.Optional(Type.Number()),
    areaHectares: Type.Optional(Type.Number()),
    fields: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String()),
          code: Type.Optional(Type.String()),
          parkId: Type.Optional(Type.Integer()),
          level: Type.Optional(Type.String()),
          status: Type.Optional(Type.String()),
        },
        { additionalProperties: true },
      ),
    ),
    attributes: Type.Optional(OpenObject),
    missing: Type.Optional(Type.Array(Type.String())),
    problems: Type.Optional(Type.Array(Type.String())),
    problemNotes: ImportNotes("`problems` as codes with params"),
    /** 与已有区块重叠 — the live blocks the feature overlaps (issue #18 item 3). */
    blockOverlaps: Type.Optional(Type.Array(BlockOverlap)),
  },
  { additionalProperties: true },
);

/** The per-feature report of an upload and the proposed field mapping (server/formats/import-report.ts). */
export const ImportPreview = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    status: Type.Enum(["pending", "committed"]),
    fileName: Type.String(),
    format: Type.String(),
    encoding: Type.Optional(
      Type.Object({ used: Type.String(), source: Type.String() }, { additionalProperties: true }),
    ),
    crs: Type.Object(
      {
        code: Type.String(),
        name: Type.String(),
        source: Type.String(),
        axesSwapped: Type.Boolean(),
        gcj02Converted: Type.Boolean(),
        assumed: Type.Array(Type.String()),
        notes: ImportNotes("`assumed` as codes with params"),
      },
      { additionalProperties: true },
    ),
    summary: Type.Object(
      {
        total: Type.Integer(),
        accepted: Type.Integer(),
        repaired: Type.Integer(),
        rejected: Type.Integer(),
        areaKm2: Type.Number(),
        areaHectares: Type.Number(),
      },
      { additionalProperties: true },
    ),
    mapping: Type.Object(
      {
        proposed: Type.Record(Type.String(), Nullable(Type.String())),
        fields: Type.Array(
          Type.Object(
            { source: Type.String(), samples: Type.Array(Type.Unknown()), target: Type.String() },
            { additionalProperties: true },
          ),
        ),
      },
      { additionalProperties: true },
    ),
    warnings: Type.Array(Type.String()),
    warningNotes: ImportNotes("`warnings` as codes with params"),
    features: Type.Array(ImportFeatureReport),
  },
  { additionalProperties: true },
);

/** The accepted features of a preview, for the map. */
export const ImportFeatures = Type.Object(
  {
    type: Type.Literal("FeatureCollection"),
    features: Type.Array(
      Type.Object(
        { type: Type.Literal("Feature"), id: Type.Integer(), geometry: Geometry, properties: OpenObject },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

/** POST /api/imports/:id/commit: defaults for what the file does not say, the mapping, which features. */
export const ImportCommit = Type.Object(
  {
    parkId: Type.Optional(Id),
    level: Type.Optional(BlockLevel),
    status: Type.Optional(BlockStatus),
    namePrefix: Type.Optional(Type.String({ maxLength: 100 })),
    mapping: Type.Optional(Type.Record(Type.String(), Nullable(Type.String()))),
    indexes: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }))),
  },
  { additionalProperties: false },
);

export const ImportCommitted = Type.Object(
  {
    id: Type.String(),
    status: Type.Literal("committed"),
    committed: Type.Integer(),
    blocks: Type.Array(
      Type.Object(
        {
          index: Type.Integer(),
          id: Type.Integer(),
          code: Type.Optional(Nullable(Type.String())),
          name: Type.String(),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

/** Import ids are UUIDs; anything else is simply not an import (404), as before the schemas. */
const ImportIdParams = Type.Object({ id: Type.String() });

export const uploadImportSchema = {
  tags: [TAGS.imports],
  summary:
    "Upload a GIS file (multipart, field `file`): CRS detected, per-feature report, preview kept (201); a large file is previewed by a job (202 with the job, its summary names the import)",
  consumes: ["multipart/form-data"],
  querystring: ImportOptions,
  response: { 201: ImportPreview, 202: JobBody, ...errors(400, 413, 415, 429) },
};

/** The stored report as kept at upload time (the preview's fields), with the status and created block ids. */
export const ImportStatus = Type.Object(
  {
    id: Type.String(),
    status: Type.Enum(["pending", "committed"]),
    blockIds: Nullable(Type.Array(Type.Integer())),
  },
  { additionalProperties: true },
);

export const getImportSchema = {
  tags: [TAGS.imports],
  summary: "An import's report and status",
  params: ImportIdParams,
  response: { 200: ImportStatus, ...errors(404) },
};

export const importFeaturesSchema = {
  tags: [TAGS.imports],
  summary: "The accepted features of an import, for the map",
  params: ImportIdParams,
  response: { 200: ImportFeatures, ...errors(404) },
};

export const commitImportSchema = {
  tags: [TAGS.imports],
  summary:
    "Create the blocks of an import in one transaction (all or nothing); a large import commits in a job (202 with the job)",
  params: ImportIdParams,
  body: Type.Optional(ImportCommit),
  response: { 201: ImportCommitted, 202: JobBody, ...errors(400, 404, 409, 429) },
};

export type ImportPreview = Static<typeof ImportPreview>;
export type ImportFeatureReport = Static<typeof ImportFeatureReport>;
export type ImportFeatures = Static<typeof ImportFeatures>;
export type ImportCommit = Static<typeof ImportCommit>;
export type ImportCommitted = Static<typeof ImportCommitted>;
