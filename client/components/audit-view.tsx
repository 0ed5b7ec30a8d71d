import { useEffect, useState } from "react";
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
import { AuditFilterForm } from "./audit-filter-form.js";
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
  const text = useMessages().review.audit;
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const state = useAuditPage(filter, offset);
  const apply = (next: AuditFilter) => {
    setOffset(0);
    setFilter(next);
  };
  return (
    <div className="audit-view" data-testid="audit-view">
      <p className="muted">{text.hint}</p>
      <AuditFilterForm onApply={apply} />
      <AuditTools filter={filter} />
      <AuditPageView state={state} offset={offset} onOffset={setOffset} />
    </div>
  );
}

/** One page of events under the filter, loaded again when the filter or the offset changes. */
function useAuditPage(filter: AuditFilter, offset: number): PageState {
  const [state, setState] = useState<PageState>({ status: "loading" });
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
  return state;
}

/** Export of the filtered events (CSV, XLSX) and the check of the audit hash chain. */
function AuditTools({ filter }: { filter: AuditFilter }) {
  const messages = useMessages();
  const text = messages.review.audit;
  const [verify, setVerify] = useState<VerifyState>({ status: "idle" });
  const runVerify = () => {
    setVerify({ status: "running" });
    void verifyAudit().then((result) =>
      setVerify(
        result.ok ? { status: "done", result: result.value } : { status: "failed", problem: result.problem },
      ),
    );
  };
  return (
    <>
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
    </>
  );
}

/** The page of events with its position in the whole and previous / next buttons. */
function AuditPageView({
  state,
  offset,
  onOffset,
}: {
  state: PageState;
  offset: number;
  onOffset(offset: number): void;
}) {
  const messages = useMessages();
  const text = messages.review.audit;
  if (state.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (state.status === "failed") {
    return <p className="error">{messages.review.common.failed(state.problem.message)}</p>;
  }
  if (state.page.events.length === 0) return <p className="muted">{text.none}</p>;
  return (
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
          onClick={() => onOffset(Math.max(0, offset - PAGE_ROWS))}
        >
          {text.previous}
        </button>
        <button
          type="button"
          disabled={offset + PAGE_ROWS >= state.page.total}
          onClick={() => onOffset(offset + PAGE_ROWS)}
          data-testid="audit-next"
        >
          {text.next}
        </button>
      </div>
    </>
  );
}
