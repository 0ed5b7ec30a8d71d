import { CRS_DEFINITIONS, type CrsCode, LEGACY_DATUMS, STORAGE_CRS, WGS84_CRS } from "../domain/crs.js";
import { type Bbox, type CoordinateGuess, detectCrsFromBbox } from "./crs-detect.js";
import type { PrjReading } from "./crs-wkt.js";
import { type ImportNote, importNote, noteTexts } from "./import-notes.js";

/**
 * Decides a file's source system — the user's choice, else what the file says (.prj, metadata, header,
 * format), else the numbers — and explains it in plain sentences. Legacy Beijing 1954 / Xian 1980 are
 * refused, never converted by guesswork (their parameters to CGCS2000 are not public); a declared system the
 * numbers contradict is refused; GCJ-02 conversion is added only when the user says so.
 */
export type DeclaredCrs =
  | { source: "prj" | "metadata" | "file-header"; reading: PrjReading }
  | { source: "format"; reading: { kind: "known"; code: CrsCode; name: string } };

export interface CrsResolution {
  ok: true;
  code: CrsCode;
  name: string;
  source: "user" | "prj" | "metadata" | "file-header" | "format" | "coordinates";
  axesSwapped: boolean;
  gcj02Converted: boolean;
  /** Plain sentences a planner can check (the English texts of `notes`). */
  assumed: string[];
  /** The same, as codes with params for the UI language. */
  notes: ImportNote[];
}

export interface CrsProblem {
  ok: false;
  code:
    | "legacy-crs"
    | "unknown-crs"
    | "unsupported-crs"
    | "unreadable-prj"
    | "crs-mismatch"
    | "gcj02-needs-lonlat";
  message: string;
  details?: Record<string, unknown>;
}

export interface CrsQuestion {
  /** The user's choice (`sourceCrs`), overriding what the file says. */
  userCrs?: CrsCode;
  declared?: DeclaredCrs;
  /** The numbers as written, x first. Undefined when the file has no coordinates. */
  bbox?: Bbox;
  /** The user says the lon/lat were traced on a GCJ-02 web map (AMap, Tencent, DataV). */
  gcj02: boolean;
}

/** Decides the source system and explains it: user choice → file metadata → the numbers. */
export function resolveSourceCrs(question: CrsQuestion): CrsResolution | CrsProblem {
  const guess = question.bbox ? detectCrsFromBbox(question.bbox) : undefined;
  let resolution: CrsResolution | CrsProblem;
  if (question.userCrs) {
    resolution = chosen(question.userCrs, "user", [
      importNote(
        "crs-user",
        { crs: question.userCrs },
        `Coordinate system given by the user: ${question.userCrs}.`,
      ),
    ]);
  } else if (question.declared) {
    resolution = fromDeclared(question.declared, guess);
  } else if (guess) {
    resolution = fromGuess(guess);
  } else {
    resolution = chosen(STORAGE_CRS, "format", [
      importNote("crs-no-coordinates", {}, "The file has no coordinates; CGCS2000 lon/lat assumed."),
    ]);
  }
  if (!resolution.ok) return resolution;
  const mismatch = mismatchWith(resolution, guess, question.bbox);
  if (mismatch) return mismatch;
  if (guess?.outcome === "detected" && guess.code === resolution.code && guess.axesSwapped) {
    resolution.axesSwapped = true;
    addNote(
      resolution,
      importNote("crs-axes-swapped", {}, "The file writes the northing/latitude first: axes swapped."),
    );
  }
  return withGcj02(resolution, question.gcj02);
}

function addNote(resolution: CrsResolution, note: ImportNote): void {
  resolution.notes.push(note);
  resolution.assumed.push(note.text);
}

function chosen(code: CrsCode, source: CrsResolution["source"], first: ImportNote[]): CrsResolution {
  const definition = CRS_DEFINITIONS[code];
  const notes = [...first];
  if (code === WGS84_CRS) {
    notes.push(
      importNote(
        "crs-wgs84-stored-as-cgcs2000",
        {},
        "WGS84 lon/lat is stored as CGCS2000 lon/lat (EPSG:4490); the two differ by centimetres.",
      ),
    );
  }
  if (definition.kind === "projected") {
    notes.push(
      importNote(
        "crs-projected-taken-as-cgcs2000",
        {},
        "Projected numbers are taken as CGCS2000: Beijing 1954 / Xian 1980 numbers look alike but lie " +
          "tens of metres away; convert such files to CGCS2000 before importing.",
      ),
    );
  }
  return {
    ok: true,
    code,
    name: definition.name,
    source,
    axesSwapped: false,
    gcj02Converted: false,
    assumed: noteTexts(notes),
    notes,
  };
}

