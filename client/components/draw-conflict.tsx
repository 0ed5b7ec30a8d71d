import type { MultiPolygon, Polygon } from "geojson";
import { useMemo, useState } from "react";
import { ellipsoidalAreaM2 } from "../../server/domain/geodesic.js";
import type { Park } from "../api/parks.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { type MergeRow, mergedValues, mergeRows, type Side, sideOf } from "./draw-merge.js";
import type { DrawSession } from "./draw-session.js";

/**
 * 他人已先保存: the three-way view (base / mine / theirs) of every field that differs — name, code, park, level,
 * attributes, boundary — with the side to keep, then one save over the server's version (draw-merge.ts).
 */
export function ConflictNotice({ session, parks }: { session: DrawSession; parks: Park[] }) {
  const messages = useMessages();
  const text = messages.draw.conflict;
  const { save, target, draw } = session;
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const input = useMemo(() => {
    if (save.status !== "conflict" || !save.theirs || target?.kind !== "edit" || !draw?.geometry) return null;
    return {
      base: target.base,
      mine: { form: session.form, geometry: draw.geometry },
      theirs: save.theirs,
    };
  }, [save, target, draw?.geometry, session.form]);
  const rows = useMemo(() => (input ? mergeRows(input) : []), [input]);
  if (save.status !== "conflict") return null;
  const shown = rows.filter((row) => row.changedBy !== "none" && row.changedBy !== "both-same");
  const version = target?.kind === "edit" ? target.version : save.mine;
  return (
    <div className="conflict" role="alert" data-testid="draw-conflict">
      <strong>{text.title}</strong>
      <p>{text.body(save.mine, save.currentVersion)}</p>
      {input ? (
        shown.length > 0 ? (
          <table className="merge-table" data-testid="draw-merge">
            <thead>
              <tr>
                <th>{text.field}</th>
                <th>{text.base(version)}</th>
                <th>{text.mine}</th>
                <th>{text.theirsColumn(save.currentVersion)}</th>
                <th>{text.use}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <MergeRowView
                  key={row.id}
                  row={row}
                  side={sideOf(row, choices)}
                  parks={parks}
                  geometries={{
                    base: input.base.geometry,
                    mine: input.mine.geometry,
                    theirs: input.theirs.geometry,
                  }}
                  onSide={(side) => setChoices({ ...choices, [row.id]: side })}
                />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{text.noDifference}</p>
        )
      ) : null}
      {save.comparing ? <p className="muted">{text.theirs}</p> : null}
      <div className="form-buttons">
        <button
          type="button"
          className="secondary-button"
          data-testid="draw-conflict-compare"
          onClick={session.toggleCompare}
        >
          {save.comparing ? text.hideCompare : text.compare}
        </button>
        <button
          type="button"
          className="primary-button"
          data-testid="draw-conflict-save"
          disabled={!input}
          onClick={() => input && session.submitMerged(mergedValues(input, rows, choices))}
        >
          {text.save}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="draw-conflict-reload"
          onClick={session.reloadTheirs}
        >
          {text.reload}
        </button>
      </div>
    </div>
  );
}

interface MergeRowViewProps {
  row: MergeRow;
  side: Side;
  parks: Park[];
  geometries: Record<"base" | "mine" | "theirs", Polygon | MultiPolygon>;
  onSide(side: Side): void;
}

function MergeRowView({ row, side, parks, geometries, onSide }: MergeRowViewProps) {
  const messages = useMessages();
  const { locale } = messages;
  const text = messages.draw.conflict;
  const { field } = row;
  const label =
    field.kind === "attribute"
      ? (messages.draw.attributes.labels[field.key] ?? field.key)
      : field.kind === "geometry"
        ? text.geometry
        : field.kind === "parkId"
          ? messages.draw.form.park
          : messages.draw.form[field.kind];
  const shown = (value: string, which: "base" | "mine" | "theirs") => {
    if (field.kind === "geometry")
      return `${formatKm2(locale, ellipsoidalAreaM2(geometries[which]) / 1e6)} ${messages.units.km2}`;
    if (!value) return text.empty;
    if (field.kind === "parkId") {
      const park = parks.find((candidate) => String(candidate.id) === value);
      return park ? (locale === "en" ? park.nameEn : park.name) : value;
    }
    if (field.kind === "level") return messages.level[value as "national" | "municipal"] ?? value;
    return value;
  };
  const note =
    row.changedBy === "both" ? text.both : row.changedBy === "theirs" ? text.onlyTheirs : text.onlyMine;
  return (
    <tr className={row.changedBy === "both" ? "merge-both" : undefined} data-testid={`merge-row-${row.id}`}>
      <th scope="row">
        {label}
        <br />
        <span className="muted small">{note}</span>
      </th>
      <td>{shown(row.base, "base")}</td>
      <td data-testid={`merge-mine-${row.id}`}>{shown(row.mine, "mine")}</td>
      <td data-testid={`merge-theirs-${row.id}`}>{shown(row.theirs, "theirs")}</td>
      <td>
        {(["mine", "theirs"] as const).map((option) => (
          <label key={option} className="merge-choice">
            <input
              type="radio"
              name={`merge-${row.id}`}
              data-testid={`merge-${row.id}-${option}`}
              checked={side === option}
              onChange={() => onSide(option)}
            />
            {option === "mine" ? text.useMine : text.useTheirs}
          </label>
        ))}
      </td>
    </tr>
  );
}
