import type { FeatureCollection } from "geojson";
import { useState } from "react";
import { commitImport, fetchImportFeatures, type ImportPreview, uploadImport } from "../api/imports.js";
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
    setProgress(0);
    const result = await uploadImport(form, setProgress);
    setProgress(null);
    if (!result.ok) return setProblem(result.problem);
    setPreview(result.value);
    choices.setMapping(result.value.mapping.proposed);
    await showFeatures(result.value.id);
  }

  async function commit() {
    if (!preview) return;
    const { parkId, level, namePrefix, mapping } = choices;
    setProblem(null);
    const result = await commitImport(preview.id, {
      ...(parkId === "" ? {} : { parkId }),
      ...(level === "" ? {} : { level }),
      ...(namePrefix ? { namePrefix } : {}),
      mapping,
    });
    if (!result.ok) return setProblem(result.problem);
    setCommitted(result.value.committed);
    setShapes(null);
    reload();
  }

  return { read, choices, progress, preview, problem, committed, upload, commit };
}
