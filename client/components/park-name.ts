import type { Park } from "../api/parks.js";
import type { Locale } from "../i18n/i18n-context.js";

/**
 * A sub-park's name in the UI language, for answers that carry only its Chinese name (search hits, site-check
 * blocks): the park of that name's English name in English, else the name as given.
 */
export function parkNameIn(locale: Locale | string, parks: readonly Park[], name: string): string {
  if (locale !== "en") return name;
  return parks.find((park) => park.name === name)?.nameEn ?? name;
}
