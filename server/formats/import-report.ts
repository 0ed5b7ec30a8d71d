import { m2ToHectares, m2ToKm2 } from "../domain/units.js";
import {
  type FieldMapping,
  type FieldSummary,
  type MappedFields,
  mapFeature,
  type ParkRef,
  summariseFields,
} from "./attribute-mapping.js";
import type { CrsResolution } from "./crs-resolve.js";
import type { Candidate } from "./import-candidates.js";
import { type ImportNote, importNote, noteTexts } from "./import-notes.js";
import type { EncodingChoice, ImportFormat, LayerChoice } from "./source-dataset.js";

/**
 * The per-feature import report (issue 7): every feature accepted, repaired (with what changed) or
 * rejected (with why), its area, and how its attributes map to block fields — shown before anything is
 * written. Pure: the topology results come in from the database layer.
 */
export interface TopologyResult {
  outcome: "accepted" | "repaired" | "rejected";
  areaM2?: number;
  repair?: { reason: string; areaBeforeM2: number; areaAfterM2: number; partsAfter: number };
  rejection?: { reason: string; message: string; location?: number[] };
}

/** Block fields a commit needs for every block; defaults in the commit body can supply them. */
export const REQUIRED_FIELDS = ["name", "parkId", "level"] as const;

export interface FeatureReport {
  index: number;
  source: string;
  outcome: "accepted" | "repaired" | "rejected";
  /** Present for rejected features: a reason code (GEOMETRY_REASONS / IMPORT_REASONS) and a sentence. */
  reason?: string;
  message?: string;
  location?: number[];
  /** What was changed to make the shape valid (the English texts of `changeNotes`). */
  changes: string[];
  changeNotes: ImportNote[];
  areaM2?: number;
  areaHectares?: number;
  areaKm2?: number;
  fields?: MappedFields;
  attributes?: Record<string, unknown>;
  /** Required block fields the file does not give (the commit's defaults must). */
  missing?: string[];
  problems?: string[];
  problemNotes?: ImportNote[];
  /** The file's stated area when it differs from the computed one by more than 0.1%. */
  statedArea?: StatedAreaCheck;
}

export interface ImportReport {
  fileName: string;
  format: ImportFormat;
  encoding?: EncodingChoice;
  /** Every layer of a multi-layer file, the one read marked `chosen`. */
  layers?: LayerChoice[];
  crs: Omit<CrsResolution, "ok">;
  summary: {
    total: number;
    accepted: number;
    repaired: number;
    rejected: number;
    areaHectares: number;
    areaKm2: number;
  };
  mapping: { proposed: FieldMapping; fields: FieldSummary[] };
  /** What the reader passed over or noticed (the English texts of `warningNotes`). */
  warnings: string[];
  warningNotes: ImportNote[];
  features: FeatureReport[];
}

export interface ReportInput {
  fileName: string;
  format: ImportFormat;
  encoding?: EncodingChoice;
  layers?: LayerChoice[];
  crs: CrsResolution;
  warnings: ImportNote[];
  candidates: Candidate[];
  /** Topology results by candidate index (only for candidates that passed the structural checks). */
  topology: Map<number, TopologyResult>;
  mapping: FieldMapping;
  parks: ParkRef[];
}

export function buildReport(input: ReportInput): ImportReport {
  const features = input.candidates.map((candidate) => featureReport(candidate, input));
  const kept = features.filter((feature) => feature.outcome !== "rejected");
  const areaM2 = kept.reduce((sum, feature) => sum + (feature.areaM2 ?? 0), 0);
  const { ok: _ok, ...crs } = input.crs;
  return {
    fileName: input.fileName,
    format: input.format,
    ...(input.encoding ? { encoding: input.encoding } : {}),
    ...(input.layers ? { layers: input.layers } : {}),
    crs,
    summary: {
      total: features.length,
      accepted: features.filter((feature) => feature.outcome === "accepted").length,
      repaired: features.filter((feature) => feature.outcome === "repaired").length,
      rejected: features.filter((feature) => feature.outcome === "rejected").length,
      areaHectares: m2ToHectares(areaM2),
      areaKm2: m2ToKm2(areaM2),
    },
    mapping: {
      proposed: input.mapping,
      fields: summariseFields(
        input.candidates.map((candidate) => candidate.properties),
        input.mapping,
      ),
    },
    warnings: noteTexts(input.warnings),
    warningNotes: input.warnings,
    features,
  };
}

