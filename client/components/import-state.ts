import type { FeatureCollection } from "geojson";
import { useState } from "react";
import {
  commitImport,
  fetchImport,
  fetchImportFeatures,
  type ImportPreview,
  uploadImport,
} from "../api/imports.js";
import { cancelJob, fetchJobResult, followJob, JOB_RUNNING_STATES, type Job } from "../api/jobs.js";
import type { ApiProblem } from "../api/request.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { OVERLAY_ROLES } from "../map/overlay-layers.js";
import { useOverlay, useReview } from "./review-context.js";

export type ImportLevel = "" | "national" | "municipal";

/** What the user chose before uploading: the file and how to read it. */
function useReadOptions() {
  const [file, setFile] = useState<File | null>(null);
  const [sourceCrs, setSourceCrs] = useState("");
  const [gcj02, setGcj02] = useState(false);
  const [encoding, setEncoding] = useState("");
  const [layer, setLayer] = useState("");
  const [dxfByLayer, setDxfByLayer] = useState(false);
  return {
    file,
    setFile,
    sourceCrs,
    setSourceCrs,
    gcj02,
    setGcj02,
    encoding,
    setEncoding,
    layer,
    setLayer,
    dxfByLayer,
    setDxfByLayer,
  };
}

/** The defaults and field mapping applied when the previewed import is committed. */
function useCommitOptions() {
  const [parkId, setParkId] = useState<number | "">("");
  const [level, setLevel] = useState<ImportLevel>("municipal");
  const [namePrefix, setNamePrefix] = useState("");
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  return { parkId, setParkId, level, setLevel, namePrefix, setNamePrefix, mapping, setMapping };
}

export type ReadOptions = ReturnType<typeof useReadOptions>;
export type CommitOptions = ReturnType<typeof useCommitOptions>;

/** State and requests of the import dialog (issue 7): upload with progress, preview, commit. */
export function useImportDialog() {
  const { reload, mapView } = useReview();
  const [shapes, setShapes] = useState<FeatureCollection | null>(null);
  useOverlay("import", shapes);
  const read = useReadOptions();
  const choices = useCommitOptions();
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [committed, setCommitted] = useState<number | null>(null);
  /** A commit asked for and not yet answered (inline) or ended (its job): the commit button waits. */
  const [committing, setCommitting] = useState(false);
  /** The preview or commit job of a large file (202), followed live; null for an inline answer. */
  const [job, setJob] = useState<Job | null>(null);

  /** Follows a job to its end: its result once it succeeded; a problem naming why when it failed. */
  async function resultOf<T>(started: Job): Promise<T | null> {
    const ended = await followJob(started, setJob);
    if (ended.state === "failed") {
      // The job's error is `code: message` when it refused like a 4xx (server/jobs/import-jobs.ts).
      const coded = /^([a-z][a-z0-9-]*): ([\s\S]*)$/.exec(ended.error ?? "");
      setProblem(
        coded ? { code: coded[1], message: coded[2] } : { code: "job-failed", message: ended.error ?? "" },
      );
      return null;
    }
    if (ended.state !== "succeeded") return null;
    const result = await fetchJobResult<T>(ended.id);
    if (!result.ok) {
      setProblem(result.problem);
      return null;
    }
    setJob(null);
    return result.value;
  }

  async function cancel() {
    if (!job) return;
    const cancelled = await cancelJob(job.id);
    if (cancelled.ok) setJob(cancelled.value);
    else setProblem(cancelled.problem);
  }

  async function showFeatures(importId: string) {
    const features = await fetchImportFeatures(importId);
    if (!features.ok) return;
    setShapes({
      type: "FeatureCollection",
      features: features.value.features.map((feature) => ({
        ...feature,
        properties: { ...feature.properties, role: OVERLAY_ROLES.imported },
      })),
    });
    const box = boundingBoxOf(features.value.features);
    if (box) mapView?.fitBounds(box, 15);
  }

  /** Uploads the file; `reread` reads it again with another encoding or layer the report offered. */
  async function upload(reread: { encoding?: string; layer?: string } = {}) {
    if (!read.file) return;
    const form = new FormData();
    const chosenEncoding = reread.encoding ?? read.encoding;
    const chosenLayer = reread.layer ?? read.layer;
    if (reread.encoding) read.setEncoding(reread.encoding);
    if (reread.layer) read.setLayer(reread.layer);
    if (read.sourceCrs) form.append("sourceCrs", read.sourceCrs);
    if (read.gcj02) form.append("gcj02", "true");
    if (chosenEncoding) form.append("encoding", chosenEncoding);
    if (chosenLayer) form.append("layer", chosenLayer);
    if (read.dxfByLayer) form.append("groupBy", "layer");
    form.append("file", read.file);
    setProblem(null);
    setPreview(null);
    setCommitted(null);
    setJob(null);
    setProgress(0);
    const result = await uploadImport(form, setProgress);
    setProgress(null);
    if (!result.ok) return setProblem(result.problem);
    let shown: ImportPreview;
    if ("job" in result.value) {
      const made = await resultOf<{ importId: string }>(result.value.job);
      if (!made) return;
      const stored = await fetchImport(made.importId);
      if (!stored.ok) return setProblem(stored.problem);
      shown = stored.value;
    } else {
      shown = result.value.done;
    }
    setPreview(shown);
    choices.setMapping(shown.mapping.proposed);
    await showFeatures(shown.id);
  }

  async function commit() {
    if (!preview || committing || (job && JOB_RUNNING_STATES.has(job.state))) return;
    const { parkId, level, namePrefix, mapping } = choices;
    setProblem(null);
    setCommitting(true);
    let done: { committed: number } | null;
    try {
      const result = await commitImport(preview.id, {
        ...(parkId === "" ? {} : { parkId }),
        ...(level === "" ? {} : { level }),
        ...(namePrefix ? { namePrefix } : {}),
        mapping,
      });
      if (!result.ok) return setProblem(result.problem);
      done =
        "job" in result.value ? await resultOf<{ committed: number }>(result.value.job) : result.value.done;
    } finally {
      setCommitting(false);
    }
    if (!done) return;
    setCommitted(done.committed);
    setShapes(null);
    reload();
  }

  return { read, choices, progress, preview, problem, committed, committing, job, cancel, upload, commit };
}
