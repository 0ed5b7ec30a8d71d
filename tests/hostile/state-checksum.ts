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

/**
 * Every table of the schema (read from the catalogue, so a new table is covered without editing this list):
 * its row count, plus the blocks' summed versions and the highest block, version and audit ids — one query.
 * Left out: `jobs` (a started job moves on by itself after its 202) and `sessions`; a refused sign-in's own
 * `auth.login-failed` audit row is not counted (it is the record the Measures' 审计 asks for, not a write).
 */
export async function fullStateChecksum(knex: Knex): Promise<string> {
  const tables = (
    await knex.raw(
      `select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'
          and table_name not in ('jobs', 'sessions') and table_name not like 'knex_%'
          and table_name not like 'spatial_ref_sys%' order by table_name`,
    )
  ).rows as { name: string }[];
  const counts = tables.map(({ name }) =>
    name === "audit_events"
      ? `(select count(*) from "audit_events" where action <> 'auth.login-failed') as "${name}"`
      : `(select count(*) from "${name}") as "${name}"`,
  );
  const extra = [
    "(select coalesce(sum(version), 0) from blocks) as versions",
    "(select coalesce(max(id), 0) from blocks) as top_block",
    "(select coalesce(max(id), 0) from block_versions) as top_version",
    "(select coalesce(max(id), 0) from audit_events where action <> 'auth.login-failed') as top_audit",
  ];
  const row = (await knex.raw(`select ${[...counts, ...extra].join(", ")}`)).rows[0] as Record<
    string,
    number | string
  >;
  return Object.entries(row)
    .map(([key, value]) => `${key}=${Number(value)}`)
    .join(" ");
}
