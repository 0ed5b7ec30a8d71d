import type { Stores } from "../app-context.js";
import type { Application } from "../db/round-store.js";
import {
  allowedApplicationActions,
  departmentsMissing,
  missingMaterials,
} from "../domain/round-application.js";
import { JUDGEMENT_CONDITIONS } from "../domain/round-prechecks.js";

/** Everything the round board shows of one application, as of now. */
export async function applicationDetail(stores: Stores, application: Application) {
  const records = stores.roundRecords;
  const id = application.id;
  const [round, blocks, materials, versions, opinions, checklist, events, reply] = await Promise.all([
    stores.rounds.rounds.get(application.roundId),
    records.blocks(application.blockIds),
    records.materials(id),
    records.versions(id),
    records.opinions(id),
    records.checklist(id),
    records.events(id),
    records.reply(id),
  ]);
  const current = materials.filter((material) => !material.removed);
  const judged = new Set(checklist.filter((e) => e.version === application.version).map((e) => e.condition));
  return {
    ...application,
    round: round && { id: round.id, year: round.year, name: round.name, departments: round.departments },
    blocks,
    materials,
    missingMaterials: missingMaterials(current.filter((m) => m.kind !== "opinion").map((m) => m.kind)),
    versions,
    opinions,
    departmentsMissing: departmentsMissing(round?.departments ?? [], opinions, application.version),
    checklist,
    checklistMissing: JUDGEMENT_CONDITIONS.filter((condition) => !judged.has(condition)),
    events,
    reply,
    allowedActions: allowedApplicationActions(application.state),
  };
}

/** A row of the board's list: the application with its blocks' names and areas. */
export async function applicationSummary(stores: Stores, application: Application) {
  const blocks = await stores.roundRecords.blocks(application.blockIds);
  return {
    ...application,
    blocks: blocks.map(({ id, code, name, parkName, status, areaKm2 }) => ({
      id,
      code,
      name,
      parkName,
      status,
      areaKm2,
    })),
  };
}
