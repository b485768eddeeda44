// Runs sandboxed in the renderer process before the page. Bundled to CommonJS (sandboxed preloads cannot
// load ES modules or anything but 'electron' from disk).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, type EventMessage, type Result } from '../common/api';
import { buildBridgeApi } from './bridge-api';

const bridge = buildBridgeApi({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args) as Promise<Result<unknown>>,
  listen(listener) {
    const wrapped = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
});

contextBridge.exposeInMainWorld('maskcue', bridge);
