// The renderer's only door to main. Features import this, never window.maskcue or a socket directly,
// so the same UI runs in Electron and in browser mode.
import type { ClientApi, EventSource } from '../../common/api';
import { connectSocket } from './socket-client';

export type Workstation = ClientApi & EventSource;

declare global {
  interface Window {
    maskcue?: Workstation;
  }
}

export async function connectWorkstation(): Promise<Workstation> {
  if (window.maskcue) return window.maskcue;
  const page = new URL(window.location.href);
  const token = page.searchParams.get('token');
  if (token !== null) {
    page.searchParams.delete('token');
    window.history.replaceState(null, '', page.toString());
  }
  const socketUrl = new URL('/api', page);
  socketUrl.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return connectSocket(socketUrl.toString());
}
