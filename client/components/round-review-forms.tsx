import { useState } from "react";
import { type ApplicationDetail, recordChecklist, recordOpinion } from "../api/rounds.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";

const CONDITIONS = ["industry-orientation", "infrastructure", "safety-and-environment"];

/** A department's opinion in the joint review (同意 / 不同意 / 修改后同意), recorded by a reviewer. */
export function OpinionForm({
  id,
  departments,
  onChanged,
}: {
  id: number;
  departments: string[];
  onChanged(next?: ApplicationDetail): void;
}) {
  const text = useMessages().rounds;
  const denial = useDenial()("reviews.record");
  const [department, setDepartment] = useState(departments[0] ?? "");
  const [opinion, setOpinion] = useState("agree");
  const [body, setBody] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  if (denial) return null;
  const submit = async () => {
    const result = await recordOpinion(id, { department, opinion, text: body });
    if (!result.ok) return setProblem(result.problem.message);
    setBody("");
    setProblem(null);
    onChanged();
  };
  return (
    <div className="round-form" data-testid="opinion-form">
      <strong>{text.opinions}</strong>
      <label>
        {text.department}
        <select
          value={department}
          data-testid="opinion-department"
          onChange={(e) => setDepartment(e.target.value)}
        >
          {departments.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label>
        {text.opinion}
        <select value={opinion} data-testid="opinion-value" onChange={(e) => setOpinion(e.target.value)}>
          {Object.entries(text.opinionValues).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {text.opinionText}
        <textarea
          rows={2}
          value={body}
          data-testid="opinion-text"
          onChange={(e) => setBody(e.target.value)}
        />
      </label>
      <button
        type="button"
        data-testid="opinion-submit"
        disabled={!body.trim()}
        onClick={() => void submit()}
      >
        {text.record}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The conditions a person judges: met / not met with a reason, for the current version. */
export function ChecklistForm({
  detail,
  onChanged,
}: {
  detail: ApplicationDetail;
  onChanged(next?: ApplicationDetail): void;
}) {
  const text = useMessages().rounds;
  const denial = useDenial()("reviews.record");
  const current = detail.checklist.filter((entry) => entry.version === detail.version);
  const initial = CONDITIONS.map((condition) => {
    const last = current.filter((e) => e.condition === condition).at(-1);
    return { condition, met: last?.met ?? true, reason: last?.reason ?? "" };
  });
  const [items, setItems] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  if (denial) return null;
  const set = (index: number, change: Partial<(typeof items)[number]>) =>
    setItems((list) => list.map((item, i) => (i === index ? { ...item, ...change } : item)));
  const submit = async () => {
    const result = await recordChecklist(detail.id, items);
    if (!result.ok) return setProblem(result.problem.message);
    setProblem(null);
    onChanged(result.value);
  };
  return (
    <div className="round-form" data-testid="checklist-form">
      <strong>{text.checklist}</strong>
      {items.map((item, index) => (
        <div key={item.condition} className="checklist-row">
          <span>{text.conditions[item.condition]}</span>
          <select
            value={item.met ? "met" : "not-met"}
            data-testid={`checklist-${item.condition}-met`}
            onChange={(e) => set(index, { met: e.target.value === "met" })}
          >
            <option value="met">{text.met}</option>
            <option value="not-met">{text.notMet}</option>
          </select>
          <input
            placeholder={text.reason}
            value={item.reason}
            data-testid={`checklist-${item.condition}-reason`}
            onChange={(e) => set(index, { reason: e.target.value })}
          />
        </div>
      ))}
      <button
        type="button"
        data-testid="checklist-submit"
        disabled={items.some((i) => !i.reason.trim())}
        onClick={() => void submit()}
      >
        {text.saveChecklist}
      </button>
      {detail.checklistMissing.length === 0 && <span className="muted"> ✓ {text.done}</span>}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
