import { ENDED_STATUSES, IN_FORCE_STATUSES } from "../domain/block.js";

/** SQL list of the ended statuses (exited, withdrawn): `status not in (${ENDED_STATUSES_SQL})`. */
export const ENDED_STATUSES_SQL = ENDED_STATUSES.map((status) => `'${status}'`).join(", ");

/** SQL list of the statuses in force (recognized, rectifying, reduced): `status in (${IN_FORCE_STATUSES_SQL})`. */
export const IN_FORCE_STATUSES_SQL = IN_FORCE_STATUSES.map((status) => `'${status}'`).join(", ");
