import { useMessages } from "../i18n/i18n-context.js";
import { KNOWN_ATTRIBUTES } from "./block-attributes.js";
import type { DrawForm } from "./draw-draft.js";

interface DrawAttributesProps {
  form: DrawForm;
  onChange(form: DrawForm): void;
}

/**
 * 编号 and 属性: the block's code and its attributes as a key/value table; the known fields (主导产业, 批准时间,
 * 批准机关, 核准面积 …) are offered by name, any other key may be typed.
 */
export function DrawAttributes({ form, onChange }: DrawAttributesProps) {
  const messages = useMessages();
  const text = messages.draw;
  const labels = text.attributes.labels;
  const used = new Set(form.attributes.map((entry) => entry.key));
  const setEntry = (index: number, entry: { key: string; value: string }) =>
    onChange({
      ...form,
      attributes: form.attributes.map((current, at) => (at === index ? entry : current)),
    });
  const nextKnown = KNOWN_ATTRIBUTES.find((key) => !used.has(key)) ?? "";
  return (
    <>
      <label>
        <span>{text.form.code}</span>
        <input
          data-testid="draw-code"
          value={form.code}
          maxLength={64}
          placeholder={text.form.codePlaceholder}
          onChange={(event) => onChange({ ...form, code: event.target.value })}
        />
      </label>
      <fieldset className="draw-attributes" data-testid="draw-attributes">
        <legend>{text.attributes.title}</legend>
        <datalist id="known-attributes">
          {KNOWN_ATTRIBUTES.map((key) => (
            <option key={key} value={key}>
              {labels[key]}
            </option>
          ))}
        </datalist>
        {form.attributes.map((entry, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; a key may be retyped
          <div className="attribute-row" key={index} data-testid={`draw-attribute-${index}`}>
            <input
              aria-label={text.attributes.key}
              list="known-attributes"
              data-testid={`draw-attribute-key-${index}`}
              placeholder={text.attributes.keyPlaceholder}
              value={entry.key}
              title={labels[entry.key] ?? undefined}
              onChange={(event) => setEntry(index, { ...entry, key: event.target.value })}
            />
            <span className="attribute-label muted small">{labels[entry.key] ?? ""}</span>
            <input
              aria-label={labels[entry.key] ?? text.attributes.value}
              data-testid={`draw-attribute-value-${index}`}
              value={entry.value}
              onChange={(event) => setEntry(index, { ...entry, value: event.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={text.attributes.remove}
              title={text.attributes.remove}
              onClick={() =>
                onChange({ ...form, attributes: form.attributes.filter((_, at) => at !== index) })
              }
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link-button"
          data-testid="draw-attribute-add"
          onClick={() =>
            onChange({ ...form, attributes: [...form.attributes, { key: nextKnown, value: "" }] })
          }
        >
          + {text.attributes.add}
          {nextKnown ? `（${labels[nextKnown]}）` : ""}
        </button>
      </fieldset>
    </>
  );
}
