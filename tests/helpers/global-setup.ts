import type { TestProject } from "vitest/node";
import { dropTemplate, prepareTemplate } from "./database-template.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

/**
 * The api and browser projects each run this set-up; they share one template per run. Vitest runs every
 * project's set-up in the same process but loads this module once per project, so the shared state lives on
 * globalThis, and the last project's teardown drops the template.
 */
interface SharedTemplate {
  template: Promise<string>;
  users: number;
}
const shared = globalThis as typeof globalThis & { __testDatabaseTemplate?: SharedTemplate };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (!shared.__testDatabaseTemplate) {
    console.log(
      `Test database: ${databaseUrl ? "PostgreSQL + PostGIS server" : "embedded PGlite + PostGIS"}`,
    );
    shared.__testDatabaseTemplate = { template: prepareTemplate(databaseUrl), users: 0 };
  }
  const state = shared.__testDatabaseTemplate;
  state.users += 1;
  const template = await state.template;
  project.provide("databaseTemplate", template);
  return async () => {
    state.users -= 1;
    if (state.users > 0) return;
    shared.__testDatabaseTemplate = undefined;
    await dropTemplate(databaseUrl, template);
  };
}
