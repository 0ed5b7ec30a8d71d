import { useEffect, useState } from "react";
import { type AuditEvent, fetchAudit } from "../api/audit.js";
import type { ApiProblem } from "../api/request.js";
import { useMessages } from "../i18n/i18n-context.js";
import { AuditRows } from "./audit-rows.js";
import "../styles/audit.css";

/** The most recent rows shown under a block's history (the audit view pages through all of them). */
const TRAIL_ROWS = 50;

type TrailState =
  | { status: "loading" }
  | { status: "failed"; problem: ApiProblem }
  | { status: "ready"; events: AuditEvent[]; total: number };

/** 审计记录 of one block: its rows, and imports or batches that named it (GET /api/audit?blockId=). */
export function BlockAuditTrail({ blockId, currentVersion }: { blockId: number; currentVersion: number }) {
  const messages = useMessages();
  const [state, setState] = useState<TrailState>({ status: "loading" });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version of the block means a new audit row
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    void fetchAudit({ blockId }, { limit: TRAIL_ROWS, offset: 0 }, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setState(
        result.ok
          ? { status: "ready", events: result.value.events, total: result.value.total }
          : { status: "failed", problem: result.problem },
      );
    });
    return () => controller.abort();
  }, [blockId, currentVersion]);

  if (state.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (state.status === "failed")
    return <p className="error">{messages.review.common.failed(state.problem.message)}</p>;
  if (state.events.length === 0) return <p className="muted">{messages.review.audit.blockTrailEmpty}</p>;
  return (
    <div className="audit-trail" data-testid="block-audit-trail">
      <AuditRows events={state.events} showEntity={false} />
    </div>
  );
}
