import type { NewBlock } from "../db/block-store.js";
import { type BlockLevel, type BlockStatus, ENDED_STATUSES } from "../domain/block.js";
import { type FieldMapping, mapFeature, type ParkRef } from "./attribute-mapping.js";
import { REQUIRED_FIELDS } from "./import-report.js";

/**
 * What a commit would create: each chosen preview feature's block fields from the mapping, else from the
 * commit's defaults; features still lacking a required field (or asking for an ended status) are listed
 * instead, and then nothing is created. Pure: the route runs the transaction.
 */
export interface CommitDefaults {
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
  /** Names features without one: "<prefix><index + 1>". */
  namePrefix?: string;
}

export interface CommitFeature {
  index: number;
  geoJson: string;
  properties: Record<string, unknown>;
}

export interface IncompleteFeature {
  index: number;
  missing: string[];
  problems: string[];
}

export type CommitPlan =
  | { ok: true; blocks: NewBlock[] }
  | { ok: false; code: "missing-fields"; incomplete: IncompleteFeature[] }
  | { ok: false; code: "duplicate-codes"; codes: string[] };

export function planCommit(
  features: CommitFeature[],
  mapping: FieldMapping,
  defaults: CommitDefaults,
  parks: ParkRef[],
): CommitPlan {
  const blocks: NewBlock[] = [];
  const incomplete: IncompleteFeature[] = [];
  for (const feature of features) {
    const mapped = mapFeature(feature.properties, mapping, parks);
    const fields = {
      name:
        mapped.fields.name ??
        (defaults.namePrefix ? `${defaults.namePrefix}${feature.index + 1}` : undefined),
      parkId: mapped.fields.parkId ?? defaults.parkId,
      level: mapped.fields.level ?? defaults.level,
    };
    const status = mapped.fields.status ?? defaults.status ?? "candidate";
    const missing = REQUIRED_FIELDS.filter((field) => fields[field] === undefined);
    const problems = ENDED_STATUSES.includes(status) ? [`status "${status}" cannot start a block`] : [];
    if (missing.length > 0 || problems.length > 0 || !fields.name || !fields.parkId || !fields.level) {
      incomplete.push({ index: feature.index, missing, problems: [...mapped.problems, ...problems] });
      continue;
    }
    blocks.push({
      code: mapped.fields.code ?? null,
      name: fields.name,
      parkId: fields.parkId,
      level: fields.level,
      status,
      attributes: mapped.attributes,
      geoJson: feature.geoJson,
    });
  }
  if (incomplete.length > 0) return { ok: false, code: "missing-fields", incomplete };
  const codes = blocks.map((block) => block.code).filter((code): code is string => Boolean(code));
  const repeated = [...new Set(codes.filter((code, i) => codes.indexOf(code) !== i))];
  if (repeated.length > 0) return { ok: false, code: "duplicate-codes", codes: repeated };
  return { ok: true, blocks };
}
