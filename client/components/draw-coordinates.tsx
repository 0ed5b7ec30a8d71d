import { type FormEvent, useState } from "react";
import {
  type CoordinateField,
  type CoordinateSystem,
  parseCoordinateEntry,
} from "../geo/coordinate-entry.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { DrawSession } from "./draw-session.js";

/**
 * 坐标输入 (issue #18 item 8): type lon/lat or Gauss-Krüger X/Y (zone 39, as in boundary-point files) to add
 * a vertex to the ring being drawn or edited, or to move the chosen vertex. A wrong number is named by its
 * field; nothing changes on the map then.
 */
export function DrawCoordinates({ session }: { session: DrawSession }) {
  const text = useMessages().draw.coordinates;
  const draw = session.draw;
  const [system, setSystem] = useState<CoordinateSystem>("lonlat");
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  if (!draw || draw.tool === "idle") return null;
  const fields: [CoordinateField, CoordinateField] = system === "lonlat" ? ["lng", "lat"] : ["x", "y"];

  const apply = (action: "add" | "move") => {
    const entry = parseCoordinateEntry(system, first, second);
    if (!entry.ok) {
      setProblem(text.problem(text.fields[entry.field], entry.problem));
      return;
    }
    setProblem(null);
    if (action === "add") session.addVertexAt(entry.lngLat);
    else if (!session.moveVertexTo(entry.lngLat)) setProblem(text.chooseVertex);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply("add");
  };
  const pending = draw.typedPoints.length;
  return (
    <form className="draw-coordinates" data-testid="draw-coordinates" onSubmit={onSubmit} noValidate>
      <h3>{text.title}</h3>
      <label>
        {text.system}
        <select
          data-testid="coord-system"
          value={system}
          onChange={(event) => {
            setSystem(event.target.value as CoordinateSystem);
            setProblem(null);
          }}
        >
          <option value="lonlat">{text.systems.lonlat}</option>
          <option value="gk39">{text.systems.gk39}</option>
        </select>
      </label>
      <div className="draw-coordinates-fields">
        <label>
          {text.fields[fields[0]]}
          <input
            data-testid="coord-first"
            inputMode="decimal"
            value={first}
            placeholder={text.placeholders[fields[0]]}
            aria-invalid={problem !== null}
            onChange={(event) => setFirst(event.target.value)}
          />
        </label>
        <label>
          {text.fields[fields[1]]}
          <input
            data-testid="coord-second"
            inputMode="decimal"
            value={second}
            placeholder={text.placeholders[fields[1]]}
            aria-invalid={problem !== null}
            onChange={(event) => setSecond(event.target.value)}
          />
        </label>
      </div>
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
      {problem ? (
        <p className="error" role="alert" data-testid="coord-problem">
          {problem}
        </p>
      ) : (
        <p className="muted">{draw.tool === "edit" ? text.hintEdit : text.hintDraw}</p>
      )}
    </form>
  );
}
