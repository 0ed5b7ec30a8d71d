import { type FormEvent, useState } from "react";
import type { AuditFilter } from "../api/audit.js";
import { useMessages } from "../i18n/i18n-context.js";
import { EMPTY_FORM, type FilterForm, filterOf } from "./audit-filter.js";

/** The audit filters: entity, id, actor, action and dates; apply sends the filter, reset clears it. */
export function AuditFilterForm({ onApply }: { onApply(filter: AuditFilter): void }) {
  const text = useMessages().review.audit;
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(filterOf(form));
  };
  const field = (key: keyof FilterForm) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
  });
  return (
    <form className="audit-filters" onSubmit={submit}>
      <label>
        <span>{text.filters.entity}</span>
        <select data-testid="audit-entity" {...field("entity")}>
          <option value="">{text.filters.anyEntity}</option>
          {Object.entries(text.entities).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{text.filters.entityId}</span>
        <input type="text" data-testid="audit-entity-id" {...field("entityId")} />
      </label>
      <label>
        <span>{text.filters.actor}</span>
        <input type="text" data-testid="audit-actor" {...field("actor")} />
      </label>
      <label>
        <span>{text.filters.action}</span>
        <select data-testid="audit-action" {...field("action")}>
          <option value="">{text.filters.anyEntity}</option>
          {Object.entries(text.actions).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{text.filters.from}</span>
        <input type="date" data-testid="audit-from" {...field("fromDate")} />
      </label>
      <label>
        <span>{text.filters.to}</span>
        <input type="date" data-testid="audit-to" {...field("toDate")} />
      </label>
      <div className="audit-buttons">
        <button type="submit" data-testid="audit-search">
          {text.filters.apply}
        </button>
        <button
          type="button"
          onClick={() => {
            setForm(EMPTY_FORM);
            onApply({});
          }}
        >
          {text.filters.reset}
        </button>
      </div>
    </form>
  );
}
