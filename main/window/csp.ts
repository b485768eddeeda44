// One Content-Security-Policy for both shells. No remote origin appears anywhere: the renderer may load
// only its own files, and talk only to its own main (IPC needs no connect-src; browser mode adds its
// loopback socket). 'wasm-unsafe-eval' is for the WASM codecs the viewer will load; no 'unsafe-eval'.
export function contentSecurityPolicy(options: { socketOrigin?: string } = {}): string {
  const connect = ["'self'", options.socketOrigin].filter(Boolean).join(' ');
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
