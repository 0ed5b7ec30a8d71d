import type { MultiPolygon, Polygon, Position } from "geojson";
import { type RefObject, useCallback } from "react";
import { type BlockFeature, type BlockWrite, createBlock, fetchBlock, updateBlock } from "../api/blocks.js";
import type { ApiProblem } from "../api/request.js";
import type { DrawController } from "../map/draw-controller.js";
import { attributesOf } from "./block-attributes.js";
import type { DrawForm, EditTarget } from "./draw-draft.js";

export type SaveState =
  | { status: "idle" }
  | { status: "saving" }
  | { status: "failed"; problem: ApiProblem }
  | {
      status: "conflict";
      mine: number;
      currentVersion: number;
      theirs: BlockFeature | null;
      comparing: boolean;
    };

interface SaveRequest {
  target: EditTarget;
  geometry: Polygon | MultiPolygon;
  form: DrawForm & { parkId: number };
  /** Overwrite: the version the server has now (after a conflict), instead of the one the edit began at. */
  overwriteVersion: number | undefined;
}

export type SaveOutcome = { saved: BlockFeature } | { state: SaveState; problemLocation?: Position };

/**
 * Creates or updates the block. A version conflict comes back with the server's current block to compare
 * or reload; another refusal with the problem and, when the server names one, where it is.
 */
export async function saveDrawnBlock({
  target,
  geometry,
  form,
  overwriteVersion,
}: SaveRequest): Promise<SaveOutcome> {
  const body: BlockWrite = {
    type: "Feature",
    geometry,
    properties: {
      name: form.name.trim(),
      code: form.code.trim() || null,
      parkId: form.parkId,
      level: form.level,
      attributes: attributesOf(form.attributes),
    },
  };
  const result =
    target.kind === "new"
      ? await createBlock(body)
      : await updateBlock(target.blockId, overwriteVersion ?? target.version, body);
  if (result.ok) return { saved: result.value };
  const { problem } = result;
  if (target.kind === "edit" && problem.code === "version-conflict") {
    const currentVersion = Number((problem.details as { currentVersion?: unknown })?.currentVersion);
    const theirs = await fetchBlock(target.blockId);
    return {
      state: {
        status: "conflict",
        mine: target.version,
        currentVersion: theirs.ok ? theirs.value.properties.version : currentVersion,
        theirs: theirs.ok ? theirs.value : null,
        comparing: false,
      },
    };
  }
  const location = (problem.details as { location?: unknown } | undefined)?.location;
  return {
    state: { status: "failed", problem },
    problemLocation: isPosition(location) ? location : undefined,
  };
}

interface SubmitOptions {
  controller: DrawController | null;
  target: EditTarget | null;
  geometry: Polygon | MultiPolygon | null;
  form: DrawForm;
  save: SaveState;
  setSave(save: SaveState): void;
  /** Ends the drawing session (after a successful save). */
  end(): void;
  onSavedRef: RefObject<(block: BlockFeature) => void>;
}

/** The session's submit: saves the block (overwriting after a conflict when asked) and shows the outcome. */
export function useSubmit({
  controller,
  target,
  geometry,
  form,
  save,
  setSave,
  end,
  onSavedRef,
}: SubmitOptions) {
  return useCallback(
    (overwrite = false, merged?: { form: DrawForm; geometry: Polygon | MultiPolygon }) => {
      const chosen = merged?.form ?? form;
      const parkId = chosen.parkId;
      const shape = merged?.geometry ?? geometry;
      if (!controller || !target || !shape || parkId === null || !chosen.name.trim()) return;
      const overwriteVersion =
        target.kind === "edit" && overwrite && save.status === "conflict" ? save.currentVersion : undefined;
      setSave({ status: "saving" });
      controller.setProblemLocation(null);
      void saveDrawnBlock({
        target,
        geometry: shape,
        form: { ...chosen, parkId },
        overwriteVersion,
      }).then((outcome) => {
        if ("saved" in outcome) {
          end();
          onSavedRef.current(outcome.saved);
          return;
        }
        if (outcome.problemLocation) controller.setProblemLocation(outcome.problemLocation);
        setSave(outcome.state);
      });
    },
    [controller, target, geometry, form, save, setSave, end, onSavedRef],
  );
}

/** Shows or hides the server's outline next to the drawing while a conflict is open. */
export function toggleConflictCompare(save: SaveState, controller: DrawController | null): SaveState {
  if (save.status !== "conflict" || !save.theirs || !controller) return save;
  const comparing = !save.comparing;
  controller.setCompareOutlines(
    comparing
      ? {
          type: "FeatureCollection",
          features: [
            { type: "Feature", geometry: outlineOf(save.theirs.geometry), properties: { variant: "theirs" } },
          ],
        }
      : null,
  );
  return { ...save, comparing };
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.every((number) => typeof number === "number");
}

/** The boundary lines of a polygon geometry (outlines to compare). */
export function outlineOf(geometry: Polygon | MultiPolygon) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return { type: "MultiLineString" as const, coordinates: polygons.flat() };
}
