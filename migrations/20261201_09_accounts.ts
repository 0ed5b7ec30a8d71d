import type { Knex } from "knex";

/**
 * Accounts (issue #11): local accounts with argon2id password hashes, the roles and their permissions as data
 * (an admin changes the matrix through `PUT /api/roles`), each account's park scope (`account_parks`, or `all_parks` for every park, also those added later), sessions
 * kept in the database (several app servers share one database) and API tokens for scripts, stored hashed.
 */
const DEFAULT_ROLES: Record<string, { name: string; nameEn: string; permissions: string[] }> = {
  district: {
    name: "区政府 / 分园管理机构",
    nameEn: "District government / sub-park body",
    permissions: ["blocks.edit", "blocks.submit", "imports.create", "indicators.edit", "analysis.run"],
  },
  reviewer: {
    name: "市科委 / 中关村管委会 审查",
    nameEn: "Reviewer",
    permissions: ["analysis.run", "reviews.record", "audit.read"],
  },
  lead: {
    name: "市科委 / 中关村管委会 领导",
    nameEn: "Lead",
    permissions: [
      "analysis.run",
      "reviews.record",
      "settings.edit",
      "weights.edit",
      "evaluations.run",
      "proposals.edit",
      "proposals.apply",
      "audit.read",
    ],
  },
  approver: {
    name: "市政府 批复登记",
    nameEn: "Approver",
    permissions: ["approvals.record", "evaluations.approve"],
  },
  admin: {
    name: "平台管理员",
    nameEn: "Administrator",
    permissions: ["users.admin", "roles.admin", "audit.read"],
  },
  viewer: { name: "查看", nameEn: "Viewer", permissions: [] },
};

export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table accounts (
      id serial primary key,
      login text not null unique check (login ~ '^[A-Za-z0-9._@-]{1,64}$'),
      name text not null,
      password_hash text,
      oidc_subject text unique,
      all_parks boolean not null default false,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz)`,
    `create table roles (
      role text primary key,
      name text not null,
      name_en text not null,
      permissions jsonb not null default '[]')`,
    `create table account_roles (
      account_id integer not null references accounts (id) on delete cascade,
      role text not null references roles (role) on update cascade,
      primary key (account_id, role))`,
    `create table account_parks (
      account_id integer not null references accounts (id) on delete cascade,
      park_id integer not null references parks (id),
      primary key (account_id, park_id))`,
    `create table sessions (
      id_hash text primary key,
      account_id integer not null references accounts (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null)`,
    `create index sessions_account_idx on sessions (account_id)`,
    `create table api_tokens (
      id serial primary key,
      account_id integer not null references accounts (id) on delete cascade,
      label text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz)`,
  ]) {
    await knex.raw(statement);
  }
  for (const [role, { name, nameEn, permissions }] of Object.entries(DEFAULT_ROLES)) {
    await knex("roles").insert({ role, name, name_en: nameEn, permissions: JSON.stringify(permissions) });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["api_tokens", "sessions", "account_parks", "account_roles", "roles", "accounts"]) {
    await knex.schema.dropTable(table);
  }
}
