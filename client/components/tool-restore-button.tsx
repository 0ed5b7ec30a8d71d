import { useState } from "react";
import { restoreBlockVersion } from "../api/block-tools.js";
import type { BlockFeature } from "../api/blocks.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useReview } from "./review-context.js";
import { problemText } from "./tool-problem.js";

interface RestoreButtonProps {
  block: BlockFeature;
  version: number;
  /** Called after the restore was written (the history lists the new version at once). */
  onRestored?(): void;
}

/** 恢复为此版本: asks once, then writes the earlier version's content as a new version (POST …/restore). */
export function ToolRestoreButton({ block, version, onRestored }: RestoreButtonProps) {
  const messages = useMessages();
  const text = messages.tools.restore;
  const { reload } = useReview();
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const { id, parkId, parkName, status } = block.properties;
  const denied = useDenial()("blocks.edit", { id: parkId, name: parkName }, status);

  async function restore() {
    setAsking(false);
    const result = await restoreBlockVersion(id, block.properties.version, version);
    if (result.ok) {
      setOutcome({ ok: true, text: text.done(version, result.value.properties.version) });
      onRestored?.();
      reload();
    } else setOutcome({ ok: false, text: text.failed(problemText(messages, result.problem)) });
  }

  return (
    <div className="restore-version">
      {asking ? (
        <fieldset className="confirm-row">
          <span>{text.confirm(version)}</span>
          <button type="button" data-testid={`restore-confirm-${version}`} onClick={() => void restore()}>
            {messages.tools.confirm}
          </button>
          <button type="button" className="link-button" onClick={() => setAsking(false)}>
            {messages.tools.cancel}
          </button>
        </fieldset>
      ) : (
        <button
          type="button"
          className="link-button"
          data-testid={`restore-version-${version}`}
          disabled={denied !== null}
          title={denied ?? undefined}
          onClick={() => setAsking(true)}
        >
          {text.button}
        </button>
      )}
      {outcome ? <p className={outcome.ok ? "ok" : "error"}>{outcome.text}</p> : null}
    </div>
  );
}
