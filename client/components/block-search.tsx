import { useEffect, useId, useMemo, useState } from "react";
import { type BlockSearchHit, searchBlocks } from "../api/blocks.js";
import type { Park } from "../api/parks.js";
import { useMessages } from "../i18n/i18n-context.js";
import { parkNameIn } from "./park-name.js";

interface BlockSearchProps {
  parks: Park[];
  onSelectBlock(blockId: number): void;
  onSelectPark(parkId: number): void;
}

const MAX_RESULTS = 12;
/** Blocks asked of the server per search: enough to say how many more there are, in most searches. */
const SEARCH_LIMIT = 100;
/** Typing pauses this long before the server is asked. */
const DEBOUNCE_MS = 120;

type Matches = { parks: Park[]; blocks: BlockSearchHit[]; loaded: boolean; more: boolean };

/**
 * Search box for blocks (name, code, sub-park; searched on the server, issue #16: the page need not hold every
 * block) and sub-parks (Chinese or English name, code).
 */
export function BlockSearch({ parks, onSelectBlock, onSelectPark }: BlockSearchProps) {
  const messages = useMessages();
  const inputId = useId();
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const matches = useMatches(needle, parks);
  return (
    <section className="search">
      <label htmlFor={inputId} className="visually-hidden">
        {messages.search.label}
      </label>
      <input
        id={inputId}
        type="search"
        data-testid="search-input"
        placeholder={messages.search.placeholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {needle !== "" ? (
        <div className="search-results" data-testid="search-results">
          {matches.loaded && matches.parks.length === 0 && matches.blocks.length === 0 ? (
            <p className="muted">{messages.search.noResults}</p>
          ) : null}
          {matches.parks.length > 0 ? <ParkHits parks={matches.parks} onSelectPark={onSelectPark} /> : null}
          {matches.blocks.length > 0 ? (
            <BlockHits matches={matches} parks={parks} onSelectBlock={onSelectBlock} />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Sub-parks matching on this page, and blocks the server found (after a pause in typing). */
function useMatches(needle: string, parks: Park[]): Matches {
  const [found, setFound] = useState<{ needle: string; hits: BlockSearchHit[]; more: boolean } | null>(null);
  useEffect(() => {
    if (needle === "") return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void searchBlocks(needle, SEARCH_LIMIT, controller.signal).then((result) => {
        if (!controller.signal.aborted && result.ok) setFound({ needle, ...result.value });
      });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [needle]);

  return useMemo(() => {
    if (needle === "") return { parks: [], blocks: [], loaded: true, more: false };
    const matchingParks = parks.filter((park) =>
      [park.name, park.nameEn, park.code].some((text) => text.toLowerCase().includes(needle)),
    );
    const current = found?.needle === needle ? found : null;
    return {
      parks: matchingParks,
      blocks: current?.hits ?? [],
      loaded: current !== null,
      more: current?.more ?? false,
    };
  }, [needle, parks, found]);
}

/** The sub-parks matching the search; a click selects the park. */
function ParkHits({ parks, onSelectPark }: { parks: Park[]; onSelectPark(parkId: number): void }) {
  const messages = useMessages();
  return (
    <>
      <h3>{messages.search.parks}</h3>
      <ul>
        {parks.map((park) => (
          <li key={park.id}>
            <button type="button" onClick={() => onSelectPark(park.id)}>
              {messages.locale === "en" ? park.nameEn : park.name}
              <span className="muted"> · {messages.search.parkBlocks(park.blockCount)}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The first blocks found, and how many more there are. */
function BlockHits({
  matches,
  parks,
  onSelectBlock,
}: {
  matches: Matches;
  /** Every sub-park (for the English park names of the hits). */
  parks: readonly Park[];
  onSelectBlock(blockId: number): void;
}) {
  const messages = useMessages();
  const hidden = Math.max(0, matches.blocks.length - MAX_RESULTS);
  return (
    <>
      <h3>{messages.search.blocks}</h3>
      <ul>
        {matches.blocks.slice(0, MAX_RESULTS).map((properties) => (
          <li key={properties.id}>
            <button
              type="button"
              data-testid={`search-block-${properties.id}`}
              onClick={() => onSelectBlock(properties.id)}
            >
              {properties.name}
              <span className="muted">
                {" "}
                · {parkNameIn(messages.locale, parks, properties.parkName)} ·{" "}
                {messages.status[properties.status]}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {hidden > 0 ? (
        <p className="muted">
          {matches.more ? messages.search.moreThan(hidden) : messages.search.more(hidden)}
        </p>
      ) : null}
    </>
  );
}
