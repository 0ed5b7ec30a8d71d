/**
 * Number and date formatting for the UI (UX.md): areas with 4 decimals in km² and 2 in 公顷, thousands
 * separators, coordinates with fixed decimals. The numbers are the server's stored ellipsoidal areas.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function fixedFormat(locale: string, fractionDigits: number, grouping: boolean): Intl.NumberFormat {
  const key = `${locale}|${fractionDigits}|${grouping}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
      useGrouping: grouping,
    });
    formatters.set(key, format);
  }
  return format;
}

export const KM2_DECIMALS = 4;
export const HECTARE_DECIMALS = 2;

/** An area in km², 4 decimals, with thousands separators (no unit). */
export function formatKm2(locale: string, areaKm2: number): string {
  return fixedFormat(locale, KM2_DECIMALS, true).format(areaKm2);
}

/** An area in 公顷 (hectares), 2 decimals, with thousands separators (no unit). */
export function formatHectares(locale: string, areaHectares: number): string {
  return fixedFormat(locale, HECTARE_DECIMALS, true).format(areaHectares);
}

/** Longitude or latitude in degrees, 6 decimals (≈ 0.1 m), no grouping. */
export function formatDegrees(locale: string, degrees: number): string {
  return fixedFormat(locale, 6, false).format(degrees);
}

/** Projected metres, 2 decimals (cm), with thousands separators. */
export function formatMetres(locale: string, metres: number): string {
  return fixedFormat(locale, 2, true).format(metres);
}

export function formatZoom(locale: string, zoom: number): string {
  return fixedFormat(locale, 2, false).format(zoom);
}

/** A server timestamp (ISO 8601) in the reader's time zone. */
export function formatDateTime(locale: string, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}
