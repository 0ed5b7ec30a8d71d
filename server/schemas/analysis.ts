import { type Static, Type } from "typebox";
import { errors, GeometryInput, Id, IdListText, IdParams, Nullable } from "./common.js";
import { TAGS } from "./openapi.js";
import { ParkAreaBasisUsed } from "./parks.js";

/** 叠加分析 — one row of the overlap table (server/domain/analysis-report.ts); shares 0..1. */
export const OverlapEntry = Type.Object(
  {
    layer: Type.String(),
    id: Type.Integer(),
    name: Type.String(),
    nameEn: Type.String(),
    overlapKm2: Type.Number(),
    shareOfGeometry: Type.Number(),
    shareOfTarget: Type.Number(),
    level: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
    parkId: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true },
);

/** One other live block a geometry overlaps; shares 0..1. */
export const BlockOverlap = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    level: Type.String(),
    status: Type.String(),
    parkId: Type.Integer(),
    overlapKm2: Type.Number(),
    shareOfGeometry: Type.Number(),
    shareOfOther: Type.Number(),
  },
  { additionalProperties: false },
);

/** A recognition pre-check (server/domain/recognition-checks.ts): it warns, it never rejects. */
export const Precheck = Type.Object(
  {
    key: Type.Enum([
      "park-assigned",
      "parts",
      "part-gaps",
      "compactness",
      "eco-conservation-area",
      "block-overlap",
    ]),
    status: Type.Enum(["pass", "warn", "info"]),
    value: Nullable(Type.Union([Type.Number(), Type.Boolean()])),
    threshold: Type.Optional(Type.Number()),
  },
  { additionalProperties: true },
);

export const Prechecks = Type.Object(
  {
    checks: Type.Array(Precheck),
    compactness: Type.Number(),
    maxGapKm: Type.Number(),
    inEcoArea: Type.Boolean(),
    ecoShare: Type.Number(),
    manualReview: Type.Array(Type.String()),
  },
  { additionalProperties: true },
);

const reportProperties = {
  areaKm2: Type.Number(),
  areaHectares: Type.Number(),
  planarAreaKm2: Type.Number(),
  planarCrs: Type.String(),
  gkZone: Type.Integer(),
  centralMeridianDeg: Type.Number(),
  perimeterKm: Type.Number(),
  parts: Type.Integer(),
  overlaps: Type.Array(OverlapEntry),
  zgc: Type.Object(
    { insideKm2: Type.Number(), outsideKm2: Type.Number(), shareInside: Type.Number() },
    { additionalProperties: true },
  ),
  flags: Type.Array(
    Type.Object(
      { flag: Type.String(), id: Type.Integer(), name: Type.String() },
      { additionalProperties: true },
    ),
  ),
  /** 区块重叠 — the other live blocks the geometry overlaps, largest first (server/domain/block-overlap.ts). */
  blockOverlaps: Type.Array(BlockOverlap),
};

/** The area and overlap analysis of a geometry (DOMAIN.md §5/§7); ellipsoidal areas. */
export const AnalysisReport = Type.Object(reportProperties, { additionalProperties: true });

export const GeometryAnalysis = Type.Object(
  { ...reportProperties, prechecks: Prechecks, droppedZ: Type.Optional(Type.Literal(true)) },
  { additionalProperties: true },
);

/** A stored block's analysis: the same, excluding itself, plus its share of its park. */
export const BlockAnalysis = Type.Object(
  {
    ...reportProperties,
    blockId: Type.Integer(),
    /** Absent when the block has no park share (an ended block). */
    park: Type.Optional(
      Type.Object(
        { id: Type.Integer(), areaKm2: Type.Number(), shareOfPark: Type.Number(), basis: ParkAreaBasisUsed },
        { additionalProperties: true },
      ),
    ),
    prechecks: Prechecks,
  },
  { additionalProperties: true },
);

/** 空间构成 — the §3 spatial composition, term by term. */
export const Composition = Type.Object(
  {
    terms: Type.Array(
      Type.Object(
        { key: Type.String(), operation: Type.Enum(["+", "-", "="]), areaKm2: Type.Number() },
        { additionalProperties: true },
      ),
    ),
    unionKm2: Type.Number(),
    maxMunicipalKm2: Type.Number(),
    municipalBlocksKm2: Type.Number(),
    municipalZonesKm2: Type.Number(),
    municipalInDeclaredKm2: Type.Number(),
    policyPreliminaryUnionKm2: Type.Number(),
    exceedsMaximum: Type.Boolean(),
    headroomKm2: Type.Number(),
    districtZoneIds: Type.Array(Type.Integer()),
  },
  { additionalProperties: true },
);

