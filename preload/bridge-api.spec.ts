import { describe, expect, it } from 'vitest';
import { channelOf, contractMethods, type EventMessage } from '../common/api';
import { buildBridgeApi } from './bridge-api';

describe('preload bridge', () => {
  it('exposes exactly one function per contract method, each invoking its own channel', async () => {
    const calls: { channel: string; args: unknown[] }[] = [];
    const bridge = buildBridgeApi({
      invoke: async (channel, args) => {
        calls.push({ channel, args });
        return { ok: true, value: channel };
      },
      listen: () => () => {},
    }) as unknown as Record<string, unknown>;

    const methods = contractMethods();
    const services = [...new Set(methods.map((m) => m.service))];
    expect(Object.keys(bridge).sort()).toEqual([...services, 'on'].sort());
    for (const ref of methods) {
      const group = bridge[ref.service] as Record<string, (...a: unknown[]) => Promise<unknown>>;
      expect(Object.keys(group)).toEqual(methods.filter((m) => m.service === ref.service).map((m) => m.method));
      await expect(group[ref.method]!('x', 1)).resolves.toEqual({ ok: true, value: channelOf(ref) });
    }
    expect(calls.at(-1)?.args).toEqual(['x', 1]);
  });

  it('delivers only the subscribed event and refuses unknown event names', () => {
    let push: (m: EventMessage) => void = () => {};
    const bridge = buildBridgeApi({
      invoke: async () => ({ ok: true, value: null }),
      listen: (listener) => {
        push = listener;
        return () => {};
      },
    });
    const seen: string[] = [];
    bridge.on('app.notice', (payload) => seen.push(payload.message));
    push({ event: 'app.notice', payload: { level: 'info', message: 'hello' } });
    push({ event: 'inference.status', payload: {} as never });
    expect(seen).toEqual(['hello']);
    expect(() => bridge.on('nope' as never, () => {})).toThrow(/Unknown MaskCue event/);
  });
});
