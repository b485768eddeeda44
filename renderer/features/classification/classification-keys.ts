// Classification keys (see shortcut-map.ts): K classifies the accepted segment on the shown frame,
// H shows or hides its heat map, A puts the focus in "Add as exemplar" (class field; Enter adds).
// None of these letters is taken by the reading or segmentation keys. Returns true when the key was used.
import type { Fewshot } from '../../state/fewshot.svelte';
import type { Session } from '../../state/session.svelte';

export function handleClassificationKey(fewshot: Fewshot, session: Session, event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  switch (event.key) {
    case 'k':
    case 'K':
      return fewshot.classifyShown();
    case 'h':
    case 'H':
      fewshot.toggleHeat();
      return true;
    case 'a':
    case 'A':
      // "Add as exemplar" is in the Segmentation and Exemplars panels; open the first unless in the second.
      if (fewshot.requestAddFocus() && session.panel !== 'exemplars') session.panel = 'segmentation';
      return true;
    default:
      return false;
  }
}
