// cornerstone-core owns the viewport canvas. It ships no types; the few calls we make are typed in
// cornerstone-core.d.ts beside this file. Returns the cleanup for onMount.
import cornerstone from 'cornerstone-core';

export function enableViewport(element: HTMLElement): () => void {
  cornerstone.enable(element);
  const observer = new ResizeObserver(() => cornerstone.resize(element, true));
  observer.observe(element);
  return () => {
    observer.disconnect();
    cornerstone.disable(element);
  };
}
