// The workstation's keyboard map, following the conventions radiologists already know from OHIF and
// 3D Slicer (Enter accept, Esc reject, N/P next/previous slice, Ctrl+Z/Ctrl+Y). `ready` marks what this
// build answers; the rest is listed, dimmed, so the map never promises silently.
export interface Shortcut {
  /** Alternatives, each a key combination: [['Ctrl','Z']] is Ctrl+Z; [['↑'],['↓']] is ↑ or ↓. */
  keys: string[][];
  action: string;
  ready: boolean;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

export const SHORTCUT_GROUPS: ShortcutGroup[] = [
  {
    title: 'Workstation',
    shortcuts: [
      { keys: [['?']], action: 'Show or hide this map', ready: true },
      { keys: [['Esc']], action: 'Close a dialog, reject a preview', ready: true },
      { keys: [['Alt', '1…4']], action: 'Segmentation, Exemplars, Training, Report panel', ready: true },
      { keys: [[MOD, 'O']], action: 'Import files, a folder or a DICOMDIR', ready: false },
    ],
  },
  {
    title: 'Reading',
    shortcuts: [
      { keys: [['Wheel']], action: 'Scroll through the stack', ready: false },
      { keys: [['↑'], ['↓']], action: 'Previous / next image', ready: false },
      { keys: [['Right-drag']], action: 'Window / level', ready: false },
      { keys: [['1'], ['2'], ['3'], ['4']], action: 'Window presets for the modality (CT: abdomen, lung, bone, brain)', ready: false },
      { keys: [['I']], action: 'Invert', ready: false },
      { keys: [['R']], action: 'Reset view', ready: false },
      { keys: [['Space']], action: 'Cine play / pause', ready: false },
    ],
  },
  {
    title: 'Segmentation',
    shortcuts: [
      { keys: [['S']], action: 'Segment tool', ready: false },
      { keys: [['Click']], action: 'Add to the mask (positive point)', ready: false },
      { keys: [['Shift', 'Click']], action: 'Negative point: remove from the mask', ready: false },
      { keys: [['Drag']], action: 'Box prompt', ready: false },
      { keys: [['Tab']], action: 'Next candidate mask', ready: false },
      { keys: [['Enter']], action: 'Accept the mask', ready: false },
      { keys: [[MOD, 'Z']], action: 'Undo', ready: false },
      { keys: [[MOD, 'Y']], action: 'Redo', ready: false },
      { keys: [['N'], ['P']], action: 'Next / previous slice, carrying the prompt', ready: false },
      { keys: [['B'], ['E']], action: 'Brush / eraser', ready: false },
    ],
  },
];

export const PANEL_KEYS = ['segmentation', 'exemplars', 'training', 'report'] as const;
