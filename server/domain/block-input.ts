import { type BlockLevel, type BlockStatus, isBlockLevel, isBlockStatus } from "./block.js";

/** Attribute fields a client may set on a block. */
export interface BlockFields {
  code?: string | null;
  name?: string;
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
  attributes?: Record<string, unknown>;
}

export type FieldsCheck =
  | { valid: true; fields: BlockFields }
  | { valid: false; field: string; message: string };

const MAX_NAME_LENGTH = 200;

/**
 * Checks the attribute part of a block write. `required` lists the fields a create must have.
 * Unknown keys are ignored (a Feature may carry display properties such as areaKm2 back to us).
 */
export function checkBlockFields(value: unknown, required: readonly (keyof BlockFields)[]): FieldsCheck {
  const input = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const fields: BlockFields = {};
  for (const key of required) {
    if (input[key] === undefined || input[key] === null || input[key] === "") {
      return { valid: false, field: key, message: `The property "${key}" is required.` };
    }
  }
  if (input.name !== undefined) {
    if (typeof input.name !== "string" || input.name.trim() === "" || input.name.length > MAX_NAME_LENGTH) {
      return {
        valid: false,
        field: "name",
        message: `"name" must be a text of 1–${MAX_NAME_LENGTH} characters.`,
      };
    }
    fields.name = input.name.trim();
  }
  if (input.code !== undefined) {
    if (input.code !== null && (typeof input.code !== "string" || input.code.length > 64)) {
      return {
        valid: false,
        field: "code",
        message: `"code" must be a text of at most 64 characters, or null.`,
      };
    }
    fields.code = input.code;
  }
  if (input.parkId !== undefined) {
    if (!Number.isInteger(input.parkId) || (input.parkId as number) <= 0) {
      return {
        valid: false,
        field: "parkId",
        message: `"parkId" must be the id of a sub-park (a positive integer).`,
      };
    }
    fields.parkId = input.parkId as number;
  }
  if (input.level !== undefined) {
    if (!isBlockLevel(input.level)) {
      return { valid: false, field: "level", message: `"level" must be "national" or "municipal".` };
    }
    fields.level = input.level;
  }
  if (input.status !== undefined) {
    if (!isBlockStatus(input.status)) {
      return {
        valid: false,
        field: "status",
        message: `"status" is not a block status: ${String(input.status)}.`,
      };
    }
    fields.status = input.status;
  }
  if (input.attributes !== undefined) {
    if (
      typeof input.attributes !== "object" ||
      input.attributes === null ||
      Array.isArray(input.attributes)
    ) {
      return { valid: false, field: "attributes", message: `"attributes" must be an object.` };
    }
    const keys = Object.keys(input.attributes).length;
    if (keys > MAX_ATTRIBUTE_KEYS) {
      return {
        valid: false,
        field: "attributes",
        message: `"attributes" has ${keys} keys; a block keeps at most ${MAX_ATTRIBUTE_KEYS}.`,
      };
    }
    fields.attributes = input.attributes as Record<string, unknown>;
  }
  return { valid: true, fields };
}

const MAX_REASON_LENGTH = 2000;

/** The reason given with a lifecycle action: required, kept in the history next to who acted. */
export function checkActionReason(
  value: unknown,
): { valid: true; reason: string } | { valid: false; message: string } {
  if (typeof value !== "string" || value.trim() === "") {
    return { valid: false, message: 'Say why: "reason" (a text) is required for a status action.' };
  }
  if (value.length > MAX_REASON_LENGTH) {
    return { valid: false, message: `"reason" must be at most ${MAX_REASON_LENGTH} characters.` };
  }
  return { valid: true, reason: value.trim() };
}

/**
 * Attribute keys one block may carry (issue 15 item 5: 2,001 keys broke every catalogue package with "too many
 * columns"). Decision: 200 — a Shapefile's DBF holds 255 fields, and our own attributes use fewer than 20.
 */
export const MAX_ATTRIBUTE_KEYS = 200;
