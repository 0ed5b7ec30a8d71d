import type { ChangeEvent, ChangeEventStore } from "../db/change-event-store.js";

/** One open stream: it has been sent every event up to `sentUpTo`. */
export interface ChangeSubscriber {
  sentUpTo: number;
  send(event: ChangeEvent): void;
}

/** How often the table is read while any stream is open; the announced delay is at most this. */
const POLL_MS = 500;
const BATCH = 500;
/** Pruning old rows once every this many polls (~10 minutes). */
const PRUNE_EVERY_POLLS = 1200;

/**
 * The one reader of `change_events` per server (issue #18 item 4): while streams are open it reads the events
 * after the stream that has seen least, once per tick, and hands each stream the ones it has not had. The
 * table is the truth, so events written by another server (or a trigger of any write) reach every stream.
 */
export function changeFeed(store: ChangeEventStore, log: (error: unknown) => void) {
  const subscribers = new Set<ChangeSubscriber>();
  let timer: NodeJS.Timeout | undefined;
  let polls = 0;
  let reading = false;

  async function tick() {
    if (reading || subscribers.size === 0) return;
    reading = true;
    try {
      const from = Math.min(...[...subscribers].map((subscriber) => subscriber.sentUpTo));
      const events = await store.since(from, BATCH);
      for (const subscriber of subscribers) {
        for (const event of events) {
          if (event.id <= subscriber.sentUpTo) continue;
          subscriber.send(event);
          subscriber.sentUpTo = event.id;
        }
      }
      polls += 1;
      if (polls % PRUNE_EVERY_POLLS === 0) await store.prune();
    } catch (error) {
      log(error);
    } finally {
      reading = false;
    }
  }

  return {
    add(subscriber: ChangeSubscriber) {
      subscribers.add(subscriber);
      timer ??= setInterval(() => void tick(), POLL_MS);
    },
    remove(subscriber: ChangeSubscriber) {
      subscribers.delete(subscriber);
      if (subscribers.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    stop() {
      subscribers.clear();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
