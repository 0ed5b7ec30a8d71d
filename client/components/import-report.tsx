import type { ImportPreview } from "../api/imports.js";
import { formatHectares, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { BlockOverlapWarning } from "./block-overlap-warning.js";
import { ImportChoices } from "./import-choices.js";
import { importFeatureMessage, importNoteLines } from "./import-reason.js";
import type { CommitOptions, ImportLevel } from "./import-state.js";
import { useReview } from "./review-context.js";

const MAPPING_TARGETS = ["name", "code", "park", "level", "status"] as const;

/** The server's report on an uploaded file, the field mapping and defaults, and the commit button (issue 7). */
export function ImportReport({
  preview,
  choices,
  committed,
  working,
  onReread,
  onCommit,
  onDone,
}: {
  preview: ImportPreview;
  choices: CommitOptions;
  committed: number | null;
  /** A preview or commit job runs (or a commit is being asked for): the commit button waits. */
  working: boolean;
  onReread(option: { encoding?: string; layer?: string }): void;
  onCommit(): void;
  onDone(): void;
}) {
  const messages = useMessages();
  const text = messages.review.importer;
  return (
    <div data-testid="import-report">
      <h3>{text.crs}</h3>
      <p data-testid="import-crs-found">
        <strong>{preview.crs.code}</strong> {preview.crs.name}
      </p>
      <ul className="small muted" data-testid="import-notes">
        {importNoteLines(messages, preview.crs.notes, preview.crs.assumed).map((line) => (
          <li key={line}>{line}</li>
        ))}
        {importNoteLines(messages, preview.warningNotes, preview.warnings).map((line) => (
          <li key={line} className="warning">
            {line}
          </li>
        ))}
      </ul>
      <ImportChoices encoding={preview.encoding} layers={preview.layers} onReread={onReread} />
      <p data-testid="import-summary">
        {text.summary(
          preview.summary.total,
          preview.summary.accepted,
          preview.summary.repaired,
          preview.summary.rejected,
        )}
        {" · "}
        {formatKm2(messages.locale, preview.summary.areaKm2)} {messages.units.km2}
      </p>
      <FeatureTable features={preview.features} />
      <h3>{text.mapping}</h3>
      <FieldMapping fieldNames={preview.mapping.fields.map((field) => field.source)} choices={choices} />
      <h3>{text.defaults}</h3>
      <CommitDefaults choices={choices} />
      <button
        type="button"
        className="primary-button"
        data-testid="import-commit"
        disabled={committed !== null || working}
        onClick={onCommit}
      >
        {text.commit}
      </button>
      {committed !== null ? (
        <p className="success" role="status" data-testid="import-done">
          {text.committed(committed)}{" "}
          <button type="button" className="link-button" onClick={onDone}>
            {messages.review.common.close}
          </button>
        </p>
      ) : null}
    </div>
  );
}

/** One row per feature of the file: accepted, repaired or rejected, with its area and reasons. */
function FeatureTable({ features }: { features: ImportPreview["features"] }) {
  const messages = useMessages();
  const text = messages.review.importer;
  return (
    <table className="data-table" data-testid="import-features">
      <thead>
        <tr>
          <th>{text.feature}</th>
          <th>{text.result}</th>
          <th>{text.details}</th>
        </tr>
      </thead>
      <tbody>
        {features.map((feature) => (
          <tr key={feature.index} className={`outcome-${feature.outcome}`}>
            <td>
              {feature.index + 1}. {feature.fields?.name ?? feature.source}
            </td>
            <td>{text.outcome[feature.outcome]}</td>
            <td className="small" data-testid={`import-feature-details-${feature.index}`}>
              {feature.areaHectares !== undefined
                ? `${formatHectares(messages.locale, feature.areaHectares)} ${messages.units.hectares}`
                : ""}
              {feature.message || feature.reason ? ` ${importFeatureMessage(messages, feature)}` : ""}
              {[
                ...importNoteLines(messages, feature.changeNotes, feature.changes),
                ...importNoteLines(messages, feature.problemNotes, feature.problems),
              ].map((line) => (
                <div key={line}>{line}</div>
              ))}
              <BlockOverlapWarning
                overlaps={feature.blockOverlaps ?? []}
                testId={`import-block-overlaps-${feature.index}`}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Which field of the file fills each attribute of a block. */
function FieldMapping({ fieldNames, choices }: { fieldNames: string[]; choices: CommitOptions }) {
  const messages = useMessages();
  const { mapping, setMapping } = choices;
  return (
    <div className="mapping">
      {MAPPING_TARGETS.map((target) => (
        <label key={target} className="control-row">
          <span>{messages.panel[target]}</span>
          <select
            value={mapping[target] ?? ""}
            data-testid={`mapping-${target}`}
            onChange={(event) => setMapping({ ...mapping, [target]: event.target.value || null })}
          >
            <option value="">{messages.review.importer.noField}</option>
            {fieldNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}

/** Defaults for features the mapping leaves empty: park, level and a name prefix. */
function CommitDefaults({ choices }: { choices: CommitOptions }) {
  const messages = useMessages();
  const text = messages.review.importer;
  const { parks } = useReview();
  return (
    <>
      <label className="control-row">
        <span>{text.park}</span>
        <select
          value={choices.parkId}
          data-testid="import-park"
          onChange={(event) => choices.setParkId(event.target.value === "" ? "" : Number(event.target.value))}
        >
          <option value="">{text.noField}</option>
          {parks.map((park) => (
            <option key={park.id} value={park.id}>
              {messages.locale === "en" ? park.nameEn : park.name}
            </option>
          ))}
        </select>
      </label>
      <label className="control-row">
        <span>{text.level}</span>
        <select
          value={choices.level}
          data-testid="import-level"
          onChange={(event) => choices.setLevel(event.target.value as ImportLevel)}
        >
          <option value="">{text.noField}</option>
          <option value="municipal">{messages.level.municipal}</option>
          <option value="national">{messages.level.national}</option>
        </select>
      </label>
      <label className="control-row">
        <span>{text.namePrefix}</span>
        <input
          type="text"
          value={choices.namePrefix}
          maxLength={100}
          onChange={(event) => choices.setNamePrefix(event.target.value)}
        />
      </label>
    </>
  );
}
