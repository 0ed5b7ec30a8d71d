import type { ReductionRequestBody } from "../api/reductions.js";
import { useMessages } from "../i18n/i18n-context.js";

export const SIDES = ["left", "right", "north", "south", "east", "west"] as const;
export type Side = (typeof SIDES)[number];

/** What the planner chose for a reduction preview (§4.5 压减): uniform inset or a directional cut. */
export interface ReductionOptions {
  strategy: "inset" | "cut";
  angleDegrees: number;
  keepSide: Side;
  largestPartOnly: boolean;
}

export const DEFAULT_REDUCTION_OPTIONS: ReductionOptions = {
  strategy: "inset",
  angleDegrees: 0,
  keepSide: "west",
  largestPartOnly: false,
};

/** The request body for the options (the cut's angle and side only for a cut). */
export function reductionRequest({
  strategy,
  angleDegrees,
  keepSide,
  largestPartOnly,
}: ReductionOptions): ReductionRequestBody {
  return strategy === "inset"
    ? { strategy, largestPartOnly }
    : { strategy, angleDegrees, keepSide, largestPartOnly };
}

/** The strategy radio buttons, the cut's angle and side, and "largest part only". */
export function ReductionControls({
  options,
  onChange,
}: {
  options: ReductionOptions;
  onChange(options: ReductionOptions): void;
}) {
  const text = useMessages().review.exit;
  const { strategy, angleDegrees, keepSide, largestPartOnly } = options;
  const set = (change: Partial<ReductionOptions>) => onChange({ ...options, ...change });
  return (
    <>
      <fieldset className="controls">
        <legend className="visually-hidden">{text.strategy}</legend>
        <label>
          <input
            type="radio"
            name="strategy"
            data-testid="strategy-inset"
            checked={strategy === "inset"}
            onChange={() => set({ strategy: "inset" })}
          />{" "}
          {text.inset}
        </label>
        <label>
          <input
            type="radio"
            name="strategy"
            data-testid="strategy-cut"
            checked={strategy === "cut"}
            onChange={() => set({ strategy: "cut" })}
          />{" "}
          {text.cut}
        </label>
      </fieldset>
      {strategy === "cut" ? (
        <CutControls angleDegrees={angleDegrees} keepSide={keepSide} onChange={set} />
      ) : null}
      <label className="control-row checkbox">
        <input
          type="checkbox"
          checked={largestPartOnly}
          data-testid="largest-part-only"
          onChange={(event) => set({ largestPartOnly: event.target.checked })}
        />{" "}
        {text.largestPartOnly}
      </label>
    </>
  );
}

/** The directional cut's bearing and the side to keep. */
function CutControls({
  angleDegrees,
  keepSide,
  onChange,
}: {
  angleDegrees: number;
  keepSide: Side;
  onChange(change: Partial<ReductionOptions>): void;
}) {
  const text = useMessages().review.exit;
  return (
    <div className="controls">
      <label className="control-row">
        <span>{text.angle}</span>
        <span className="angle-input">
          <input
            type="range"
            min={0}
            max={179}
            value={angleDegrees}
            onChange={(event) => onChange({ angleDegrees: Number(event.target.value) })}
            aria-label={text.angle}
          />
          <input
            type="number"
            min={0}
            max={359}
            value={angleDegrees}
            data-testid="cut-angle"
            onChange={(event) => onChange({ angleDegrees: Number(event.target.value) })}
          />
          <AngleDial degrees={angleDegrees} />
        </span>
      </label>
      <label className="control-row">
        <span>{text.keepSide}</span>
        <select
          value={keepSide}
          data-testid="cut-side"
          onChange={(event) => onChange({ keepSide: event.target.value as Side })}
        >
          {SIDES.map((side) => (
            <option key={side} value={side}>
              {text.sides[side]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The cut line's bearing as a small compass (north up). */
function AngleDial({ degrees }: { degrees: number }) {
  const radians = (degrees * Math.PI) / 180;
  const dx = Math.sin(radians) * 11;
  const dy = -Math.cos(radians) * 11;
  return (
    <svg width={28} height={28} viewBox="-14 -14 28 28" aria-hidden="true" className="angle-dial">
      <circle r={13} className="dial-ring" />
      <text y={-7} textAnchor="middle" className="dial-north">
        N
      </text>
      <line x1={-dx} y1={-dy} x2={dx} y2={dy} className="dial-line" />
    </svg>
  );
}
