// Who may talk to browser mode: only a page that was opened from the exact ready line (it carries the
// per-launch token) and is served from our own loopback origin. Everything else gets 403. The Host check
// defeats DNS rebinding (a remote page resolving its own name to 127.0.0.1); the Origin check stops
// other local pages from driving the API; the token stops other local users and processes.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'maskcue_token';

export interface AccessPolicy {
  token: string;
  /** e.g. "127.0.0.1:43121" */
  host: string;
  /** e.g. "http://127.0.0.1:43121" */
  origin: string;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function cookieToken(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return null;
}

export type AccessDecision = { allowed: true; viaQuery: boolean } | { allowed: false; reason: string };

export function checkAccess(request: IncomingMessage, url: URL, policy: AccessPolicy): AccessDecision {
  if (request.headers.host !== policy.host) {
    return { allowed: false, reason: `wrong Host header ${JSON.stringify(request.headers.host ?? '')}` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== policy.origin) {
    return { allowed: false, reason: `requests from ${origin} are not accepted` };
  }
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null && sameSecret(queryToken, policy.token)) return { allowed: true, viaQuery: true };
  const fromCookie = cookieToken(request);
  if (fromCookie !== null && sameSecret(fromCookie, policy.token)) return { allowed: true, viaQuery: false };
  return { allowed: false, reason: 'missing or wrong access token' };
}
