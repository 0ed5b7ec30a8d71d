import { Type } from "typebox";
import { errors } from "./common.js";
import { TAGS } from "./openapi.js";

/** The settings for what the Measures leave open (server/domain/settings.ts has the meaning and defaults). */
export const ShareAtThreshold = Type.Enum(["above", "below"]);
export const ParkAreaBasis = Type.Enum(["in-force-union", "in-force-sum"]);
export const UnderFloorAction = Type.Enum(["manual-review", "eliminate"]);
export const BottomShareRounding = Type.Enum(["floor", "round", "ceil"]);
export const BottomShareBase = Type.Enum(["all-ranked", "municipal-only"]);
export const MissingDataPolicy = Type.Enum(["refuse", "leave-out", "count-as-lowest"]);

export const PolicySettings = Type.Object(
  {
    shareAtThreshold: ShareAtThreshold,
    parkAreaBasis: ParkAreaBasis,
    underFloorAction: UnderFloorAction,
    bottomShareRounding: BottomShareRounding,
    bottomShareBase: BottomShareBase,
    missingDataPolicy: MissingDataPolicy,
  },
  { additionalProperties: false },
);

/** A change: any of the settings; an unknown key is refused. */
export const SettingsChange = Type.Partial(PolicySettings, { additionalProperties: false });

export const SettingsAnswer = Type.Object(
  { settings: PolicySettings, defaults: PolicySettings },
  { additionalProperties: false },
);

export const getSettingsSchema = {
  tags: [TAGS.settings],
  summary: "The settings in force and their defaults",
  response: { 200: SettingsAnswer },
};

export const putSettingsSchema = {
  tags: [TAGS.settings],
  summary: "Change some settings (history kept)",
  body: SettingsChange,
  response: { 200: SettingsAnswer, ...errors(400) },
};
