// The window loads app://maskcue/..., served from the built renderer by a privileged custom scheme rather
// than file://: file:// pages can read any local file and share one opaque origin; app:// gives the page a
// real origin that the IPC sender check can pin, and lets us attach the CSP header to every response.
import { protocol, net } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveInside } from '../web-bridge/static-files';
import { contentSecurityPolicy } from './csp';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://maskcue`;
export const APP_INDEX = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'maskcue' ? resolveInside(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', contentSecurityPolicy());
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
