import type { TestProject } from "vitest/node";
import { dropTemplate, prepareTemplate } from "./database-template.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  console.log(`Test database: ${databaseUrl ? "PostgreSQL + PostGIS server" : "embedded PGlite + PostGIS"}`);
  const template = await prepareTemplate(databaseUrl);
  project.provide("databaseTemplate", template);
  return () => dropTemplate(databaseUrl, template);
}
