// Segmentation keys (see shortcut-map.ts): S/B/E tools, Enter accept, Esc reject, Tab alternative,
// N/P next/previous slice carrying the mask, Ctrl+Z / Ctrl+Y (Cmd on macOS) undo/redo, [ ] brush size.
// Returns true when the key was used.
import type { Segmentation } from '../../state/segmentation.svelte';
import type { Viewer } from '../../state/viewer.svelte';

export function handleSegmentationKey(segmentation: Segmentation, viewer: Viewer, event: KeyboardEvent): boolean {
  const viewport = viewer.active;
  const key = event.key;
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey) {
    const lower = key.toLowerCase();
    if (lower === 'z' && !event.shiftKey) {
      void segmentation.undo();
      return true;
    }
    if (lower === 'y' || (lower === 'z' && event.shiftKey)) {
      void segmentation.redo();
      return true;
    }
    return false;
  }
  if (event.altKey || event.ctrlKey || event.metaKey) return false;
  switch (key) {
    case 's':
    case 'S':
      return viewer.toggleTool('segment');
    case 'b':
    case 'B':
      return viewer.toggleTool('brush');
    case 'e':
    case 'E':
      return viewer.toggleTool('eraser');
    case 'Enter':
      if (!viewport.hasImage) return false;
      void segmentation.accept(viewport);
      return true;
    case 'Escape':
      return viewport.hasImage && segmentation.reject(viewport);
    case 'Tab':
      // Only while working on a mask with the Segment tool; otherwise Tab moves the focus as usual.
      if (viewer.tool !== 'segment' || event.shiftKey || !segmentation.hasPreview(viewport)) return false;
      void segmentation.cycleAlternative(viewport);
      return true;
    case 'n':
    case 'N':
      if (!viewport.hasImage) return false;
      void segmentation.step(viewport, 1);
      return true;
    case 'p':
    case 'P':
      if (!viewport.hasImage) return false;
      void segmentation.step(viewport, -1);
      return true;
    case '[':
      segmentation.setBrushSize(segmentation.brushSize - 1);
      return true;
    case ']':
      segmentation.setBrushSize(segmentation.brushSize + 1);
      return true;
    default:
      return false;
  }
}
