import type { AuditFilter } from "../api/audit.js";

/** The filter form's fields: text as typed; dates as YYYY-MM-DD (Beijing days). */
export interface FilterForm {
  entity: string;
  entityId: string;
  actor: string;
  action: string;
  fromDate: string;
  toDate: string;
}

export const EMPTY_FORM: FilterForm = {
  entity: "",
  entityId: "",
  actor: "",
  action: "",
  fromDate: "",
  toDate: "",
};

/** The form as the API's filter: a day runs from 00:00 Beijing time (UTC+8); `to` includes its whole day. */
export function filterOf(form: FilterForm): AuditFilter {
  const dayStart = (date: string, plusDays = 0) => {
    const start = new Date(`${date}T00:00:00+08:00`);
    return new Date(start.getTime() + plusDays * 86_400_000).toISOString();
  };
  return {
    entity: form.entity || undefined,
    entityId: form.entityId.trim() || undefined,
    actor: form.actor.trim() || undefined,
    action: form.action || undefined,
    from: form.fromDate ? dayStart(form.fromDate) : undefined,
    to: form.toDate ? dayStart(form.toDate, 1) : undefined,
  };
}
