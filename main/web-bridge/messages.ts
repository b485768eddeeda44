// The browser-mode wire format. Requests: {id, service, method, args}. Replies: {id, result}.
// Pushes: {event, payload}. Any frame that is not a well-formed request gets a MALFORMED_MESSAGE reply
// (id null when it had none) instead of a dropped connection, so a client bug is visible, not a hang.
import { z } from 'zod';
import type { Result } from '../../common/api';

export const requestFrame = z.object({
  id: z.union([z.number().int(), z.string().max(64)]),
  service: z.string().max(64),
  method: z.string().max(64),
  args: z.array(z.unknown()),
});

export type RequestFrame = z.infer<typeof requestFrame>;

export interface ReplyFrame {
  id: number | string | null;
  result: Result<unknown>;
}

/** Accepts JSON text, or a value already decoded from a binary envelope. */
export function parseRequest(raw: unknown): { ok: true; frame: RequestFrame } | { ok: false; id: number | string | null; message: string } {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, id: null, message: 'The message is not JSON. Send {"id", "service", "method", "args": [...]}.' };
    }
  }
  const parsed = requestFrame.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const id = typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : null;
  return {
    ok: false,
    id: typeof id === 'number' || typeof id === 'string' ? id : null,
    message: 'The message is not a MaskCue request. Send {"id", "service", "method", "args": [...]}.',
  };
}
