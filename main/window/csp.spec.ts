import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';
import { secureWebPreferences } from './web-preferences';

describe('renderer hardening', () => {
  it('runs the page sandboxed, isolated and without Node', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows only our own origin, and the loopback socket in browser mode', () => {
    const desktop = contentSecurityPolicy();
    expect(desktop).toContain("default-src 'none'");
    expect(desktop).toContain("connect-src 'self';");
    expect(desktop).not.toMatch(/https?:|'unsafe-inline'|'unsafe-eval'|\*/);
    expect(contentSecurityPolicy({ socketOrigin: 'ws://127.0.0.1:4000' })).toContain("connect-src 'self' ws://127.0.0.1:4000;");
  });
});
