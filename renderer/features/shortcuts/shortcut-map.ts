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
      { keys: [[MOD, 'O']], action: 'Import files, a folder or a DICOMDIR', ready: true },
      { keys: [['Drop']], action: 'Drop files or folders on the window to import them', ready: true },
    ],
  },
  {
    title: 'Reading',
    shortcuts: [
      { keys: [['Double-click'], ['Enter']], action: 'Open the series in the active viewport', ready: true },
      { keys: [['Wheel']], action: 'Scroll through the stack', ready: true },
      { keys: [['↑'], ['↓']], action: 'Previous / next image', ready: true },
      { keys: [['PgUp'], ['PgDn']], action: 'Jump a tenth of the stack', ready: true },
      { keys: [['Home'], ['End']], action: 'First / last image', ready: true },
      { keys: [['Right-drag']], action: 'Window / level', ready: true },
      { keys: [['Middle-drag']], action: 'Pan', ready: true },
      { keys: [[MOD, 'Wheel']], action: 'Zoom', ready: true },
      {
        keys: [['1'], ['2'], ['3'], ['4']],
        action: 'Window presets: CT abdomen, lung, bone, brain; other modalities 1 file default, 2 full range',
        ready: true,
      },
      { keys: [['I']], action: 'Invert', ready: true },
      { keys: [['F']], action: 'Fit to the viewport', ready: true },
      { keys: [['R']], action: 'Reset view', ready: true },
      { keys: [['Space']], action: 'Cine play / pause', ready: true },
      { keys: [['T']], action: 'DICOM tag browser', ready: true },
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
