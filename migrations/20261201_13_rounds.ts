import type { Knex } from "knex";

/**
 * 一年一次集中认定 (issue #13, 《管理办法》第二部分 认定): rounds, the districts' applications, their materials (kept
 * in the database as bytea, so several app servers share them), every submitted version with its frozen
 * pre-checks, the departments' opinions, the judgement checklist, the 批复 and the application's history.
 * History, versions, opinions and replies are append-only (the trigger function of migration 04).
 * New permissions are added to the roles as data (an admin may have changed the matrix: appended if missing).
 */
const STATEMENTS = [
  `create table recognition_rounds (
    id serial primary key,
    year integer not null unique check (year between 2000 and 2100),
    name text not null,
    applications_until date not null,
    review_until date not null check (review_until >= applications_until),
    departments jsonb not null,
    state text not null default 'open' check (state in ('open', 'closed')),
    opened_by text not null,
    opened_at timestamptz not null default now(),
    closed_by text,
    closed_at timestamptz)`,
  "create unique index recognition_rounds_one_open on recognition_rounds ((state)) where state = 'open'",
  `create table round_applications (
    id serial primary key,
    round_id integer not null references recognition_rounds (id),
    district text not null,
    title text not null,
    block_ids jsonb not null,
    state text not null default 'draft'
      check (state in ('draft', 'submitted', 'reviewing', 'returned', 'reported', 'approved', 'rejected')),
    version integer not null default 0,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now())`,
  "create index round_applications_round_idx on round_applications (round_id, state)",
  `create table round_materials (
    id serial primary key,
    application_id integer not null references round_applications (id),
    kind text not null check (kind in ('request', 'indicators', 'plans', 'space-use', 'other', 'opinion')),
    file_name text not null,
    media_type text not null,
    size_bytes integer not null,
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content bytea not null,
    uploaded_by text not null,
    uploaded_at timestamptz not null default now(),
    removed_by text,
    removed_at timestamptz)`,
  "create index round_materials_application_idx on round_materials (application_id)",
  `create table round_application_versions (
    application_id integer not null references round_applications (id),
    version integer not null,
    title text not null,
    block_ids jsonb not null,
    material_ids jsonb not null,
    prechecks jsonb not null,
    submitted_by text not null,
    submitted_at timestamptz not null default now(),
    primary key (application_id, version))`,
  `create table round_opinions (
    id serial primary key,
    application_id integer not null references round_applications (id),
    version integer not null,
    department text not null,
    opinion text not null check (opinion in ('agree', 'disagree', 'agree-after-changes')),
    text text not null,
    material_ids jsonb not null default '[]',
    recorded_by text not null,
    recorded_at timestamptz not null default now())`,
  `create table round_checklist_entries (
    id serial primary key,
    application_id integer not null references round_applications (id),
    version integer not null,
    condition text not null,
    met boolean not null,
    reason text not null,
    recorded_by text not null,
    recorded_at timestamptz not null default now())`,
  `create table round_events (
    id serial primary key,
    application_id integer not null references round_applications (id),
    version integer not null,
    action text not null,
    from_state text,
    to_state text not null,
    note jsonb not null default '{}',
    actor text not null,
    at timestamptz not null default now())`,
  "create index round_events_application_idx on round_events (application_id, id)",
  `create table round_replies (
    application_id integer primary key references round_applications (id),
    decision text not null check (decision in ('approved', 'rejected')),
    reference text not null,
    replied_on date not null,
    approved_block_ids jsonb not null,
    conditions text not null,
    reasons jsonb not null,
    recorded_by text not null,
    recorded_at timestamptz not null default now())`,
  ...[
    "round_application_versions",
    "round_opinions",
    "round_checklist_entries",
    "round_events",
    "round_replies",
  ].map(
    (table) =>
      `create trigger ${table}_append_only before update or delete on ${table}
        for each row execute function forbid_history_change()`,
  ),
];

const NEW_PERMISSIONS: Record<string, string[]> = {
  district: ["applications.edit", "applications.submit"],
  lead: ["rounds.manage"],
};

export async function up(knex: Knex): Promise<void> {
  for (const statement of STATEMENTS) await knex.raw(statement);
  for (const [role, permissions] of Object.entries(NEW_PERMISSIONS)) {
    for (const permission of permissions) {
      await knex.raw(
        `update roles set permissions = permissions || ?::jsonb
          where role = ? and not permissions @> ?::jsonb`,
        [JSON.stringify([permission]), role, JSON.stringify([permission])],
      );
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "round_replies",
    "round_events",
    "round_checklist_entries",
    "round_opinions",
    "round_application_versions",
    "round_materials",
    "round_applications",
    "recognition_rounds",
  ]) {
    await knex.raw(`drop table if exists ${table}`);
  }
}
