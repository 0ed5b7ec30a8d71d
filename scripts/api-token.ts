import { readConfig } from "../server/config.js";

/**
 * The API token the batch scripts run as (POST /api/tokens; issue #11: scripts are accounts too, and history and
 * the audit trail name that account), from API_TOKEN in the environment.
 */
export function tokenHeaders(mayWhat: string): { authorization: string } {
  const token = readConfig().apiToken;
  if (!token)
    throw new Error(`Set API_TOKEN to an API token (POST /api/tokens) of an account that may ${mayWhat}.`);
  return { authorization: `Bearer ${token}` };
}
