import type { FastifyRequest } from "fastify";
import { CRS_CODES, type CrsCode, parseCrsCode } from "../domain/crs.js";
import { ApiError, badRequest } from "../errors.js";
import type { ReadFailure, ReadFailureReason } from "../formats/read-failure.js";
import { encodingFromLabel } from "../formats/text-encoding.js";
import { flag } from "./params.js";

/**
 * The upload of POST /imports: the multipart body (one file in the field `file`, a few option fields) and
 * the options, form fields over query parameters, checked into what the readers take.
 */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface ImportOptions {
  sourceCrs?: string;
  gcj02?: string;
  encoding?: string;
  repair?: string;
  /** The layer of a multi-layer file (GeoPackage table). */
  layer?: string;
  /** DXF: "layer" makes every CAD layer one block. */
  groupBy?: string;
}

/** The upload's options (form fields over query parameters), checked. */
export function parseOptions(raw: ImportOptions): {
  sourceCrs?: CrsCode;
  encoding?: string;
  layer?: string;
  groupBy?: "layer" | "nesting";
  gcj02: boolean;
  repair: boolean;
} {
  const sourceCrs = raw.sourceCrs ? parseCrsCode(raw.sourceCrs) : undefined;
  if (raw.sourceCrs && !sourceCrs) {
    throw badRequest("bad-source-crs", `sourceCrs "${raw.sourceCrs}" is not one of ${CRS_CODES.join(", ")}.`);
  }
  const encoding = raw.encoding ? encodingFromLabel(raw.encoding) : undefined;
  if (raw.encoding && !encoding) throw badRequest("bad-encoding", `Unknown text encoding: ${raw.encoding}.`);
  if (raw.groupBy !== undefined && raw.groupBy !== "layer" && raw.groupBy !== "nesting") {
    throw badRequest("bad-option", `groupBy must be "layer" or "nesting" (DXF), not "${raw.groupBy}".`);
  }
  return {
    ...(raw.layer ? { layer: raw.layer } : {}),
    ...(raw.groupBy ? { groupBy: raw.groupBy } : {}),
    ...(sourceCrs ? { sourceCrs } : {}),
    ...(encoding ? { encoding } : {}),
    gcj02: flag(raw.gcj02),
    repair: raw.repair === undefined ? true : flag(raw.repair),
  };
}

export async function readMultipart(request: FastifyRequest): Promise<{
  fileName: string;
  data: Uint8Array;
  fields: Record<string, string>;
}> {
  if (!request.isMultipart()) {
    throw badRequest("not-multipart", "Upload the file as multipart/form-data in the field `file`.");
  }
  const fields: Record<string, string> = {};
  let file: { fileName: string; data: Uint8Array } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") {
        if (part.fieldname !== "file")
          throw badRequest("bad-upload", `Unexpected file field "${part.fieldname}".`);
        file = { fileName: part.filename || "upload", data: new Uint8Array(await part.toBuffer()) };
      } else if (typeof part.value === "string") {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") {
      throw new ApiError(
        413,
        "file-too-large",
        `The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
      );
    }
    if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
      throw badRequest("bad-upload", "Send one file (field `file`) and a few option fields.");
    }
    throw badRequest("bad-upload", `The upload cannot be read: ${(error as Error).message}`);
  }
  if (!file) throw badRequest("no-file", "The upload has no file: send it in the multipart field `file`.");
  return { ...file, fields };
}

/** A file that unpacks past the limits is 413 (too large); every other reason a reader gives is 400. */
const READ_FAILURE_STATUS: Partial<Record<ReadFailureReason, number>> = {
  "zip-too-large": 413,
  "file-too-complex": 413,
  "too-many-rings": 413,
};

/** The HTTP error for a reader's failure: its reason is the error code, its message and details are kept. */
export function readError(failure: ReadFailure): ApiError {
  return new ApiError(
    READ_FAILURE_STATUS[failure.reason] ?? 400,
    failure.reason,
    failure.message,
    failure.details,
  );
}
