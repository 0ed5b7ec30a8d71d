import { useState } from "react";
import type { ApplicationState } from "../../server/domain/round-application.js";
import { APPLICATION_STATES } from "../../server/domain/round-application.js";
import type { BlockCollection } from "../api/blocks.js";
import { getJson } from "../api/request.js";
import {
  type ApplicationSummary,
  createApplication,
  fetchApplications,
  fetchRounds,
  openRound,
  type Round,
} from "../api/rounds.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial, useSession } from "./access-context.js";
import { useApi } from "./review-context.js";
import { RoundApplication } from "./round-application.js";
import "../styles/rounds.css";

/**
 * 集中认定 board (issue #13): the round (open or newest), its applications by state, a district's new application,
 * and one application's blocks, materials, pre-checks, opinions and history. The server decides who may; the
 * buttons only mirror it.
 */
export function RoundBoard() {
  const text = useMessages().rounds;
  const [generation, setGeneration] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const rounds = useApi((signal) => fetchRounds(signal), [generation]);
  const reload = () => setGeneration((n) => n + 1);
  if (rounds.status !== "ready")
    return <p className="muted">{rounds.status === "failed" ? rounds.problem.message : "…"}</p>;
  const round = rounds.value.find((r) => r.state === "open") ?? rounds.value[0];
  return (
    <div className="round-board" data-testid="round-board">
      <p className="muted">{text.hint}</p>
      {round ? <RoundHeader round={round} /> : <p data-testid="no-round">{text.noRound}</p>}
      {!rounds.value.some((r) => r.state === "open") && <OpenRoundForm onDone={reload} />}
      {round &&
        (selected === null ? (
          <ApplicationList round={round} generation={generation} onSelect={setSelected} onCreated={reload} />
        ) : (
          <>
            <button
              type="button"
              className="link-button"
              data-testid="round-back"
              onClick={() => {
                setSelected(null);
                reload();
              }}
            >
              ← {text.back}
            </button>
            <RoundApplication id={selected} departments={round.departments} />
          </>
        ))}
    </div>
  );
}

function RoundHeader({ round }: { round: Round }) {
  const text = useMessages().rounds;
  return (
    <div className="round-header" data-testid="round-header">
      <strong>{text.round(round.year, round.name)}</strong>
      <div className="muted">{text.roundDates(round.applicationsUntil, round.reviewUntil)}</div>
      <div className="muted">
        {text.departments}：{round.departments.join("、")}
      </div>
    </div>
  );
}

