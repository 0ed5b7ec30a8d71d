import type { TestProject } from "vitest/node";
import { prepareTemplate } from "./database-template.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  console.log(`Test database: ${databaseUrl ? "PostgreSQL + PostGIS server" : "embedded PGlite + PostGIS"}`);
  project.provide("databaseTemplate", await prepareTemplate(databaseUrl));
}
