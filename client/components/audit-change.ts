/** One field an audit row changed: its name and the values before and after (JSON text, shortened). */
export interface ChangedField {
  field: string;
  before: string;
  after: string;
}

const MAX_VALUE_CHARS = 80;

function shown(value: unknown): string {
  if (value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/**
 * The top-level fields whose values differ between an audit row's `before` and `after` (a new entity: every
 * field of `after`). Values are compared as JSON, so key order inside a value does not count as a change.
 */
export function changedFields(before: unknown, after: unknown): ChangedField[] {
  const from = isRecord(before) ? before : {};
  const to = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  return fields
    .filter((field) => canonical(from[field]) !== canonical(to[field]))
    .map((field) => ({ field, before: shown(from[field]), after: shown(to[field]) }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