function fromDeclared(declared: DeclaredCrs, guess: CoordinateGuess | undefined): CrsResolution | CrsProblem {
  const reading = declared.reading;
  const where = {
    prj: "The .prj file",
    metadata: "The file's metadata",
    "file-header": "The file header",
    format: "The format",
  }[declared.source];
  switch (reading.kind) {
    case "known":
      return chosen(reading.code, declared.source, [
        importNote(
          "crs-declared",
          { source: declared.source, name: reading.name || reading.code, crs: reading.code },
          `${where} names ${reading.name || reading.code} (${reading.code}).`,
        ),
      ]);
    case "legacy":
      return {
        ok: false,
        code: "legacy-crs",
        message:
          `${where} names ${LEGACY_DATUMS[reading.datum]} ("${reading.name}"). It is not converted by guesswork: ` +
          "convert the file to CGCS2000 (EPSG:4490 or a CGCS2000 Gauss-Krüger zone) with the official " +
          "parameters, then import it again.",
        details: { datum: reading.datum, name: reading.name },
      };
    case "unsupported":
      return {
        ok: false,
        code: "unsupported-crs",
        message:
          `${where} names "${reading.name}", which is not CGCS2000/WGS84 lon/lat or a CGCS2000 3° ` +
          "Gauss-Krüger zone 38/39. Convert the file, or give sourceCrs if the coordinates are in one of those.",
        details: {
          name: reading.name,
          ...(guess?.outcome === "detected" ? { numbersLookLike: guess.code } : {}),
        },
      };
    case "unreadable":
      return {
        ok: false,
        code: "unreadable-prj",
        message: `${where} is not a coordinate-system definition (WKT). Fix or remove it, or give sourceCrs.`,
      };
  }
}

function fromGuess(guess: CoordinateGuess): CrsResolution | CrsProblem {
  switch (guess.outcome) {
    case "detected": {
      const resolution = chosen(guess.code, "coordinates", [
        importNote(
          "crs-detected",
          { crs: guess.code },
          `No coordinate-system metadata: detected ${guess.code} from the numbers (${guess.reason}).`,
        ),
      ]);
      if (guess.code === STORAGE_CRS) {
        addNote(
          resolution,
          importNote(
            "crs-lonlat-gcj02-hint",
            {},
            "Lon/lat taken as CGCS2000 (= WGS84 to centimetres). If the shapes were traced on AMap, " +
              "Tencent or DataV maps (GCJ-02), import again with gcj02=true.",
          ),
        );
      }
      return resolution;
    }
    case "legacy-suspected":
      return { ok: false, code: "legacy-crs", message: `The coordinates look legacy: ${guess.reason}.` };
    case "ambiguous":
      return {
        ok: false,
        code: "unknown-crs",
        message: `Cannot tell the coordinate system: ${guess.reason} (${guess.candidates.join(", ")}). Give sourceCrs.`,
        details: { candidates: guess.candidates },
      };
    case "unknown":
      return {
        ok: false,
        code: "unknown-crs",
        message: `Cannot tell the coordinate system: ${guess.reason}. Give sourceCrs.`,
      };
  }
}

/** A declared or chosen system that puts the data outside Beijing while another system fits: refuse. */
function mismatchWith(
  resolution: CrsResolution,
  guess: CoordinateGuess | undefined,
  bbox: Bbox | undefined,
): CrsProblem | undefined {
  if (!bbox) return undefined;
  const geographic = CRS_DEFINITIONS[resolution.code].kind === "geographic";
  const looksLikeDegrees = bbox.every((value) => Math.abs(value) <= 180);
  if (geographic !== looksLikeDegrees && guess?.outcome !== "detected") {
    return {
      ok: false,
      code: "crs-mismatch",
      message:
        `${resolution.assumed[0]} But the coordinates (x ${bbox[0]}–${bbox[2]}, y ${bbox[1]}–${bbox[3]}) ` +
        `are ${looksLikeDegrees ? "degrees" : "not degrees"}. Fix the file, or give sourceCrs.`,
      details: { declared: resolution.code },
    };
  }
  if (guess?.outcome !== "detected") return undefined;
  const sameSystem =
    guess.code === resolution.code ||
    (CRS_DEFINITIONS[guess.code].kind === "geographic" &&
      CRS_DEFINITIONS[resolution.code].kind === "geographic");
  if (sameSystem) return undefined;
  return {
    ok: false,
    code: "crs-mismatch",
    message:
      `${resolution.assumed[0]} But the coordinates (x ${bbox[0]}–${bbox[2]}, y ${bbox[1]}–${bbox[3]}) ` +
      `look like ${guess.code} (${CRS_DEFINITIONS[guess.code].name}). Fix the file, or give sourceCrs.`,
    details: { declared: resolution.code, numbersLookLike: guess.code },
  };
}

function withGcj02(resolution: CrsResolution, gcj02: boolean): CrsResolution | CrsProblem {
  if (!gcj02) return resolution;
  if (CRS_DEFINITIONS[resolution.code].kind !== "geographic") {
    return {
      ok: false,
      code: "gcj02-needs-lonlat",
      message: `gcj02=true applies to lon/lat traced on Chinese web maps, but this file is in ${resolution.code}.`,
    };
  }
  resolution.gcj02Converted = true;
  addNote(
    resolution,
    importNote(
      "crs-gcj02-converted",
      {},
      "GCJ-02 lon/lat (AMap/Tencent/DataV) converted to WGS84/CGCS2000 with gcoord; never stored offset.",
    ),
  );
  return resolution;
}
