import type { Knex } from "knex";
import * as initial from "./20261129_01_initial.js";

/**
 * A static migration list: knex's own loader uses native import(), which fails for .ts files under vitest
 * (STACK-NOTES.md). Append new migrations here, in order.
 */
const migrations: Record<string, Knex.Migration> = {
  "20261129_01_initial": initial,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
