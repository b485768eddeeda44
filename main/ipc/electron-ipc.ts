// Electron transport for the router: one ipcMain.handle per contract method. The sender check runs
// before validation, so a frame that is not our own page (a devtools extension, an injected iframe)
// gets UNAUTHORIZED and reaches no service.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channelOf, contractMethods, EVENT_CHANNEL, fail } from '../../common/api';
import type { EventBus } from '../events/event-bus';
import type { Router } from './router';
import { isAppUrl } from '../window/app-protocol';

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function registerIpc(router: Router): () => void {
  const channels: string[] = [];
  for (const ref of contractMethods()) {
    const channel = channelOf(ref);
    channels.push(channel);
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      trustedSender(event)
        ? router.dispatch(ref.service, ref.method, args)
        : fail('UNAUTHORIZED', 'This request did not come from the MaskCue window and was refused.'),
    );
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

export function forwardEvents(events: EventBus, target: WebContents): () => void {
  return events.subscribe((message) => {
    if (!target.isDestroyed()) target.send(EVENT_CHANNEL, message);
  });
}
