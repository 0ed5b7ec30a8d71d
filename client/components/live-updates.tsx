import { createContext, useContext, useEffect, useRef, useState } from "react";
import { type ChangeEvent, subscribeChanges } from "../api/events.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useSession } from "./access-context.js";

/** A block's latest version as the server announced it, and who wrote it. */
export interface AnnouncedVersion {
  version: number;
  actor: string | null;
  /** Written by the signed-in account itself (its own save, action or import). */
  own: boolean;
}

export interface LiveUpdates {
  connected: boolean;
  /** Block id → the newest version announced since the page opened. */
  blocks: ReadonlyMap<number, AnnouncedVersion>;
  /** Changes received since the page opened (for the status bar and tests). */
  received: number;
}

const NONE: LiveUpdates = { connected: false, blocks: new Map(), received: 0 };
export const LiveUpdatesContext = createContext<LiveUpdates>(NONE);

/** Many writes at once (an import, a flag run) refresh the map once. */
const REFRESH_DELAY_MS = 300;

/**
 * 实时更新 (issue #18 item 4): listens to GET /api/events; a block written or a setting changed (by anyone, on
 * any server) refreshes the map and the panels (`refresh`, the map data's refresh hook), and the newest
 * announced version of each block is kept so an open panel can say that its block changed under it.
 */
export function useLiveUpdates(refresh: () => Promise<void>): LiveUpdates {
  const session = useSession();
  const me = session?.account.name ?? null;
  const [state, setState] = useState<LiveUpdates>(NONE);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (!me) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = (event: ChangeEvent) => {
      if (event.kind === "block" || event.kind === "setting") {
        clearTimeout(timer);
        timer = setTimeout(() => void refreshRef.current(), REFRESH_DELAY_MS);
      }
      setState((current) => ({
        ...current,
        received: current.received + 1,
        blocks: withBlock(current.blocks, event, me),
      }));
    };
    const stop = subscribeChanges({
      onChange,
      onConnected: (connected) => setState((current) => ({ ...current, connected })),
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [me]);
  return state;
}

function withBlock(
  blocks: ReadonlyMap<number, AnnouncedVersion>,
  event: ChangeEvent,
  me: string,
): ReadonlyMap<number, AnnouncedVersion> {
  if (event.kind !== "block" || event.version === null) return blocks;
  const id = Number(event.entityId);
  if ((blocks.get(id)?.version ?? 0) >= event.version) return blocks;
  const next = new Map(blocks);
  next.set(id, { version: event.version, actor: event.actor, own: event.actor === me });
  return next;
}

export function useLiveUpdatesContext(): LiveUpdates {
  return useContext(LiveUpdatesContext);
}

/**
 * Says so when the block shown (at `shownVersion` when the panel opened it) was changed by someone else since:
 * the panel's numbers are the new version's once the refresh has come in (`editing`: a save will conflict).
 */
export function BlockChangedNotice({
  blockId,
  openedVersion,
  editing = false,
}: {
  blockId: number;
  openedVersion: number;
  editing?: boolean;
}) {
  const text = useMessages().workspace.live;
  const announced = useLiveUpdatesContext().blocks.get(blockId);
  if (!announced || announced.own || announced.version <= openedVersion) return null;
  const actor = announced.actor ?? text.someone;
  return (
    <p
      className="notice live-changed"
      role="status"
      data-testid="block-changed-notice"
      data-version={announced.version}
    >
      {editing ? text.changedWhileEditing(actor, announced.version) : text.changed(actor, announced.version)}
    </p>
  );
}

/** The version a panel first showed of a block (kept while the same block stays open). */
export function useOpenedVersion(blockId: number | undefined, version: number | undefined): number {
  const opened = useRef<{ blockId: number | undefined; version: number }>({ blockId, version: version ?? 0 });
  if (opened.current.blockId !== blockId) opened.current = { blockId, version: version ?? 0 };
  return opened.current.version;
}
