import { useId, useMemo, useState } from "react";
import type { BlockCollection } from "../api/blocks.js";
import type { Park } from "../api/parks.js";
import { useMessages } from "../i18n/i18n-context.js";

interface BlockSearchProps {
  blocks: BlockCollection;
  parks: Park[];
  onSelectBlock(blockId: number): void;
  onSelectPark(parkId: number): void;
}

const MAX_RESULTS = 12;

/** Search box for blocks (name, code, sub-park) and sub-parks (Chinese or English name, code). */
export function BlockSearch({ blocks, parks, onSelectBlock, onSelectPark }: BlockSearchProps) {
  const messages = useMessages();
  const inputId = useId();
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();

  const matches = useMemo(() => {
    if (needle === "") return { parks: [], blocks: [] };
    const matchingParks = parks.filter((park) =>
      [park.name, park.nameEn, park.code].some((text) => text.toLowerCase().includes(needle)),
    );
    const matchingBlocks = blocks.features.filter(({ properties }) =>
      [properties.name, properties.code ?? "", properties.parkName].some((text) =>
        text.toLowerCase().includes(needle),
      ),
    );
    return { parks: matchingParks, blocks: matchingBlocks };
  }, [needle, parks, blocks]);

  const hidden = Math.max(0, matches.blocks.length - MAX_RESULTS);
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
          {matches.parks.length === 0 && matches.blocks.length === 0 ? (
            <p className="muted">{messages.search.noResults}</p>
          ) : null}
          {matches.parks.length > 0 ? (
            <>
              <h3>{messages.search.parks}</h3>
              <ul>
                {matches.parks.map((park) => (
                  <li key={park.id}>
                    <button type="button" onClick={() => onSelectPark(park.id)}>
                      {messages.locale === "en" ? park.nameEn : park.name}
                      <span className="muted"> · {messages.search.parkBlocks(park.blockCount)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {matches.blocks.length > 0 ? (
            <>
              <h3>{messages.search.blocks}</h3>
              <ul>
                {matches.blocks.slice(0, MAX_RESULTS).map(({ properties }) => (
                  <li key={properties.id}>
                    <button
                      type="button"
                      data-testid={`search-block-${properties.id}`}
                      onClick={() => onSelectBlock(properties.id)}
                    >
                      {properties.name}
                      <span className="muted">
                        {" "}
                        · {properties.parkName} · {messages.status[properties.status]}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
              {hidden > 0 ? <p className="muted">{messages.search.more(hidden)}</p> : null}
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