function featureReport(candidate: Candidate, input: ReportInput): FeatureReport {
  const base = { index: candidate.index, source: candidate.source };
  if (candidate.rejection) {
    return {
      ...base,
      outcome: "rejected",
      reason: candidate.rejection.reason,
      message: candidate.rejection.message,
      ...changesOf(candidate.changes),
    };
  }
  const topology = input.topology.get(candidate.index);
  if (!topology || topology.outcome === "rejected") {
    return {
      ...base,
      outcome: "rejected",
      reason: topology?.rejection?.reason ?? "invalid-geometry",
      message: topology?.rejection?.message ?? "The shape was not checked.",
      ...(topology?.rejection?.location ? { location: topology.rejection.location } : {}),
      ...changesOf(candidate.changes),
    };
  }
  const changes = [...candidate.changes];
  if (topology.repair) {
    const { reason, areaBeforeM2, areaAfterM2, partsAfter } = topology.repair;
    const hectaresBefore = m2ToHectares(areaBeforeM2).toFixed(4);
    const hectaresAfter = m2ToHectares(areaAfterM2).toFixed(4);
    changes.push(
      importNote(
        "repair-made-valid",
        { reason, problem: repairProblem(reason), hectaresBefore, hectaresAfter, parts: partsAfter },
        `made valid with ST_MakeValid (${reason}): ${hectaresBefore} → ` +
          `${hectaresAfter} 公顷, ${partsAfter} part${partsAfter > 1 ? "s" : ""}`,
      ),
    );
  }
  const mapped = mapFeature(candidate.properties, input.mapping, input.parks);
  const missing = REQUIRED_FIELDS.filter((field) => mapped.fields[field] === undefined);
  const areaM2 = topology.areaM2 ?? 0;
  const statedArea = statedAreaCheck(candidate.statedAreaHectares, areaM2);
  const problems = statedArea ? [...mapped.problemNotes, statedAreaNote(statedArea)] : mapped.problemNotes;
  return {
    ...base,
    outcome: changes.length > 0 ? "repaired" : "accepted",
    ...changesOf(changes),
    areaM2,
    areaHectares: m2ToHectares(areaM2),
    areaKm2: m2ToKm2(areaM2),
    fields: mapped.fields,
    attributes: mapped.attributes,
    missing,
    problems: noteTexts(problems),
    problemNotes: problems,
    ...(statedArea ? { statedArea } : {}),
  };
}

/** PostGIS's validity reason as a geometry reason code (as server/db/geometry-validity.ts classes it). */
function repairProblem(reason: string): string {
  return /self-intersection|ring self|crossing/i.test(reason) ? "self-intersection" : "invalid-geometry";
}

function changesOf(changes: ImportNote[]): Pick<FeatureReport, "changes" | "changeNotes"> {
  return { changes: noteTexts(changes), changeNotes: changes };
}

/**
 * A stated area (界址点 地块面积) that differs from the computed ellipsoidal area by more than 0.1% (issue
 * 17): the file's points and its header disagree, and the planner should know which one is wrong.
 */
export const STATED_AREA_TOLERANCE = 0.001;

export interface StatedAreaCheck {
  statedHectares: number;
  computedHectares: number;
  /** (computed − stated) / stated. */
  difference: number;
  message: string;
}

function statedAreaCheck(statedHectares: number | undefined, areaM2: number): StatedAreaCheck | undefined {
  if (statedHectares === undefined || statedHectares <= 0) return undefined;
  const computedHectares = m2ToHectares(areaM2);
  const difference = (computedHectares - statedHectares) / statedHectares;
  if (Math.abs(difference) <= STATED_AREA_TOLERANCE) return undefined;
  return {
    statedHectares,
    computedHectares,
    difference,
    message:
      `stated area ${statedHectares} 公顷 differs from the computed ${computedHectares.toFixed(4)} 公顷 ` +
      `by ${(difference * 100).toFixed(2)}% (more than ${STATED_AREA_TOLERANCE * 100}%)`,
  };
}

function statedAreaNote(check: StatedAreaCheck): ImportNote {
  return importNote(
    "stated-area-differs",
    {
      statedHectares: check.statedHectares,
      computedHectares: check.computedHectares.toFixed(4),
      differencePercent: (check.difference * 100).toFixed(2),
      tolerancePercent: STATED_AREA_TOLERANCE * 100,
    },
    check.message,
  );
}
