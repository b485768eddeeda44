// Entry point of the inference host; bundled to dist/main/inference-host.js. Started by main as a
// worker thread, a child process or an Electron utilityProcess (see transports/). It only wires the
// channel to the handler and says 'ready': onnxruntime-node is loaded on the first request.

import { detectChannel } from './channel';
import { createHost } from './host';

const channel = detectChannel();
if (!channel) {
  console.error('inference-host: start me through MaskCue (worker thread, child process or utilityProcess), not directly.');
  process.exitCode = 2;
} else {
  const host = createHost(channel);
  channel.listen((message) => host.handle(message));
  channel.post({ type: 'ready', pid: process.pid, channel: channel.kind }, []);
}
