import { ENDED_STATUSES } from "../domain/block.js";

/** SQL list of the ended statuses (exited, withdrawn): `status not in (${ENDED_STATUSES_SQL})`. */
export const ENDED_STATUSES_SQL = ENDED_STATUSES.map((status) => `'${status}'`).join(", ");
