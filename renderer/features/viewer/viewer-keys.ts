// Reading keys for the active viewport (see shortcut-map.ts). Returns true when the key was used.
import type { Viewer } from '../../state/viewer.svelte';

export function handleViewerKey(viewer: Viewer, event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  const viewport = viewer.active;
  const key = event.key;
  if (key === 't' || key === 'T') {
    viewer.tagsOpen = !viewer.tagsOpen;
    return true;
  }
  if (!viewport.hasImage) return false;
  const page = Math.max(1, Math.round(viewport.stack.length / 10));
  switch (key) {
    case 'ArrowUp':
    case 'ArrowLeft':
      viewport.scrollBy(-1);
      return true;
    case 'ArrowDown':
    case 'ArrowRight':
      viewport.scrollBy(1);
      return true;
    case 'PageUp':
      viewport.scrollBy(-page);
      return true;
    case 'PageDown':
      viewport.scrollBy(page);
      return true;
    case 'Home':
      viewport.scrollTo(0);
      return true;
    case 'End':
      viewport.scrollTo(viewport.stack.length - 1);
      return true;
    case ' ':
      viewport.toggleCine();
      return true;
    case 'i':
    case 'I':
      viewport.toggleInvert();
      return true;
    case 'r':
    case 'R':
      viewport.reset();
      return true;
    case 'f':
    case 'F':
      viewport.fit();
      return true;
    default:
      if (/^[1-9]$/.test(key)) return viewport.applyPreset(key);
      return false;
  }
}
