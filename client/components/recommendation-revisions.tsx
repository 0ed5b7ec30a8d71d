import { useState } from "react";
import {
  createRevision,
  fetchNotices,
  fetchRevisions,
  type Revision,
  revisionsExportUrl,
} from "../api/evaluation-notices.js";
import { fetchRecommendations } from "../api/evaluations.js";
import type { ApiProblem } from "../api/request.js";
import { formatDateTime } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { InputRow } from "./input-row.js";
import { useApi } from "./review-context.js";

interface Candidate {
  blockId: number;
  name: string;
  category: string;
  rank: number | null;
}

/**
 * 优先推荐纳入国家高新区 (issue #13): the list in force of an approved year (latest revision: blocks with their reasons,
 * who/when/why), the count of revisions, the XLSX export, and for staff a form recording a new revision.
 */
export function RecommendationRevisions({ year }: { year: number }) {
  const messages = useMessages();
  const text = messages.review.revisions;
  const [reload, setReload] = useState(0);
  const revisions = useApi((signal) => fetchRevisions(year, signal), [year, reload]);
  const approval = useApi((signal) => fetchNotices(year, signal), [year]);
  if (revisions.status !== "ready") return null;
  const { current, revisions: all } = revisions.value;
  const approved = approval.status === "ready" && approval.value.state === "approved";
  return (
    <section className="recommendation-revisions" data-testid="recommendation-revisions">
      <h3>{text.title}</h3>
      {current ? <CurrentList revision={current} /> : <p className="muted small">{text.none}</p>}
      {all.length > 0 ? (
        <p className="small">
          {text.earlier(all.length)} ·{" "}
          <a href={revisionsExportUrl(year)} download data-testid="revisions-export">
            {text.export}
          </a>
        </p>
      ) : null}
      {approved ? (
        <RevisionForm
          key={`${year}-${current?.id ?? 0}`}
          year={year}
          current={current}
          onSaved={() => setReload((count) => count + 1)}
        />
      ) : (
        <p className="muted small">{text.notApproved}</p>
      )}
    </section>
  );
}

function CurrentList({ revision }: { revision: Revision }) {
  const messages = useMessages();
  const text = messages.review.revisions;
  return (
    <div data-testid="revision-current" data-revision={revision.id}>
      <p className="small">
        <strong>{text.current(revision.name, revision.revisedOn)}</strong> ·{" "}
        {text.by(revision.createdBy, formatDateTime(messages.locale, revision.createdAt))}
      </p>
      {revision.reason ? (
        <p className="small">
          {text.why}：{revision.reason}
        </p>
      ) : null}
      <ul className="plain-list">
        {revision.recommended.map((block) => (
          <li key={block.blockId} data-testid={`revision-block-${block.blockId}`}>
            {block.name}{" "}
            <span className="muted small">
              {block.category} · {messages.review.ranking.rank} {block.rank} / {block.rankedInCategory} ·{" "}
              {block.inRule ? text.inRule : text.outsideRule}
            </span>
            <br />
            <span className="small">{block.reason}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RevisionForm({
  year,
  current,
  onSaved,
}: {
  year: number;
  current: Revision | null;
  onSaved: () => void;
}) {
  const messages = useMessages();
  const text = messages.review.revisions;
  const denied = useDenial()("evaluations.run");
  const rule = useApi((signal) => fetchRecommendations(year, signal), [year]);
  const [name, setName] = useState(current?.name ?? text.defaultName(year));
  const [revisedOn, setRevisedOn] = useState(new Date().toISOString().slice(0, 10));
  const [reason, setReason] = useState("");
  const [reasons, setReasons] = useState<Map<number, string>>(
    new Map((current?.recommended ?? []).map((block) => [block.blockId, block.reason])),
  );
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  if (denied) return null;
  const candidates = new Map<number, Candidate>();
  for (const block of current?.recommended ?? []) candidates.set(block.blockId, block);
  if (rule.status === "ready") {
    for (const category of ["A", "B"] as const) {
      for (const entry of rule.value.categories[category].recommended) {
        if (!candidates.has(entry.blockId)) candidates.set(entry.blockId, { ...entry, category });
      }
    }
  }
  const save = async () => {
    setProblem(null);
    const answer = await createRevision(year, {
      name,
      revisedOn,
      reason,
      blocks: [...reasons].map(([blockId, blockReason]) => ({ blockId, reason: blockReason })),
    });
    if (answer.ok) onSaved();
    else setProblem(answer.problem);
  };
  const toggle = (blockId: number, on: boolean) => {
    const next = new Map(reasons);
    if (on) next.set(blockId, next.get(blockId) ?? "");
    else next.delete(blockId);
    setReasons(next);
  };
  return (
    <details className="revision-form" data-testid="revision-form">
      <summary>{text.form}</summary>
      <InputRow label={text.name} value={name} testId="revision-name" onChange={setName} />
      <InputRow label={text.revisedOn} type="date" value={revisedOn} onChange={setRevisedOn} />
      <InputRow label={text.reason} value={reason} testId="revision-reason" onChange={setReason} />
      <p className="muted small">{text.pick}</p>
      <ul className="plain-list">
        {[...candidates.values()].map((candidate) => (
          <li key={candidate.blockId}>
            <label>
              <input
                type="checkbox"
                checked={reasons.has(candidate.blockId)}
                onChange={(event) => toggle(candidate.blockId, event.target.checked)}
                data-testid={`revision-pick-${candidate.blockId}`}
              />{" "}
              {candidate.name}{" "}
              <span className="muted small">
                {candidate.category} · {messages.review.ranking.rank} {candidate.rank ?? "—"}
              </span>
            </label>
            {reasons.has(candidate.blockId) ? (
              <input
                placeholder={text.blockReason}
                value={reasons.get(candidate.blockId) ?? ""}
                onChange={(event) => setReasons(new Map(reasons).set(candidate.blockId, event.target.value))}
                data-testid={`revision-block-reason-${candidate.blockId}`}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="primary-button"
        disabled={reason.trim() === "" || name.trim() === ""}
        onClick={() => void save()}
        data-testid="revision-save"
      >
        {text.save}
      </button>
      {problem ? (
        <p className="error" data-testid="revision-problem">
          {problem.message}
        </p>
      ) : null}
    </details>
  );
}
