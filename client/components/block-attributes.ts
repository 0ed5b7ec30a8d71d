/**
 * A block's attributes (属性) as the form edits them: a key/value table. The known fields are the ones the
 * catalogue package reads (server/formats/catalogue-zones.ts: approvedOn, mainIndustries, approvedAreaHectares)
 * plus the demo's recognizedOn and note, and 批准机关; any other key may be added. Values are text, except the
 * approved area in 公顷, stored as a number (the catalogue sums it).
 */
export const KNOWN_ATTRIBUTES = [
  "mainIndustries",
  "approvedOn",
  "approvingAuthority",
  "approvedAreaHectares",
  "recognizedOn",
  "note",
] as const;
export type KnownAttribute = (typeof KNOWN_ATTRIBUTES)[number];

const NUMERIC_KEYS: ReadonlySet<string> = new Set(["approvedAreaHectares"]);

export interface AttributeEntry {
  key: string;
  value: string;
}

/** The stored attributes as rows, the known fields first (in their order), then the others by key. */
export function attributeEntries(attributes: object | undefined): AttributeEntry[] {
  const entries = Object.entries((attributes ?? {}) as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: typeof value === "string" ? value : JSON.stringify(value),
  }));
  const rank = (key: string) => {
    const index = (KNOWN_ATTRIBUTES as readonly string[]).indexOf(key);
    return index < 0 ? KNOWN_ATTRIBUTES.length : index;
  };
  return entries.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

/** The rows as the attributes object a write sends: blank keys and blank values left out (a cleared field). */
export function attributesOf(entries: readonly AttributeEntry[]): Record<string, string | number> {
  const attributes: Record<string, string | number> = {};
  for (const { key, value } of entries) {
    const name = key.trim();
    const text = value.trim();
    if (!name || !text) continue;
    const number = Number(text);
    attributes[name] = NUMERIC_KEYS.has(name) && Number.isFinite(number) ? number : text;
  }
  return attributes;
}
