import type { FormEvent } from "react";
import { useMessages } from "../i18n/i18n-context.js";
import { CoordinateFields, useCoordinateEntry } from "./coordinate-fields.js";
import type { DrawSession } from "./draw-session.js";

/**
 * 坐标输入 (issue #18 item 8): type lon/lat or Gauss-Krüger X/Y (zone 39, as in boundary-point files) to add
 * a vertex to the ring being drawn or edited, or to move the chosen vertex. A wrong number is named by its
 * field; nothing changes on the map then.
 */
export function DrawCoordinates({ session }: { session: DrawSession }) {
  const text = useMessages().draw.coordinates;
  const draw = session.draw;
  const entry = useCoordinateEntry();
  if (!draw || draw.tool === "idle") return null;

  const apply = (action: "add" | "move") => {
    const lngLat = entry.read();
    if (!lngLat) return;
    if (action === "add") session.addVertexAt(lngLat);
    else if (!session.moveVertexTo(lngLat)) entry.setProblem(text.chooseVertex);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply("add");
  };
  const pending = draw.typedPoints.length;
  return (
    <form className="draw-coordinates" data-testid="draw-coordinates" onSubmit={onSubmit} noValidate>
      <h3>{text.title}</h3>
      <CoordinateFields entry={entry} testIdPrefix="coord" />
      <div className="draw-coordinates-actions">
        <button type="submit" data-testid="coord-add">
          {text.add}
        </button>
        <button
          type="button"
          data-testid="coord-move"
          disabled={!draw.selectedVertex}
          title={draw.selectedVertex ? undefined : text.chooseVertex}
          onClick={() => apply("move")}
        >
          {text.move}
        </button>
      </div>
      {pending > 0 ? (
        <p className="muted" data-testid="coord-pending">
          {text.pending(pending)}
        </p>
      ) : null}
      {entry.problem ? (
        <p className="error" role="alert" data-testid="coord-problem">
          {entry.problem}
        </p>
      ) : (
        <p className="muted">{draw.tool === "edit" ? text.hintEdit : text.hintDraw}</p>
      )}
    </form>
  );
}
