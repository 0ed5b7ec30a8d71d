import { INPUT_FIELDS } from "../../server/domain/evaluation-indicators.js";
import type { ApplicationVersion } from "../api/rounds.js";
import { formatDateTime, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";

/** An input field's name in the UI language (the indicator list is the server's, shared). */
function fieldName(key: string, locale: string): string {
  const field = INPUT_FIELDS.find((f) => f.key === key);
  return field ? (locale === "en" ? field.en : field.zh) : key;
}

const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);

/** The pre-checks frozen with a submitted version: per block, then the composition headroom after it. */
export function RoundPrechecks({ version }: { version: ApplicationVersion }) {
  const messages = useMessages();
  const text = messages.rounds;
  const { prechecks } = version;
  const km2 = (value: number) => formatKm2(messages.locale, value);
  return (
    <section data-testid="application-prechecks">
      <h4>{text.prechecks(version.version, formatDateTime(messages.locale, prechecks.computedAt))}</h4>
      {prechecks.blocks.map((block) => (
        <div key={block.blockId} className="precheck-block" data-testid={`precheck-${block.blockId}`}>
          <strong>{block.name}</strong>
          <span className="muted"> · {text.zgcShare(percent(block.zgc.shareInside))}</span>
          <table className="data-table precheck-table">
            <tbody>
              {block.checks.map((check) => (
                <tr key={check.key} className={`check-${check.status}`}>
                  <td>{text.checkNames[check.key] ?? check.key}</td>
                  <td data-testid={`check-${block.blockId}-${check.key}`}>
                    {text.checkStatus[check.status] ?? check.status}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="precheck-notes">
            {block.otherBlocks.map((other) => (
              <li key={other.id}>{text.overlapsBlock(other.name, percent(other.shareOfBlock))}</li>
            ))}
            {block.growth.indicators
              .filter((entry) => entry.status !== "no-data")
              .map((entry) => (
                <li key={entry.indicator} className={`check-${entry.status}`}>
                  {text.growth(
                    fieldName(entry.indicator, messages.locale),
                    percent(entry.blockGrowth),
                    percent(entry.districtGrowth),
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
      <p className={prechecks.composition.exceeds ? "warning" : "muted"} data-testid="precheck-headroom">
        {text.headroom(
          km2(prechecks.composition.headroomKm2),
          km2(prechecks.composition.applicationAreaKm2),
          km2(prechecks.composition.headroomAfterKm2),
        )}
      </p>
    </section>
  );
}
