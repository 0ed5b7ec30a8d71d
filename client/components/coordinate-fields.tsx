import { useState } from "react";
import { type CoordinateSystem, parseCoordinateEntry } from "../geo/coordinate-entry.js";
import { useMessages } from "../i18n/i18n-context.js";

/** What a coordinate form holds: the system, the two typed numbers and the problem shown under them. */
export interface CoordinateEntryState {
  system: CoordinateSystem;
  setSystem(system: CoordinateSystem): void;
  first: string;
  setFirst(value: string): void;
  second: string;
  setSecond(value: string): void;
  problem: string | null;
  setProblem(problem: string | null): void;
  /** The typed point; or null, with the wrong field named in `problem`. */
  read(): [number, number] | null;
}

/**
 * Typed lon/lat or GK zone-39 X/Y (client/geo/coordinate-entry.ts), as the drawing panel's 坐标输入 and the site
 * check read them: a wrong number is named by its field.
 */
export function useCoordinateEntry(): CoordinateEntryState {
  const text = useMessages().draw.coordinates;
  const [system, setSystemState] = useState<CoordinateSystem>("lonlat");
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  return {
    system,
    setSystem: (value) => {
      setSystemState(value);
      setProblem(null);
    },
    first,
    setFirst,
    second,
    setSecond,
    problem,
    setProblem,
    read: () => {
      const entry = parseCoordinateEntry(system, first, second);
      if (!entry.ok) {
        setProblem(text.problem(text.fields[entry.field], entry.problem));
        return null;
      }
      setProblem(null);
      return entry.lngLat;
    },
  };
}

/** The system choice and the two number fields; test ids `<testIdPrefix>-system`, `-first`, `-second`. */
export function CoordinateFields({
  entry,
  testIdPrefix,
}: {
  entry: CoordinateEntryState;
  testIdPrefix: string;
}) {
  const text = useMessages().draw.coordinates;
  const fields = entry.system === "lonlat" ? (["lng", "lat"] as const) : (["x", "y"] as const);
  const values = [entry.first, entry.second];
  const setters = [entry.setFirst, entry.setSecond];
  return (
    <>
      <label>
        {text.system}
        <select
          data-testid={`${testIdPrefix}-system`}
          value={entry.system}
          onChange={(event) => entry.setSystem(event.target.value as CoordinateSystem)}
        >
          <option value="lonlat">{text.systems.lonlat}</option>
          <option value="gk39">{text.systems.gk39}</option>
        </select>
      </label>
      <div className="draw-coordinates-fields">
        {(["first", "second"] as const).map((slot, index) => (
          <label key={slot}>
            {text.fields[fields[index]]}
            <input
              data-testid={`${testIdPrefix}-${slot}`}
              inputMode="decimal"
              value={values[index]}
              placeholder={text.placeholders[fields[index]]}
              aria-invalid={entry.problem !== null}
              onChange={(event) => setters[index](event.target.value)}
            />
          </label>
        ))}
      </div>
    </>
  );
}
