import type { Config } from "./config.js";
import { blockStore } from "./db/block-store.js";
import type { Database } from "./db/connect.js";
import { evaluationStore } from "./db/evaluation-store.js";
import { parkStore } from "./db/park-store.js";
import { proposalApplier } from "./db/proposal-apply.js";
import { proposalStore } from "./db/proposal-store.js";
import { settingsStore } from "./db/settings-store.js";
import { zoneStore } from "./db/zone-store.js";

/** What every route plugin is given: the database and the stores over it. */
export interface AppContext {
  config: Config;
  db: Database;
  stores: Stores;
}

export function createStores(db: Database) {
  const blocks = blockStore(db.knex);
  const proposals = proposalStore(db.knex);
  return {
    blocks,
    parks: parkStore(db.knex),
    zones: zoneStore(db.knex),
    settings: settingsStore(db.knex),
    evaluations: evaluationStore(db.knex),
    proposals,
    applyProposal: proposalApplier(db.knex, blocks, proposals),
  };
}
export type Stores = ReturnType<typeof createStores>;
