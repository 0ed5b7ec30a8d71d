import type { Knex } from "knex";

/** Tables a write could touch: their row counts and the blocks' versions, as one comparable string. */
const TABLES = [
  "blocks",
  "block_versions",
  "audit_events",
  "settings",
  "settings_versions",
  "park_official_areas",
  "reduction_proposals",
  "import_previews",
  "evaluation_indicator_values",
  "accounts",
  "api_tokens",
];

export async function stateChecksum(knex: Knex): Promise<string> {
  const counts: string[] = [];
  for (const table of TABLES) {
    const [{ count }] = await knex(table).count("* as count");
    counts.push(`${table}=${Number(count)}`);
  }
  const versions = await knex.raw(
    "select coalesce(sum(version), 0) as total, coalesce(max(id), 0) as top from blocks",
  );
  const row = versions.rows[0] as { total: number | string; top: number | string };
  return `${counts.join(" ")} versions=${Number(row.total)} top=${Number(row.top)}`;
}
