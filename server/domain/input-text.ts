/**
 * Text and shape rules for every JSON body (issue 15, "never 500"): PostgreSQL text cannot hold NUL
 * (U+0000), and a lone UTF-16 surrogate has no UTF-8 form, so both are refused up front, with the path of
 * the field; nesting deeper than MAX_JSON_DEPTH and objects with more than MAX_OBJECT_KEYS keys are refused
 * before any route walks them. The walk is iterative (a 100,000-deep body must not overflow the stack).
 */
export const MAX_JSON_DEPTH = 32;
export const MAX_OBJECT_KEYS = 1_000;

export type BodyProblem = { code: "bad-text" | "too-deep" | "too-many-keys"; path: string; message: string };

export function bodyProblem(body: unknown): BodyProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: "body", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === "string") {
      const text = textProblem(value, path);
      if (text) return text;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      return { code: "too-deep", path, message: `${path} is nested deeper than ${MAX_JSON_DEPTH} levels.` };
    }
    const entries = Array.isArray(value)
      ? value.map((item, i) => [String(i), item] as const)
      : Object.entries(value);
    if (!Array.isArray(value) && entries.length > MAX_OBJECT_KEYS) {
      return {
        code: "too-many-keys",
        path,
        message: `${path} has ${entries.length} keys; at most ${MAX_OBJECT_KEYS} are accepted.`,
      };
    }
    for (const [key, item] of entries) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : `${path}/${key}`;
      if (!Array.isArray(value)) {
        const keyProblem = textProblem(key, `${path} (a key)`);
        if (keyProblem) return keyProblem;
      }
      stack.push({ value: item, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string, path: string): BodyProblem | undefined {
  if (text.includes("\u0000")) {
    return {
      code: "bad-text",
      path,
      message: `${path} contains a NUL character (U+0000), which text cannot hold.`,
    };
  }
  if (LONE_SURROGATE.test(text)) {
    return {
      code: "bad-text",
      path,
      message: `${path} contains a lone UTF-16 surrogate (not a character): send valid Unicode text.`,
    };
  }
  return undefined;
}
