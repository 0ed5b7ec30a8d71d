import { createContext, useContext } from "react";
import { en } from "./en.js";
import { type Messages, zhCN } from "./zh-CN.js";

/** The UI languages, Chinese first (the default), English second. */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const MESSAGES: Record<Locale, Messages> = { "zh-CN": zhCN, en };

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
