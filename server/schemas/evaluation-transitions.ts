import { type Static, Type } from "typebox";
import { Bilingual, errors, IdText, IsoDateText, Nullable, OpenObject } from "./common.js";
import { TAGS } from "./openapi.js";

/** 过渡培育 — an ecological transition with its state (server/domain/transition.ts). */
export const Transition = Type.Object(
  {
    blockId: Type.Integer(),
    version: Type.Integer(),
    recognizedOn: Type.String(),
    endsOn: Type.String(),
    decidedOn: Type.String({ description: "when it was decided: it exempts no year that ended before" }),
    commitments: Type.Record(Type.String(), Type.Number()),
    note: Type.String(),
    changedAt: Type.String(),
    changedBy: Type.String(),
    name: Nullable(Type.String()),
    park: Nullable(Type.String()),
    status: Nullable(Type.String()),
    latestEndsOn: Type.String(),
    result: Type.Object(
      {
        state: Type.Enum(["in-transition", "met", "unmet", "missing-data"]),
        exitFlag: Type.Boolean(),
        checkYear: Type.Integer({
          description: "the year whose indicators decide (the year the period ends in)",
        }),
        asOf: Type.String(),
        daysLeft: Type.Number(),
        checkedYear: Nullable(Type.Integer()),
        commitments: Type.Array(OpenObject),
      },
      { additionalProperties: false },
    ),
    exit: Type.Optional(OpenObject),
  },
  { additionalProperties: false },
);

export const TransitionList = Type.Object(
  { asOf: Type.String(), rule: Bilingual, transitions: Type.Array(Transition) },
  { additionalProperties: false },
);

export const TransitionChange = Type.Object(
  {
    recognizedOn: Type.Optional(IsoDateText),
    endsOn: IsoDateText,
    /** Indicator key → committed value; the domain checks the keys, the signs and that there is one. */
    commitments: Type.Record(Type.String(), Type.Number()),
    note: Type.Optional(Type.String()),
    decidedOn: Type.Optional(IsoDateText),
  },
  { additionalProperties: false },
);

const AsOfQuery = Type.Object({ asOf: Type.Optional(IsoDateText) });
const BlockIdParams = Type.Object({ blockId: IdText });

export const listTransitionsSchema = {
  tags: [TAGS.evaluations],
  summary: "The ecological transitions in force, with their state as of a date",
  querystring: AsOfQuery,
  response: { 200: TransitionList, ...errors(400) },
};

export const getTransitionSchema = {
  tags: [TAGS.evaluations],
  summary: "A block's ecological transition with its history",
  params: BlockIdParams,
  querystring: AsOfQuery,
  response: {
    200: Type.Object(
      { ...Transition.properties, history: Type.Array(OpenObject) },
      { additionalProperties: false },
    ),
    ...errors(400, 404),
  },
};

export const putTransitionSchema = {
  tags: [TAGS.evaluations],
  summary: "Set a block's ecological transition (at most five years) and its commitments",
  params: BlockIdParams,
  body: TransitionChange,
  response: {
    200: Type.Object({ ...Transition.properties, ecoShare: Type.Number() }, { additionalProperties: false }),
    201: Type.Object({ ...Transition.properties, ecoShare: Type.Number() }, { additionalProperties: false }),
    ...errors(400, 404, 409, 422),
  },
};

export type Transition = Static<typeof Transition>;
export type TransitionList = Static<typeof TransitionList>;
