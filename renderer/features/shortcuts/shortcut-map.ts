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
      { keys: [['S']], action: 'Segment tool (again: back to W/L)', ready: true },
      { keys: [['Click']], action: 'Positive point: add to the mask (Segment tool)', ready: true },
      {
        keys: [['Shift', 'Click'], ['Right-click']],
        action: 'Negative point: take a region out (Segment tool; a right-drag still sets W/L)',
        ready: true,
      },
      { keys: [['Drag']], action: 'Box prompt around the finding (Segment tool)', ready: true },
      { keys: [['Tab']], action: 'Next candidate mask for a single click (SAM2)', ready: true },
      { keys: [['Enter']], action: 'Accept the mask with the current label', ready: true },
      { keys: [['Esc']], action: 'Reject the mask and its clicks on this image', ready: true },
      { keys: [[MOD, 'Z']], action: 'Undo a click, box, stroke, propagation, accept or removal', ready: true },
      { keys: [[MOD, 'Y'], [MOD, 'Shift', 'Z']], action: 'Redo', ready: true },
      { keys: [['N'], ['P']], action: 'Next / previous slice, carrying the mask', ready: true },
      { keys: [['B'], ['E']], action: 'Brush / eraser on the mask before accepting', ready: true },
      { keys: [['['], [']']], action: 'Brush and eraser smaller / larger', ready: true },
    ],
  },
  {
    title: 'Classification',
    shortcuts: [
      { keys: [['K']], action: 'Classify the accepted segment on this image (with its heat map)', ready: true },
      { keys: [['H']], action: 'Show or hide the classification heat map', ready: true },
      { keys: [['A']], action: 'Add the accepted segment as an exemplar: type or pick the class, then Enter', ready: true },
      { keys: [['Alt', '2'], ['Alt', '3']], action: 'Exemplars panel, Training panel (Train, pack history)', ready: true },
    ],
  },
];

export const PANEL_KEYS = ['segmentation', 'exemplars', 'training', 'report'] as const;
