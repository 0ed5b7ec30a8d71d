import { type FormEvent, useEffect, useState } from "react";
import {
  type AuditFilter,
  type AuditPage,
  type AuditVerify,
  auditExportUrl,
  fetchAudit,
  verifyAudit,
} from "../api/audit.js";
import type { ApiProblem } from "../api/request.js";
import { useMessages } from "../i18n/i18n-context.js";
import { EMPTY_FORM, type FilterForm, filterOf } from "./audit-filter.js";
import { AuditRows } from "./audit-rows.js";
import "../styles/audit.css";

const PAGE_ROWS = 50;

type PageState =
  | { status: "loading" }
  | { status: "failed"; problem: ApiProblem }
  | { status: "ready"; page: AuditPage };

type VerifyState =
  | { status: "idle" }
  | { status: "running" }
  | { status: "failed"; problem: ApiProblem }
  | { status: "done"; result: AuditVerify };

/** 审计记录: every change, newest first, filtered by entity, id, actor, action and dates; export; verify. */
export function AuditView() {
  const messages = useMessages();
  const text = messages.review.audit;
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const [state, setState] = useState<PageState>({ status: "loading" });
  const [verify, setVerify] = useState<VerifyState>({ status: "idle" });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    void fetchAudit(filter, { limit: PAGE_ROWS, offset }, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setState(
        result.ok ? { status: "ready", page: result.value } : { status: "failed", problem: result.problem },
      );
    });
    return () => controller.abort();
  }, [filter, offset]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setFilter(filterOf(form));
  };
  const field = (key: keyof FilterForm) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
  });
  const runVerify = () => {
    setVerify({ status: "running" });
    void verifyAudit().then((result) =>
      setVerify(
        result.ok ? { status: "done", result: result.value } : { status: "failed", problem: result.problem },
      ),
    );
  };

  return (
    <div className="audit-view" data-testid="audit-view">
      <p className="muted">{text.hint}</p>
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
              setOffset(0);
              setFilter({});
            }}
          >
            {text.filters.reset}
          </button>
        </div>
      </form>
      <div className="audit-buttons">
        <a href={auditExportUrl(filter, "csv")} download data-testid="audit-export-csv">
          {text.exportCsv}
        </a>
        <a href={auditExportUrl(filter, "xlsx")} download data-testid="audit-export-xlsx">
          {text.exportXlsx}
        </a>
        <button
          type="button"
          onClick={runVerify}
          disabled={verify.status === "running"}
          data-testid="audit-verify"
        >
          {verify.status === "running" ? text.verifying : text.verify}
        </button>
      </div>
      {verify.status === "done" ? (
        <p className={verify.result.ok ? "ok" : "error"} data-testid="audit-verify-result">
          {verify.result.ok
            ? text.verifyOk(verify.result.rows)
            : text.verifyBroken(verify.result.firstBrokenId ?? 0, verify.result.reason ?? "")}
        </p>
      ) : verify.status === "failed" ? (
        <p className="error">{messages.review.common.failed(verify.problem.message)}</p>
      ) : null}
      {state.status === "loading" ? (
        <p className="muted">{messages.review.common.loading}</p>
      ) : state.status === "failed" ? (
        <p className="error">{messages.review.common.failed(state.problem.message)}</p>
      ) : state.page.events.length === 0 ? (
        <p className="muted">{text.none}</p>
      ) : (
        <>
          <p className="muted" data-testid="audit-shown">
            {text.shown(offset + 1, offset + state.page.events.length, state.page.total)}
          </p>
          <div className="audit-scroll">
            <AuditRows events={state.page.events} />
          </div>
          <div className="audit-buttons">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_ROWS))}
            >
              {text.previous}
            </button>
            <button
              type="button"
              disabled={offset + PAGE_ROWS >= state.page.total}
              onClick={() => setOffset(offset + PAGE_ROWS)}
              data-testid="audit-next"
            >
              {text.next}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
