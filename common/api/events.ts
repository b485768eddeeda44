// Push events from main to the renderer. Same payloads over Electron IPC and the browser-mode socket.
import type { ImportProgress, ImportReport } from '../dicom';
import type { TrainingProgress } from '../domain';
import type { InferenceStatus } from './types';

export interface EventPayloads {
  'inference.status': InferenceStatus;
  /** Something the user must know about that did not come as a reply (a host crash, a lost file). */
  'app.notice': { level: 'info' | 'warning' | 'error'; message: string };
  'import.progress': ImportProgress;
  'import.finished': { jobId: string; cancelled: boolean; report: ImportReport };
  'training.progress': TrainingProgress;
  /** Accepted segments changed outside the renderer's own calls (an imported DICOM SEG). */
  'segments.changed': { reason: 'seg-import'; segments: number };
}

export type EventName = keyof EventPayloads;
export const EVENT_NAMES: readonly EventName[] = ['inference.status', 'app.notice', 'import.progress', 'import.finished', 'training.progress', 'segments.changed'];

export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: EventPayloads[E];
}

export type Unsubscribe = () => void;

/** The part of window.maskcue that is not a method call. */
export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe;
}
