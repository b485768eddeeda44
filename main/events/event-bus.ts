// Main's push channel to whichever renderer transport is attached (Electron webContents or sockets).
import type { EventMessage, EventName, EventPayloads } from '../../common/api';

export type EventListener = (message: EventMessage) => void;

export class EventBus {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    const message = { event, payload } as EventMessage;
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch {
        // One broken transport (a closed socket) must not stop delivery to the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
