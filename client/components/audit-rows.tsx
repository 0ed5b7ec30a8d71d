import type { AuditEvent } from "../api/audit.js";
import { formatDateTime } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { changedFields } from "./audit-change.js";

/** Audit rows as a table: when, who, what, on what, and the fields it changed (before → after). */
export function AuditRows({ events, showEntity = true }: { events: AuditEvent[]; showEntity?: boolean }) {
  const messages = useMessages();
  const text = messages.review.audit;
  return (
    <table className="data-table audit-rows" data-testid="audit-rows">
      <thead>
        <tr>
          <th>{text.columns.at}</th>
          <th>{text.columns.actor}</th>
          <th>{text.columns.action}</th>
          {showEntity ? <th>{text.columns.entity}</th> : null}
          <th>{text.columns.change}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-testid="audit-row" data-action={event.action}>
            <td className="number" title={`#${event.id} · ${event.hash.slice(0, 12)}`}>
              {formatDateTime(messages.locale, event.at)}
            </td>
            <td>
              {event.actorName === "anonymous" ? text.anonymous : event.actorName}
              {event.roles.length > 0 ? <div className="muted">{event.roles.join(", ")}</div> : null}
            </td>
            <td>{text.actions[event.action] ?? event.action}</td>
            {showEntity ? (
              <td>
                {text.entities[event.entity] ?? event.entity}
                {event.entityId ? ` ${event.entityId}` : ""}
              </td>
            ) : null}
            <td>
              <ul className="audit-change">
                {changedFields(event.before, event.after).map((change) => (
                  <li key={change.field}>
                    <code>{change.field}</code>{" "}
                    {event.before === null ? change.after : `${change.before} → ${change.after}`}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
