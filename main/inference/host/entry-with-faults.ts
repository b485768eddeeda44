// Test only, never bundled: host/entry.ts plus one fault a test can arm. A worker-thread host cannot
// be killed from outside during a native run without aborting the whole process (see
// transports/worker-thread.ts), so tests make it die this way instead: after
// { type: 'test:die-before-next-reply' } the host, instead of sending its next reply, throws an
// uncaught error, just as a host that crashed while that request was in flight never answers.

import { detectChannel, type HostChannel } from './channel';
import { createHost } from './host';

const DIE_BEFORE_NEXT_REPLY = 'test:die-before-next-reply';

const channel = detectChannel();
if (!channel) throw new Error('entry-with-faults: not started as an inference host');

let armed = false;
const faulty: HostChannel = {
  kind: channel.kind,
  listen: (onMessage) => channel.listen(onMessage),
  exit: () => channel.exit(),
  post(message, transfer) {
    if (armed && message.type === 'reply') {
      setImmediate(() => {
        throw new Error('injected fault: the host died before replying');
      });
      return;
    }
    channel.post(message, transfer);
  },
};

const host = createHost(faulty);
channel.listen((message) => {
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === DIE_BEFORE_NEXT_REPLY) {
    armed = true;
    return;
  }
  host.handle(message);
});
channel.post({ type: 'ready', pid: process.pid, channel: channel.kind }, []);
