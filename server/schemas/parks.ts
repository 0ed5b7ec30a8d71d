import { Type } from "typebox";
import { Bilingual, BlockLevel, BlockStatus, errors, IdParams, Nullable } from "./common.js";
import { TAGS } from "./openapi.js";
import { ParkAreaBasis } from "./settings.js";

/** "official" when an official area (批复面积) was entered, else the parkAreaBasis setting in force. */
export const ParkAreaBasisUsed = Type.Enum(["official", "in-force-union", "in-force-sum"]);

/** An official area as entered (批复面积, 批复文号, date) with who recorded it and when. */
const OfficialArea = Type.Object(
  {
    areaKm2: Type.Number(),
    approvalReference: Type.String(),
    approvedOn: Type.String(),
    recordedAt: Type.String(),
    recordedBy: Type.String(),
  },
  { additionalProperties: false },
);

/** 分园 — a sub-park with the total ellipsoidal area of its blocks that have not ended. */
export const Park = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    district: Type.String(),
    category: Type.Enum(["A", "B"]),
    areaKm2: Type.Number(),
    blockCount: Type.Integer(),
  },
  { additionalProperties: false },
);

/** Each block's share of its sub-park (DOMAIN.md §4.5); shares 0..1. */
export const ParkShares = Type.Object(
  {
    parkId: Type.Integer(),
    parkAreaKm2: Type.Number(),
    /** "official" when an official area (批复面积) was entered, else the parkAreaBasis setting in force. */
    basis: ParkAreaBasisUsed,
    setting: ParkAreaBasis,
    official: Nullable(OfficialArea),
    explanation: Bilingual,
    blocks: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          code: Nullable(Type.String()),
          name: Type.String(),
          level: BlockLevel,
          status: BlockStatus,
          areaKm2: Type.Number(),
          shareOfPark: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const listParksSchema = {
  tags: [TAGS.parks],
  summary: "The sub-parks with the area of their live blocks",
  response: { 200: Type.Array(Park) },
};

export const getParkSchema = {
  tags: [TAGS.parks],
  summary: "One sub-park",
  params: IdParams,
  response: { 200: Park, ...errors(400, 404) },
};

export const parkSharesSchema = {
  tags: [TAGS.parks],
  summary: "Each block's share of the sub-park (the park area basis can be overridden)",
  params: IdParams,
  querystring: Type.Object({ parkAreaBasis: Type.Optional(ParkAreaBasis) }),
  response: { 200: ParkShares, ...errors(400, 404) },
};

/** 批复面积: an official sub-park area with its 批复文号 and date (checked by server/domain/park-area.ts). */
export const getOfficialAreaSchema = {
  tags: [TAGS.parks],
  summary: "The official sub-park area entered (with its approval reference), and its history",
  params: IdParams,
  response: {
    200: Type.Object(
      { parkId: Type.Integer(), official: Nullable(OfficialArea), history: Type.Array(OfficialArea) },
      { additionalProperties: false },
    ),
    ...errors(400, 404),
  },
};

export const putOfficialAreaSchema = {
  tags: [TAGS.parks],
  summary: "Enter an official sub-park area with its approval reference (批复文号) and date",
  params: IdParams,
  body: Type.Unknown({ description: "{ areaKm2, approvalReference, approvedOn }" }),
  response: {
    200: Type.Object({ parkId: Type.Integer(), official: OfficialArea }, { additionalProperties: false }),
    ...errors(400, 404),
  },
};
