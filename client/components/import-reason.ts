import type { Messages } from "../i18n/zh-CN.js";

/**
 * Why the server refused an imported feature, in the UI language: its reason code mapped to a UI string
 * (the import's own codes, then the geometry codes the drawing shares); the server's sentence for a code the
 * UI does not know.
 */
export function importFeatureMessage(
  messages: Messages,
  feature: { reason?: string; message?: string },
): string | undefined {
  if (!feature.reason) return feature.message;
  return (
    messages.review.importer.reasons[feature.reason] ??
    messages.draw.errors.reasons[feature.reason] ??
    feature.message
  );
}
