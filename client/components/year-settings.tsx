import { useState } from "react";
import type { PolicySettings } from "../../server/domain/settings.js";
import { getJson, sendJson } from "../api/request.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useApi } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/** Each policy setting and its values (server/schemas/settings.ts; the server refuses any other). */
const OPTIONS: { [K in keyof PolicySettings]: PolicySettings[K][] } = {
  shareAtThreshold: ["above", "below"],
  parkAreaBasis: ["in-force-union", "in-force-sum"],
  underFloorAction: ["manual-review", "eliminate"],
  bottomShareRounding: ["floor", "round", "ceil"],
  bottomShareBase: ["all-ranked", "municipal-only"],
  missingDataPolicy: ["refuse", "leave-out", "count-as-lowest"],
};

interface SettingsAnswer {
  settings: PolicySettings;
  defaults: PolicySettings;
}

/** The settings for what the Measures leave open (GET/PUT /api/settings, history kept), for the lead to change. */
export function YearSettingsSection() {
  const [refresh, setRefresh] = useState(0);
  const loaded = useApi((signal) => getJson<SettingsAnswer>("/api/settings", signal), [refresh]);
  if (loaded.status !== "ready") return null;
  return (
    <SettingsForm
      key={JSON.stringify(loaded.value.settings)}
      answer={loaded.value}
      onSaved={() => setRefresh((count) => count + 1)}
    />
  );
}

function SettingsForm({ answer, onSaved }: { answer: SettingsAnswer; onSaved(): void }) {
  const text = useMessages().review.year;
  const denied = useDenial()("settings.edit");
  const { busy, problem, send } = useRequest();
  const [values, setValues] = useState<PolicySettings>(answer.settings);
  const changed = (Object.keys(values) as (keyof PolicySettings)[]).filter(
    (key) => values[key] !== answer.settings[key],
  );

  async function save() {
    const change = Object.fromEntries(changed.map((key) => [key, values[key]]));
    if (await send(() => sendJson("PUT", "/api/settings", change))) onSaved();
  }

  return (
    <section className="year-section" data-testid="year-settings">
      <h3>{text.settings}</h3>
      {(Object.keys(OPTIONS) as (keyof PolicySettings)[]).map((key) => (
        <label key={key} className="control-row">
          <span>{text.settingNames[key] ?? key}</span>
          <select
            value={values[key]}
            data-testid={`year-setting-${key}`}
            disabled={denied !== null}
            title={denied ?? undefined}
            onChange={(event) => setValues({ ...values, [key]: event.target.value })}
          >
            {OPTIONS[key].map((option) => (
              <option key={option} value={option}>
                {text.settingValues[option] ?? option}
                {option === answer.defaults[key] ? text.byDefault : ""}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button
        type="button"
        className="secondary-button"
        data-testid="year-save-settings"
        disabled={busy || denied !== null || changed.length === 0}
        title={denied ?? undefined}
        onClick={save}
      >
        {text.saveSettings}
      </button>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </section>
  );
}
