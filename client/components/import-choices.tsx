import type { ImportEncoding, ImportLayer } from "../api/imports.js";
import { useMessages } from "../i18n/i18n-context.js";
import { importNoteText } from "./import-reason.js";

/**
 * What the server chose while reading the file, with the other choices (issue 17): the text encoding with
 * its reason and sample values under each plausible encoding, and the layers of a multi-layer file. Picking
 * another one reads the file again with that option, before anything is committed.
 */
export function ImportChoices({
  encoding,
  layers,
  onReread,
}: {
  encoding: ImportEncoding | undefined;
  layers: ImportLayer[] | undefined;
  onReread(option: { encoding?: string; layer?: string }): void;
}) {
  const messages = useMessages();
  const text = messages.review.importer;
  return (
    <>
      {encoding ? (
        <div className="small" data-testid="import-encoding">
          <p>
            {text.encodingUsed(
              encoding.used.toUpperCase(),
              encoding.reasonNote
                ? importNoteText(messages, encoding.reasonNote)
                : (encoding.reason ?? text.encodingSources[encoding.source] ?? encoding.source),
            )}
          </p>
          {encoding.alternatives?.some((option) => option.samples.length > 0) ? (
            <>
              <p className="muted">{text.encodingSamples}</p>
              <ul>
                {encoding.alternatives.map((option) => (
                  <li key={option.encoding} data-testid={`import-encoding-${option.encoding}`}>
                    <strong>{option.encoding.toUpperCase()}</strong>: {option.samples.join(" · ")}{" "}
                    {option.encoding !== encoding.used ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onReread({ encoding: option.encoding })}
                      >
                        {text.readAs(option.encoding.toUpperCase())}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {layers && layers.length > 1 ? (
        <div className="small" data-testid="import-layers">
          <p>{text.layers}</p>
          <ul>
            {layers.map((layer) => (
              <li key={layer.name}>
                <strong>{layer.name}</strong> ({text.layerFeatures(layer.featureCount)}, {layer.geometryType}){" "}
                {layer.chosen ? (
                  "✓"
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onReread({ layer: layer.name })}
                  >
                    {text.readLayer}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
