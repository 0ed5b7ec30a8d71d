import type { FeatureCollection } from "geojson";
import { useEffect, useState } from "react";
import { fetchBlock } from "../api/blocks.js";
import { type ApplicationDetail, fetchApplication, materialUrl, uploadMaterial } from "../api/rounds.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { formatDateTime, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useApi, useOverlay, useReview } from "./review-context.js";
import { RoundPrechecks } from "./round-prechecks.js";
import { ChecklistForm, OpinionForm } from "./round-review-forms.js";
import { RoundSteps } from "./round-steps.js";

/** One application on the board: its blocks (outlined on the map), materials, pre-checks, opinions, history. */
export function RoundApplication({ id, departments }: { id: number; departments: string[] }) {
  const text = useMessages().rounds;
  const [generation, setGeneration] = useState(0);
  const loaded = useApi((signal) => fetchApplication(id, signal), [id, generation]);
  const [detail, setDetail] = useState<ApplicationDetail | null>(null);
  useEffect(() => {
    if (loaded.status === "ready") setDetail(loaded.value);
  }, [loaded]);
  const shapes = useBlockShapes(detail?.blocks.map((b) => b.id) ?? []);
  useOverlay("import", shapes);
  if (loaded.status === "failed")
    return (
      <p className="error" role="alert">
        {loaded.problem.message}
      </p>
    );
  if (!detail) return <p className="muted">…</p>;
  const changed = (next?: ApplicationDetail) => (next ? setDetail(next) : setGeneration((n) => n + 1));
  const latest = detail.versions.at(-1);
  return (
    <article className="round-application" data-testid="round-application" data-state={detail.state}>
      <h3>
        {detail.title}{" "}
        <span className={`state-badge state-${detail.state}`} data-testid="application-state">
          {text.states[detail.state]}
        </span>
      </h3>
      <p className="muted">
        {detail.district} · v{detail.version}
      </p>
      <ReturnedNotice detail={detail} />
      <BlockList detail={detail} />
      <Materials detail={detail} onChanged={changed} />
      {latest ? <RoundPrechecks version={latest} /> : <p className="muted">{text.noPrechecks}</p>}
      <Opinions detail={detail} />
      {detail.state === "reviewing" && (
        <>
          <OpinionForm id={detail.id} departments={departments} onChanged={changed} />
          <ChecklistForm detail={detail} onChanged={changed} />
        </>
      )}
      <RoundSteps detail={detail} onChanged={changed} />
      {detail.reply && <Reply detail={detail} />}
      <History detail={detail} />
    </article>
  );
}

/** The blocks' boundaries (GET /api/blocks/:id) for the map overlay; the map zooms to them once loaded. */
function useBlockShapes(blockIds: number[]): FeatureCollection | null {
  const { mapView } = useReview();
  const [shapes, setShapes] = useState<FeatureCollection | null>(null);
  const key = blockIds.join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the block ids
  useEffect(() => {
    const controller = new AbortController();
    void Promise.all(blockIds.map((id) => fetchBlock(id, controller.signal))).then((results) => {
      if (controller.signal.aborted) return;
      const features = results.flatMap((r) =>
        r.ok ? [{ ...r.value, properties: { role: "imported", name: r.value.properties.name } }] : [],
      );
      setShapes({ type: "FeatureCollection", features });
      const box = boundingBoxOf(features);
      if (box) mapView?.fitBounds(box);
    });
    return () => controller.abort();
  }, [key, mapView]);
  return shapes;
}