/** What the site policy reads (server/domain/site-policy.ts). */
export const SiteFacts = Type.Object(
  {
    inZgc: Type.Boolean(),
    inEtdz: Type.Boolean(),
    inMunicipalDevelopmentZone: Type.Boolean(),
    inDistrictDevelopmentZone: Type.Boolean(),
    inRecognizedMunicipalBlock: Type.Boolean(),
    inCandidateMunicipalBlock: Type.Boolean(),
    inEcoArea: Type.Boolean(),
  },
  { additionalProperties: true },
);

/** A sentence of the site check in the words of its source (server/domain/site-policy.ts). */
const PolicyStatement = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  source: Type.Object({ zh: Type.String(), en: Type.String() }),
});

const policyAnswer = {
  facts: SiteFacts,
  insideMunicipalOrAboveZone: Type.Boolean(),
  newManufacturingAllowed: Type.Boolean(),
  pendingRecognitionWouldAllow: Type.Boolean(),
  policies: Type.Array(Type.String()),
  statements: Type.Array(PolicyStatement),
};

/** Site check of a point: what contains it and which policies apply. */
export const PointSiteCheck = Type.Object(
  {
    geometryType: Type.Literal("Point"),
    zones: Type.Array(
      Type.Object(
        { id: Type.Integer(), kind: Type.String(), name: Type.String(), nameEn: Type.String() },
        { additionalProperties: true },
      ),
    ),
    blocks: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          name: Type.String(),
          level: Type.String(),
          status: Type.String(),
          parkId: Type.Integer(),
          parkName: Type.String(),
        },
        { additionalProperties: true },
      ),
    ),
    ...policyAnswer,
  },
  { additionalProperties: true },
);

/** Site check of a parcel: its shares inside each kind of zone, the policies, and the full analysis. */
export const ParcelSiteCheck = Type.Object(
  {
    geometryType: Type.Literal("Polygon"),
    shares: Type.Record(Type.String(), Type.Number()),
    ...policyAnswer,
    analysis: AnalysisReport,
  },
  { additionalProperties: true },
);

export const analyseGeometrySchema = {
  tags: [TAGS.analysis],
  summary: "Areas, overlaps, Zhongguancun split, flags and pre-checks of a drawn geometry",
  body: Type.Object(
    {
      geometry: GeometryInput,
      excludeBlockId: Type.Optional(Id),
    },
    { additionalProperties: true },
  ),
  response: { 200: GeometryAnalysis, ...errors(400, 413) },
};

export const blockAnalysisSchema = {
  tags: [TAGS.analysis],
  summary: "The analysis of a stored block (excluding itself) with its park share",
  params: IdParams,
  response: { 200: BlockAnalysis, ...errors(400, 404) },
};

const districtZonesQuery = Type.Object({ districtZones: Type.Optional(IdListText) });

export const compositionSchema = {
  tags: [TAGS.analysis],
  summary: "The spatial composition, term by term, the maximum and the cap (districtZones= selects zones)",
  querystring: districtZonesQuery,
  response: { 200: Type.Object({}, { additionalProperties: true }), ...errors(400) },
};

export const compositionBaselineSchema = {
  tags: [TAGS.analysis],
  summary: "Freeze the integration union as the dated baseline in force",
  querystring: districtZonesQuery,
  body: Type.Optional(Type.Object({ note: Type.Optional(Type.String()) }, { additionalProperties: true })),
  response: { 201: Type.Object({}, { additionalProperties: true }), ...errors(400) },
};

export const siteCheckSchema = {
  tags: [TAGS.analysis],
  summary: "Which zones and blocks contain a point or parcel, and which policies apply",
  body: Type.Object({ geometry: GeometryInput }, { additionalProperties: true }),
  response: { 200: Type.Union([PointSiteCheck, ParcelSiteCheck]), ...errors(400, 413) },
};

export type OverlapEntry = Static<typeof OverlapEntry>;
export type Precheck = Static<typeof Precheck>;
export type BlockOverlapRow = Static<typeof BlockOverlap>;
export type GeometryAnalysis = Static<typeof GeometryAnalysis>;
export type BlockAnalysis = Static<typeof BlockAnalysis>;
export type Composition = Static<typeof Composition>;
export type PointSiteCheck = Static<typeof PointSiteCheck>;
export type ParcelSiteCheck = Static<typeof ParcelSiteCheck>;
