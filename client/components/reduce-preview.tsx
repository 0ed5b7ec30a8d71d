import { useRef, useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
import { previewReduction, type ReductionPreview, saveProposal } from "../api/reductions.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { InputRow } from "./input-row.js";
import { Legend, PreviewFigures } from "./reduce-figures.js";
import {
  DEFAULT_REDUCTION_OPTIONS,
  ReductionControls,
  type ReductionOptions,
  reductionRequest,
} from "./reduce-options.js";
import { useReview } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useCutLine } from "./use-cut-line.js";
import { useRequest } from "./use-request.js";

/**
 * The reduction preview (淘汰方式 · 压减): the controls, the preview's figures, and saving it as a proposal. Any
 * change of the options clears the figures of the previous preview (they no longer describe what is chosen);
 * the cut line is drawn on the map and its handles turn it, a release previews at once (issue #18 item 9).
 */
export function PreviewSection({
  block,
  preview,
  onRun,
  onPreview,
  onSaved,
}: {
  block: BlockFeature;
  preview: ReductionPreview | null;
  /** A preview is asked for: a proposal shown on the map gives way to it. */
  onRun(): void;
  onPreview(preview: ReductionPreview | null): void;
  onSaved(): void;
}) {
  const text = useMessages().review.exit;
  const blockId = block.properties.id;
  const saveDenied = useDenial()("proposals.edit");
  const { mapView } = useReview();
  const [options, setOptions] = useState<ReductionOptions>(DEFAULT_REDUCTION_OPTIONS);
  const { busy, problem, send, reset } = useRequest();
  const [note, setNote] = useState("");
  /** Counts option changes: a preview answered after a change describes other options and is dropped. */
  const generation = useRef(0);

  function change(next: ReductionOptions) {
    generation.current += 1;
    setOptions(next);
    onPreview(null);
    reset();
  }

  async function runPreview(chosen: ReductionOptions = options) {
    onRun();
    const asked = generation.current;
    const answer = await send(() => previewReduction(blockId, reductionRequest(chosen)));
    if (asked === generation.current) onPreview(answer);
  }

  useCutLine(mapView, block, options.angleDegrees, options.strategy === "cut", (angleDegrees, done) => {
    const next = { ...options, angleDegrees };
    change(next);
    if (done) void runPreview(next);
  });

  async function save() {
    const saved = await send(() =>
      saveProposal(blockId, { ...reductionRequest(options), ...(note ? { note } : {}) }),
    );
    if (saved === null) return;
    setNote("");
    onSaved();
  }

  return (
    <>
      <h3>{text.preview}</h3>
      <ReductionControls options={options} onChange={change} />
      {options.strategy === "cut" ? <p className="muted small">{text.dragHint}</p> : null}
      <button
        type="button"
        className="primary-button"
        data-testid="run-preview"
        disabled={busy}
        onClick={() => runPreview()}
      >
        {text.runPreview}
      </button>
      {problem ? <ProblemMessage problem={problem} testId="reduce-problem" /> : null}
      {preview ? <PreviewFigures preview={preview} /> : null}
      <Legend />
      {preview ? (
        <div className="controls">
          <InputRow label={text.note} value={note} maxLength={2000} onChange={setNote} />
          <button
            type="button"
            className="secondary-button"
            data-testid="save-proposal"
            disabled={busy || saveDenied !== null}
            title={saveDenied ?? undefined}
            onClick={save}
          >
            {text.saveProposal}
          </button>
        </div>
      ) : null}
    </>
  );
}
