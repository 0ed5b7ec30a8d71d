import { useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
import { type CataloguePackageRequest, type Job, startCataloguePackage } from "../api/jobs.js";
import type { ApiProblem } from "../api/request.js";
import { useMessages } from "../i18n/i18n-context.js";
import { JobProgress, useWatchedJob } from "./job-progress.js";

type PackageScope = "in-force" | "park" | "selection";

/**
 * 目录申报材料包 (issue #18 item 6): which blocks (default: every block in force; or the selected block's
 * sub-park, or the selected block), the text encoding, then the job's stage and counts live, cancel, download.
 */
export function CataloguePackageDialog({ selected }: { selected: BlockFeature | undefined }) {
  const text = useMessages().review.jobs.catalogue;
  const [scope, setScope] = useState<PackageScope>("in-force");
  const [encoding, setEncoding] = useState<"gbk" | "utf-8">("gbk");
  const [started, setStarted] = useState<Job | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const watched = useWatchedJob(started);
  const effective = !selected && scope !== "in-force" ? "in-force" : scope;
  const body: CataloguePackageRequest =
    effective === "selection" && selected
      ? { ids: [selected.properties.id], status: selected.properties.status, encoding }
      : effective === "park" && selected
        ? { parkId: selected.properties.parkId, encoding }
        : { encoding };
  const start = async () => {
    setProblem(null);
    const answer = await startCataloguePackage(body);
    if (answer.ok) setStarted(answer.value);
    else setProblem(answer.problem);
  };
  return (
    <section className="catalogue-package" data-testid="catalogue-package">
      <h3>{text.title}</h3>
      <fieldset className="controls">
        <legend>{text.which}</legend>
        {(["in-force", "park", "selection"] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="catalogue-scope"
              data-testid={`catalogue-scope-${option}`}
              checked={effective === option}
              disabled={option !== "in-force" && !selected}
              onChange={() => setScope(option)}
            />{" "}
            {text.scopes[option]}
            {option !== "in-force" && selected ? (
              <span className="muted small"> ({selected.properties.name})</span>
            ) : null}
          </label>
        ))}
      </fieldset>
      <label className="control-row">
        <span>{text.encoding}</span>
        <select
          value={encoding}
          data-testid="catalogue-encoding"
          onChange={(event) => setEncoding(event.target.value as "gbk" | "utf-8")}
        >
          <option value="gbk">GBK（{text.gbkHint}）</option>
          <option value="utf-8">UTF-8</option>
        </select>
      </label>
      <button
        type="button"
        className="primary-button"
        disabled={watched.running}
        onClick={() => void start()}
        data-testid="catalogue-start"
      >
        {text.start}
      </button>
      {problem ? (
        <p className="error" data-testid="catalogue-problem">
          {problem.message}
        </p>
      ) : null}
      {watched.job ? <JobProgress job={watched.job} onCancel={() => void watched.cancel()} /> : null}
    </section>
  );
}
