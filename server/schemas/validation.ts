import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

/**
 * Request validation with two Ajv instances:
 * - JSON bodies are checked as sent: no type coercion (`"parkId": "5"` is refused, not turned into 5);
 * - path, query and headers are text by nature: scalar coercion for numbers and booleans, while ids are
 *   matched as text by pattern (common.ts) so `1e1` or `0x10` never become numbers.
 * Neither strips unknown properties silently (`removeAdditional: false`): a schema that closes an object
 * refuses what it does not know. `allErrors: false` as Fastify does (one error, no DoS by huge inputs).
 */
// ajv-formats is CommonJS: its default export is the plugin under Node and `.default` under some bundlers.
const formatsPlugin = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;

function ajv(coerceTypes: boolean) {
  const instance = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
    // Errors carry their schema, so a pattern error can say what the pattern means (its description).
    verbose: true,
  });
  formatsPlugin(instance);
  return instance;
}

const bodyAjv = ajv(false);
const textAjv = ajv(true);

/**
 * A body schema wrapped in TypeBox's `Type.Optional` accepts a request without a body (Fastify passes
 * `null` for it); the route then reads `request.body ?? {}`.
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  if (httpPart !== "body") return textAjv.compile(schema);
  const validate = bodyAjv.compile(schema);
  if (!(schema as { "~optional"?: boolean })["~optional"]) return validate;
  const optional = (data: unknown) => {
    if (data === null || data === undefined) return true;
    const valid = validate(data);
    optional.errors = validate.errors;
    return valid;
  };
  optional.errors = null as typeof validate.errors;
  return optional;
};

export interface RequestProblem {
  /** Where: `body/properties/parkId`, `params/id`, `querystring/status`. */
  path: string;
  keyword: string;
  message: string;
}

/** One Ajv error → the field path and a sentence naming it (`body/properties/parkId must be integer`). */
export function requestProblem(context: string, error: ErrorObject): RequestProblem {
  const base = `${context}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const path = `${base}/${String(params.missingProperty)}`;
      return { path, keyword: error.keyword, message: `${path} is required` };
    }
    case "additionalProperties": {
      const path = `${base}/${String(params.additionalProperty)}`;
      return { path, keyword: error.keyword, message: `${path} is not a known property` };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ");
      return { path: base, keyword: error.keyword, message: `${base} must be one of ${allowed}` };
    }
    case "pattern": {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      const message = description ? `${base} must be ${description}` : `${base} ${error.message}`;
      return { path: base, keyword: error.keyword, message };
    }
    default:
      return { path: base, keyword: error.keyword, message: `${base} ${error.message ?? "is not valid"}` };
  }
}