function BlockList({ detail }: { detail: ApplicationDetail }) {
  const messages = useMessages();
  const text = messages.rounds;
  const { selectBlock } = useReview();
  return (
    <section data-testid="application-blocks">
      <h4>{text.blocks}</h4>
      <ul>
        {detail.blocks.map((block) => (
          <li key={block.id}>
            {block.name}（{block.parkName}，{formatKm2(messages.locale, block.areaKm2)} km²，
            {messages.status[block.status as keyof typeof messages.status] ?? block.status}）{" "}
            <button type="button" className="link-button" onClick={() => selectBlock(block.id, true)}>
              {text.showOnMap}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Materials({ detail, onChanged }: { detail: ApplicationDetail; onChanged(): void }) {
  const text = useMessages().rounds;
  const denial = useDenial()("applications.edit");
  const editable = !denial && (detail.state === "draft" || detail.state === "returned");
  const [kind, setKind] = useState("request");
  const [problem, setProblem] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const result = await uploadMaterial(detail.id, kind, file);
    setProblem(result.ok ? null : result.problem.message);
    onChanged();
  };
  const kinds = detail.missingMaterials.map((k) => text.materialKinds[k] ?? k).join("、");
  return (
    <section data-testid="application-materials">
      <h4>{text.materials}</h4>
      <p className={detail.missingMaterials.length ? "warning" : "muted"} data-testid="materials-missing">
        {detail.missingMaterials.length ? text.missing(kinds) : text.complete}
      </p>
      <ul>
        {detail.materials
          .filter((m) => !m.removed)
          .map((material) => (
            <li key={material.id}>
              <span className="tag">{text.materialKinds[material.kind] ?? material.kind}</span>{" "}
              <a href={materialUrl(detail.id, material.id)} download={material.fileName}>
                {material.fileName}
              </a>{" "}
              <span className="muted" title={`SHA-256 ${material.sha256}`}>
                {text.sizeKb((material.sizeBytes / 1024).toFixed(1))} · {material.sha256.slice(0, 12)}…
              </span>
            </li>
          ))}
      </ul>
      {editable && (
        <div className="upload-row">
          <select value={kind} data-testid="material-kind" onChange={(e) => setKind(e.target.value)}>
            {["request", "indicators", "plans", "space-use", "other"].map((k) => (
              <option key={k} value={k}>
                {text.materialKinds[k]}
              </option>
            ))}
          </select>
          <input
            type="file"
            data-testid="material-file"
            aria-label={text.upload}
            onChange={(e) => void upload(e.target.files?.[0])}
          />
        </div>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function Opinions({ detail }: { detail: ApplicationDetail }) {
  const text = useMessages().rounds;
  if (detail.opinions.length === 0 && detail.state !== "reviewing") return null;
  return (
    <section data-testid="application-opinions">
      <h4>{text.opinions}</h4>
      <ul>
        {detail.opinions.map((o) => (
          <li key={o.id}>
            v{o.version} · <strong>{o.department}</strong>：{text.opinionValues[o.opinion] ?? o.opinion} —{" "}
            {o.text} <span className="muted">（{o.recordedBy}）</span>
          </li>
        ))}
      </ul>
      {detail.state === "reviewing" && detail.departmentsMissing.length > 0 && (
        <p className="warning">{text.waitingFor(detail.departmentsMissing.join("、"))}</p>
      )}
    </section>
  );
}

function Reply({ detail }: { detail: ApplicationDetail }) {
  const text = useMessages().rounds;
  const reply = detail.reply;
  if (!reply) return null;
  const names = (ids: number[]) =>
    detail.blocks
      .filter((b) => ids.includes(b.id))
      .map((b) => b.name)
      .join("、");
  return (
    <section data-testid="application-reply" className={`reply reply-${reply.decision}`}>
      <h4>{text.reply}</h4>
      <p>{text.replyLine(reply.reference, reply.repliedOn)}</p>
      {reply.approvedBlockIds.length > 0 && (
        <p>
          {text.approvedBlocks}：{names(reply.approvedBlockIds)}
        </p>
      )}
      {reply.conditions && (
        <p>
          {text.conditionsText}：{reply.conditions}
        </p>
      )}
      {Object.entries(reply.reasons).map(([key, reason]) => (
        <p key={key}>
          {text.reason}（{key === "application" ? detail.title : names([Number(key)])}）：{reason}
        </p>
      ))}
    </section>
  );
}

/** 退回修改: why the lead returned it, where the district looks first (the history keeps every return). */
function ReturnedNotice({ detail }: { detail: ApplicationDetail }) {
  const text = useMessages().rounds;
  if (detail.state !== "returned") return null;
  const returned = detail.events.findLast((event) => event.action === "return");
  const reason = returned?.note.reason;
  if (typeof reason !== "string") return null;
  return (
    <p className="notice" role="status" data-testid="application-returned-reason">
      <strong>{text.returnReason}：</strong>
      {reason}
    </p>
  );
}

function History({ detail }: { detail: ApplicationDetail }) {
  const messages = useMessages();
  const text = messages.rounds;
  return (
    <section data-testid="application-history">
      <h4>{text.history}</h4>
      <ol className="round-history">
        {detail.events.map((event) => (
          <li key={`${event.at}-${event.action}-${event.version}`}>
            {formatDateTime(messages.locale, event.at)} · {event.actor} ·{" "}
            {text.actions[event.action] ?? text.events[event.action] ?? event.action}
            {event.from && ` (${text.states[event.from]} → ${text.states[event.to]})`}
            {typeof event.note.reason === "string" && `：${event.note.reason}`}
            {typeof event.note.opinion === "string" && `：${event.note.opinion}`}
          </li>
        ))}
      </ol>
    </section>
  );
}
