import { ellipsoidalAreaM2 } from "../../server/domain/geodesic.js";
import type { Park } from "../api/parks.js";
import { formatDegrees, formatHectares, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { OverlapConfirm, useOverlapConfirmation } from "./block-overlap-warning.js";
import { DrawAnalysis } from "./draw-analysis.js";
import { DrawAttributes } from "./draw-attributes.js";
import { ConflictNotice } from "./draw-conflict.js";
import { DrawCoordinates } from "./draw-coordinates.js";
import type { DrawSession } from "./draw-session.js";
import { BlockChangedNotice } from "./live-updates.js";
import "../styles/draw.css";

interface DrawPanelProps {
  session: DrawSession;
  parks: Park[];
}

/** The right panel while drawing or editing a block: live area, analysis, attributes, save, conflicts. */
export function DrawPanel({ session, parks }: DrawPanelProps) {
  const text = useMessages().draw;
  const { target, draw } = session;
  if (!target) return null;
  return (
    <aside className="context-panel draw-panel" data-testid="draw-panel" aria-labelledby="draw-title">
      <header className="panel-header">
        <h2 id="draw-title">
          {target.kind === "new" ? text.panel.titleNew : text.panel.titleEdit(target.name)}
        </h2>
        <button
          type="button"
          className="icon-button"
          onClick={session.cancel}
          aria-label={text.form.cancel}
          title={text.form.cancel}
        >
          ×
        </button>
      </header>
      <div className="tab-panel">
        {target.kind === "edit" ? <p className="muted">{text.panel.editingVersion(target.version)}</p> : null}
        {target.kind === "edit" ? (
          <BlockChangedNotice blockId={target.blockId} openedVersion={target.version} editing />
        ) : null}
        {session.draftRestored ? (
          <p className="notice" data-testid="draw-draft-restored">
            {text.panel.draftRestored}
          </p>
        ) : null}
        <p className="muted" data-testid="draw-hint">
          {text.panel.hint[draw?.tool ?? "idle"]}
        </p>
        <DrawLiveArea session={session} />
        <DrawCoordinates session={session} />
        <DrawAnalysis analysis={session.analysis} geometry={draw?.geometry ?? null} />
        <DrawForm session={session} parks={parks} />
      </div>
    </aside>
  );
}

/** The live ellipsoidal area of what is drawn (none while the boundary crosses itself), parts and notices. */
function DrawLiveArea({ session }: { session: DrawSession }) {
  const messages = useMessages();
  const { locale } = messages;
  const text = messages.draw;
  const { draw } = session;
  const live = draw?.liveGeometry ?? null;
  const areaM2 = live ? ellipsoidalAreaM2(live) : 0;
  // A boundary that crosses itself has no meaningful area.
  const crossing = (draw?.kinks.length ?? 0) > 0;
  const parts = (draw?.rings ?? []).filter((ring) => ring.role === "part").length;
  const holes = (draw?.rings ?? []).length - parts;
  return (
    <section className="draw-live">
      <h3>{text.panel.liveArea}</h3>
      <p className="draw-area" data-testid="draw-live-area" data-area-m2={areaM2}>
        <span className="number" data-testid="draw-live-km2">
          {crossing ? "—" : formatKm2(locale, areaM2 / 1e6)}
        </span>{" "}
        {messages.units.km2}
        <br />
        <span className="number" data-testid="draw-live-hectares">
          {crossing ? "—" : formatHectares(locale, areaM2 / 1e4)}
        </span>{" "}
        {messages.units.hectares}
      </p>
      {parts > 0 ? <p className="muted">{text.panel.parts(parts, holes)}</p> : null}
      {draw && draw.kinks.length > 0 ? (
        <p className="error" data-testid="draw-kinks" role="alert">
          {text.panel.kinks(draw.kinks.length)}
        </p>
      ) : null}
      {draw?.notice === "hole-outside-block" ? <p className="error">{text.panel.holeOutside}</p> : null}
      {draw?.selectedVertex ? <p className="muted">{text.panel.vertexSelected}</p> : null}
    </section>
  );
}

/** The block's name, park, level, code and attributes, and save/cancel; says what is still missing before it can be saved. */
function DrawForm({ session, parks }: DrawPanelProps) {
  const messages = useMessages();
  const { locale } = messages;
  const text = messages.draw;
  const { draw, form, save } = session;
  const overlapConfirmation = useOverlapConfirmation(session.analysis);
  const missing = !draw?.geometry
    ? text.form.needGeometry
    : draw.drawing
      ? text.form.finishFirst
      : !form.name.trim()
        ? text.form.needName
        : form.parkId === null
          ? text.form.needPark
          : !overlapConfirmation.confirmed
            ? messages.workspace.blockOverlap.needConfirm
            : null;
  const busy = save.status === "saving";
  return (
    <form
      className="draw-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!missing && !busy) session.submit();
      }}
    >
      <label>
        <span>{text.form.name}</span>
        <input
          data-testid="draw-name"
          value={form.name}
          placeholder={text.form.namePlaceholder}
          onChange={(event) => session.setForm({ ...form, name: event.target.value })}
        />
      </label>
      <label>
        <span>{text.form.park}</span>
        <select
          data-testid="draw-park"
          value={form.parkId ?? ""}
          onChange={(event) =>
            session.setForm({ ...form, parkId: event.target.value ? Number(event.target.value) : null })
          }
        >
          <option value="">{text.form.choosePark}</option>
          {parks.map((park) => (
            <option key={park.id} value={park.id}>
              {locale === "en" ? park.nameEn : park.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{text.form.level}</span>
        <select
          data-testid="draw-level"
          value={form.level}
          onChange={(event) =>
            session.setForm({
              ...form,
              level: event.target.value === "national" ? "national" : "municipal",
            })
          }
        >
          <option value="municipal">{messages.level.municipal}</option>
          <option value="national">{messages.level.national}</option>
        </select>
      </label>
      <DrawAttributes form={form} onChange={session.setForm} />
      <OverlapConfirm confirmation={overlapConfirmation} />
      {save.status === "failed" ? <SaveError session={session} /> : null}
      {save.status === "conflict" ? <ConflictNotice session={session} parks={parks} /> : null}
      {missing ? <p className="muted">{missing}</p> : null}
      <div className="form-buttons">
        <button type="submit" className="primary-button" data-testid="draw-save" disabled={!!missing || busy}>
          {busy ? text.form.saving : text.form.save}
        </button>
        <button type="button" className="secondary-button" data-testid="draw-cancel" onClick={session.cancel}>
          {text.form.cancel}
        </button>
      </div>
    </form>
  );
}

function SaveError({ session }: { session: DrawSession }) {
  const messages = useMessages();
  const { locale } = messages;
  const text = messages.draw;
  if (session.save.status !== "failed") return null;
  const { problem } = session.save;
  const details = (problem.details ?? {}) as { reason?: string; location?: number[] };
  const reason =
    problem.code === "invalid-geometry" && details.reason
      ? (text.errors.reasons[details.reason] ?? problem.message)
      : (text.errors.codes[problem.code] ?? problem.message);
  return (
    <div className="error" role="alert" data-testid="draw-save-error">
      <p>
        {text.errors.saveFailed}
        {reason}
      </p>
      {details.location && details.location.length >= 2 ? (
        <p>
          {text.errors.at(
            formatDegrees(locale, details.location[0]),
            formatDegrees(locale, details.location[1]),
          )}
        </p>
      ) : null}
    </div>
  );
}
