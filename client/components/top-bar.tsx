import type { ReactNode } from "react";
import { LOCALES, type Locale, useMessages } from "../i18n/i18n-context.js";
import { AccountMenu } from "./account-menu.js";

const LOCALE_NAMES: Record<Locale, string> = { "zh-CN": "中文", en: "English" };

interface TopBarProps {
  locale: Locale;
  onLocaleChange(locale: Locale): void;
  /** The drawing toolbar and the basemap menu. */
  drawing?: ReactNode;
  /** The review views (sub-park, composition, ranking, site check), import/export and the year. */
  views?: ReactNode;
  /** Before the title: the button opening the layer drawer on narrow screens. */
  leading?: ReactNode;
}

/** Product title, the illustrative-data badge and the language switch; later: year, basemap, drawing tools. */
export function TopBar({ locale, onLocaleChange, drawing, views, leading }: TopBarProps) {
  const messages = useMessages();
  return (
    <header className="top-bar">
      {leading}
      <h1 data-testid="app-title">{messages.app.title}</h1>
      <span className="badge" title={messages.app.illustrativeNote} data-testid="illustrative-badge">
        {messages.app.illustrative}
      </span>
      {drawing}
      <div className="spacer" />
      {views}
      <AccountMenu />
      <fieldset className="language-switch">
        <legend className="visually-hidden">{messages.app.language}</legend>
        {LOCALES.map((option) => (
          <button
            key={option}
            type="button"
            lang={option}
            data-testid={`locale-${option}`}
            aria-pressed={option === locale}
            className={option === locale ? "active" : ""}
            onClick={() => onLocaleChange(option)}
          >
            {LOCALE_NAMES[option]}
          </button>
        ))}
      </fieldset>
    </header>
  );
}
