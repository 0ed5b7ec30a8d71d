import type { ParcelCheck, SiteCheck } from "../api/analysis.js";
import { useMessages } from "../i18n/i18n-context.js";

/** How a manufacturing statement is marked (the others are plain). */
const MANUFACTURING_CLASS: Record<string, string> = {
  "manufacturing-allowed": "success",
  "manufacturing-not-restricted": "success",
  "manufacturing-not-allowed": "warning",
};

/** The policy statements of a site check (a point or a parcel), in the words of the texts, with their source. */
export function SitePolicies({ result }: { result: SiteCheck | ParcelCheck }) {
  const messages = useMessages();
  const text = messages.review.site;
  const { locale } = messages;
  return (
    <ul className="policies" data-testid="site-policies">
      {result.policies.length === 0 ? <li>{text.noPolicy}</li> : null}
      {result.statements.map((statement) => (
        <li
          key={statement.key}
          className={MANUFACTURING_CLASS[statement.key] ?? ""}
          data-testid={statement.key.startsWith("manufacturing") ? "site-manufacturing" : undefined}
          title={locale === "en" ? statement.source.en : statement.source.zh}
        >
          {locale === "en" ? statement.en : statement.zh}
        </li>
      ))}
      <li>{result.insideMunicipalOrAboveZone ? text.insideZone : text.outsideZone}</li>
    </ul>
  );
}