/** The applications of the round grouped by state, in the order of the procedure. */
function ApplicationList({
  round,
  generation,
  onSelect,
  onCreated,
}: {
  round: Round;
  generation: number;
  onSelect(id: number): void;
  onCreated(): void;
}) {
  const text = useMessages().rounds;
  const list = useApi((signal) => fetchApplications(round.id, signal), [round.id, generation]);
  if (list.status !== "ready")
    return <p className="muted">{list.status === "failed" ? list.problem.message : "…"}</p>;
  const byState = (state: ApplicationState) => list.value.filter((a) => a.state === state);
  return (
    <>
      {round.state === "open" && <NewApplicationForm roundId={round.id} onCreated={onCreated} />}
      <div className="round-states">
        {APPLICATION_STATES.map((state) => (
          <section key={state} className={`round-state state-${state}`} data-testid={`round-state-${state}`}>
            <h3>
              {text.states[state]} <span className="count">{byState(state).length}</span>
            </h3>
            {byState(state).length === 0 ? (
              <p className="muted">{text.none}</p>
            ) : (
              <ul>
                {byState(state).map((application) => (
                  <ApplicationRow key={application.id} application={application} onSelect={onSelect} />
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </>
  );
}

function ApplicationRow({
  application,
  onSelect,
}: {
  application: ApplicationSummary;
  onSelect(id: number): void;
}) {
  return (
    <li>
      <button
        type="button"
        className="link-button"
        data-testid={`application-${application.id}`}
        onClick={() => onSelect(application.id)}
      >
        {application.title}
      </button>
      <span className="muted">
        {" "}
        {application.district} · {application.blocks.map((b) => b.name).join("、")}
      </span>
    </li>
  );
}

/** A district's new application: a title and its 意向纳入 / 已申报 municipal blocks in its own parks. */
function NewApplicationForm({ roundId, onCreated }: { roundId: number; onCreated(): void }) {
  const text = useMessages().rounds;
  const denial = useDenial()("applications.edit");
  const session = useSession();
  const [title, setTitle] = useState("");
  const [blockIds, setBlockIds] = useState<number[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const candidates = useApi(
    async (signal) => {
      const [candidate, applied] = await Promise.all(
        ["candidate", "applied"].map((status) =>
          getJson<BlockCollection>(`/api/blocks?status=${status}&level=municipal`, signal),
        ),
      );
      if (!candidate.ok) return candidate;
      if (!applied.ok) return applied;
      const parks = session?.account.parkIds ?? [];
      const features = [...candidate.value.features, ...applied.value.features].filter((f) =>
        parks.includes(f.properties.parkId),
      );
      return { ok: true as const, value: features };
    },
    [roundId, denial],
  );
  if (denial) return null;
  const submit = async () => {
    const result = await createApplication(roundId, { title, blockIds });
    if (!result.ok) return setProblem(result.problem.message);
    setTitle("");
    setBlockIds([]);
    setProblem(null);
    onCreated();
  };
  return (
    <details className="round-form" data-testid="new-application">
      <summary>{text.newApplication}</summary>
      <label>
        {text.applicationTitle}
        <input value={title} data-testid="new-application-title" onChange={(e) => setTitle(e.target.value)} />
      </label>
      <fieldset>
        <legend>{text.pickBlocks}</legend>
        {candidates.status === "ready" &&
          candidates.value.map((feature) => (
            <label key={feature.properties.id} className="check-row">
              <input
                type="checkbox"
                data-testid={`pick-block-${feature.properties.id}`}
                checked={blockIds.includes(feature.properties.id)}
                onChange={(e) =>
                  setBlockIds((ids) =>
                    e.target.checked
                      ? [...ids, feature.properties.id]
                      : ids.filter((id) => id !== feature.properties.id),
                  )
                }
              />
              {feature.properties.name}（{feature.properties.parkName}）
            </label>
          ))}
      </fieldset>
      <button
        type="button"
        data-testid="create-application"
        disabled={!title.trim() || blockIds.length === 0}
        onClick={() => void submit()}
      >
        {text.create}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </details>
  );
}

/** A lead opens the year's round: name, the two deadlines and the departments of the joint review. */
function OpenRoundForm({ onDone }: { onDone(): void }) {
  const text = useMessages().rounds;
  const denial = useDenial()("rounds.manage");
  const year = new Date().getFullYear();
  // Defaults: applications for two months from today, the review for two more (the lead changes them).
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const [form, setForm] = useState({
    year,
    name: `${year}年度市级高新区集中认定`,
    applicationsUntil: inDays(60),
    reviewUntil: inDays(120),
    departments: "市发展改革委\n市规划自然资源委\n市生态环境局",
  });
  const [problem, setProblem] = useState<string | null>(null);
  if (denial) return null;
  const submit = async () => {
    const departments = form.departments
      .split("\n")
      .map((d) => d.trim())
      .filter(Boolean);
    const result = await openRound({ ...form, departments });
    if (!result.ok) return setProblem(result.problem.message);
    onDone();
  };
  const field = (key: "name" | "applicationsUntil" | "reviewUntil", type = "text") => (
    <label>
      {text[key]}
      <input type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <details className="round-form" data-testid="open-round">
      <summary>{text.openRound}</summary>
      <label>
        {text.year}
        <input
          type="number"
          value={form.year}
          onChange={(e) => setForm({ ...form, year: Number(e.target.value) })}
        />
      </label>
      {field("name")}
      {field("applicationsUntil", "date")}
      {field("reviewUntil", "date")}
      <label>
        {text.departments}（{text.departmentsHint}）
        <textarea
          rows={3}
          value={form.departments}
          onChange={(e) => setForm({ ...form, departments: e.target.value })}
        />
      </label>
      <button type="button" data-testid="open-round-submit" onClick={() => void submit()}>
        {text.open}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </details>
  );
}
