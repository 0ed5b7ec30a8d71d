/** One change the server announces on GET /api/events (server/routes/events.ts; issue #18 item 4). */
export interface ChangeEvent {
  id: number;
  kind: "block" | "job" | "setting";
  /** The block's or job's id (as text), or the setting's key. */
  entityId: string;
  version: number | null;
  state: string | null;
  /** Who made the change (the account's name), when known. */
  actor: string | null;
  at: string;
}

/**
 * Listens to the server's change announcements; EventSource reconnects by itself and resumes after the last
 * event it had (Last-Event-ID). Returns the function that stops listening.
 */
export function subscribeChanges(handlers: {
  onChange(event: ChangeEvent): void;
  onConnected?(connected: boolean): void;
}): () => void {
  const source = new EventSource("/api/events");
  source.addEventListener("ready", () => handlers.onConnected?.(true));
  source.addEventListener("error", () => handlers.onConnected?.(false));
  source.addEventListener("change", (message) => {
    handlers.onChange(JSON.parse((message as MessageEvent<string>).data) as ChangeEvent);
  });
  return () => source.close();
}
