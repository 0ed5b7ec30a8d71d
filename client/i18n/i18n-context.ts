import { createContext, useContext } from "react";
import { type Messages, zhCN } from "./zh-CN.js";

/** The UI languages, Chinese first (the default), English second. */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The strings of each language loaded so far: Chinese (the default) comes with the first page, English is
 * its own chunk, loaded before the first render when it is the remembered language (main.tsx) and otherwise
 * once the workspace is open, ahead of a switch.
 */
const loaded: Partial<Record<Locale, Messages>> = { "zh-CN": zhCN };

export function loadMessages(locale: Locale): Promise<Messages> {
  const have = loaded[locale];
  if (have) return Promise.resolve(have);
  return import("./en.js").then((module) => {
    loaded.en = module.en;
    return module.en;
  });
}

/** The strings of a language once loaded (loadMessages); Chinese until then. */
export function messagesFor(locale: Locale): Messages {
  return loaded[locale] ?? zhCN;
}

export function isLoaded(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

export const DEFAULT_LOCALE: Locale = "zh-CN";

const STORAGE_KEY = "bjhtz.locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The language chosen last time in this browser, else Chinese. */
export function initialLocale(storage: Pick<Storage, "getItem"> | undefined): Locale {
  const stored = storage?.getItem(STORAGE_KEY);
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

export function rememberLocale(storage: Pick<Storage, "setItem"> | undefined, locale: Locale): void {
  storage?.setItem(STORAGE_KEY, locale);
}

export const MessagesContext = createContext<Messages>(zhCN);

/** The strings of the current language. */
export function useMessages(): Messages {
  return useContext(MessagesContext);
}
