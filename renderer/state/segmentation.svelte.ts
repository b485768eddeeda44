// Interactive segmentation in the renderer: prompts per frame, the preview mask that answers them,
// propagation from slice to slice, brush and eraser edits, accepted segments per series, and an
// undo/redo history over all of it. Main does the pixel work (api.segmentation); this keeps what the
// reader is doing and draws nothing itself (Viewport.svelte draws `sceneFor`).
//
// Frames are keyed by their image id (maskcue:<SOPInstanceUID>:<frame>), unique across series, so each
// viewport shows the work on whatever frame it has on screen.
//
// Why one file over 400 lines: prompts, previews, accepts, propagation and brush edits all mutate the
// same per-frame state and must each leave one undoable action in one history; split into pieces, each
// piece would need the others' private state. The pure parts already live in lib/segmentation/
// (mask, history, prompt geometry, bookkeeping). Next candidate to move out: propagation.
import type { Result } from '../../common/api';
import type {
  BinaryMask,
  BoxPrompt,
  FramePrompts,
  FrameRef,
  PointPrompt,
  SegmentRecord,
  SegmentResult,
  SegmentationStatus,
  Voi,
} from '../../common/domain';
import { Epochs, KeyMap, KeySet } from '../lib/segmentation/bookkeeping';
import { DEFAULT_LABEL, engineName, LabelColours, nextLabel, runLine } from '../lib/segmentation/format';
import { History } from '../lib/segmentation/history';
import { cloneMask, emptyMask, maskArea, paintDisc, paintSegment, wireMask } from '../lib/segmentation/mask';
import { boxFromDrag, insideImage, promptPoint, type Size } from '../lib/segmentation/prompt-geometry';
import type { OverlayScene, MaskLayer } from '../lib/viewer-engine/mask-overlay';
import { imageIdFor, parseImageId } from '../lib/viewer-engine/stack';
import type { Session } from './session.svelte';
import type { Viewer } from './viewer.svelte';
import type { ViewportState } from './viewport.svelte';

/** The mask being worked on, on one frame, before it is accepted. */
export interface Preview {
  key: string;
  target: FrameRef;
  seriesUID: string;
  /** The prompts this answer came from (none for a propagated or brushed mask). */
  prompts: FramePrompts;
  /** The engine's answer; null for a mask painted from nothing. */
  result: SegmentResult | null;
  /** What `previous` was when the answer was asked for (Tab asks again with the same). */
  previousId: string | null;
  mask: BinaryMask;
  /** Bumped on every brush change of `mask` in place. */
  version: number;
  areaPx: number;
  origin: 'prompts' | 'propagated' | 'brush';
  edited: boolean;
}

export interface RunInfo {
  kind: 'segment' | 'propagate';
  engine: string;
  modelId: string | null;
  provider: string | null;
  totalMs: number;
  encodeMs: number;
  decodeMs: number;
  text: string;
}

interface FrameChange {
  key: string;
  before: Preview | null;
  after: Preview | null;
}

interface AcceptItem {
  key: string;
  preview: Preview;
  record: SegmentRecord;
}

type Action =
  | { kind: 'frames'; changes: FrameChange[] }
  | { kind: 'accept'; items: AcceptItem[] }
  | { kind: 'remove'; items: { record: SegmentRecord; mask: BinaryMask }[] };

interface FrameContext {
  key: string;
  target: FrameRef;
  seriesUID: string;
  size: Size;
}

const NO_PROMPTS: FramePrompts = { points: [] };
const MAX_POINTS = 64;
export const BRUSH_SIZES = { min: 1, max: 40 } as const;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function frameKey(target: FrameRef): string {
  return imageIdFor(target.SOPInstanceUID, target.frame);
}

export class Segmentation {
  /** Preview masks by frame key. */
  previews = $state.raw<Record<string, Preview>>({});
  /** Prompts sent (or about to be) whose answer has not come back yet, by frame key. */
  drafts = $state.raw<Record<string, FramePrompts>>({});
  /** Accepted segments by SeriesInstanceUID, in slice order. */
  records = $state.raw<Record<string, SegmentRecord[]>>({});
  listErrors = $state.raw<Record<string, string>>({});
  /** Accepted masks fetched so far, by segment id. */
  masks = $state.raw<Record<string, BinaryMask>>({});
  status = $state.raw<SegmentationStatus | null>(null);
  statusError = $state<string | null>(null);
  lastRun = $state.raw<RunInfo | null>(null);
  /** Frame keys with a request in flight. */
  busyKeys = $state.raw<string[]>([]);
  label = $state(DEFAULT_LABEL);
  opacity = $state(0.4);
  outline = $state(true);
  /** Brush and eraser radius, image pixels. */
  brushSize = $state(6);
  propagating = $state.raw<{ direction: 1 | -1; done: number; cancelling: boolean } | null>(null);
  /** A box being dragged: frame key and corners in cornerstone pixel coordinates. */
  dragBox = $state.raw<{ key: string; x1: number; y1: number; x2: number; y2: number } | null>(null);
  /** Where the brush is, for its outline. */
  brushAt = $state.raw<{ key: string; x: number; y: number } | null>(null);
  undoCount = $state(0);
  redoCount = $state(0);
  historyBusy = $state(false);

  readonly colours = new LabelColours();
  readonly #session: Session;
  readonly #viewer: Viewer;
  readonly #history = new History<Action>(300);
  /** Requests per frame key: an answer that comes back after a reject or undo is dropped. */
  readonly #epochs = new Epochs();
  readonly #running = new KeySet();
  readonly #listing = new KeySet();
  readonly #maskLoads = new KeyMap<Promise<BinaryMask | null>>();
  #stroke: { key: string; before: Preview | null; last: { x: number; y: number }; erase: boolean } | null = null;
  #stepping = false;

  constructor(session: Session, viewer: Viewer) {
    this.#session = session;
    this.#viewer = viewer;
    // Segments that arrive from an imported DICOM SEG: re-list the series already listed.
    session.whenConnected((api) =>
      api.on('segments.changed', () => {
        for (const seriesUID of Object.keys(this.records)) void this.ensureSeries(seriesUID, true);
      }),
    );
  }

  // ---- Engine status --------------------------------------------------------------------------

  async loadStatus(): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const reply = await api.segmentation.status();
    if (reply.ok) {
      this.status = reply.value;
      this.statusError = null;
    } else {
      this.statusError = reply.error.message;
    }
  }

  // ---- Frames and series ----------------------------------------------------------------------

  /** The frame a viewport has on screen, ready for prompts; null before its first image. */
  frameOf(viewport: ViewportState): FrameContext | null {
    const entry = viewport.shownEntry;
    const info = viewport.info;
    const series = viewport.series;
    if (!entry || !info || !series) return null;
    return {
      key: entry.imageId,
      target: { SOPInstanceUID: entry.instance.SOPInstanceUID, frame: entry.frame },
      seriesUID: series.SeriesInstanceUID,
      size: { width: info.columns, height: info.rows },
    };
  }

  /** The window the reader is looking through, as the engine takes it (null for colour images). */
  voiOf(viewport: ViewportState): Voi | null {
    const setting = viewport.voi;
    if (!setting || viewport.info?.color) return null;
    const { windowCenter, windowWidth } = setting.voi;
    return Number.isFinite(windowCenter) && Number.isFinite(windowWidth) && windowWidth > 0 ? { center: windowCenter, width: windowWidth } : null;
  }

  isBusy(key: string | null | undefined): boolean {
    return key ? this.busyKeys.includes(key) : false;
  }

  readonly busy = $derived(this.busyKeys.length > 0);

  /** Fetches the accepted segments of a series once (again after `refresh`). */
  async ensureSeries(seriesUID: string, refresh = false): Promise<void> {
    const api = this.#session.api;
    if (!api || this.#listing.has(seriesUID) || (!refresh && this.records[seriesUID] !== undefined)) return;
    this.#listing.add(seriesUID);
    try {
      const reply = await api.segmentation.list(seriesUID);
      if (reply.ok) {
        this.records = { ...this.records, [seriesUID]: reply.value };
        const { [seriesUID]: _dropped, ...rest } = this.listErrors;
        this.listErrors = rest;
        for (const record of reply.value) this.colours.indexOf(record.label);
      } else {
        this.listErrors = { ...this.listErrors, [seriesUID]: reply.error.message };
      }
    } finally {
      this.#listing.delete(seriesUID);
    }
  }

  recordsOn(key: string): SegmentRecord[] {
    const target = parseImageId(key);
    if (!target) return [];
    const out: SegmentRecord[] = [];
    for (const list of Object.values(this.records)) {
      for (const record of list) if (record.SOPInstanceUID === target.SOPInstanceUID && record.frame === target.frame) out.push(record);
    }
    return out;
  }

  previewsOf(seriesUID: string): Preview[] {
    return Object.values(this.previews).filter((preview) => preview.seriesUID === seriesUID);
  }

  /** Labels in use in a series, and the one being drawn. */
  labelsOf(seriesUID: string | null): string[] {
    const labels = (seriesUID ? (this.records[seriesUID] ?? []) : []).map((record) => record.label);
    return [...labels, this.label].filter((label, at, all) => all.indexOf(label) === at);
  }

  newFinding(seriesUID: string | null): void {
    this.label = nextLabel(this.labelsOf(seriesUID));
    this.colours.indexOf(this.label);
  }

  /** An accepted mask, fetched once (cached); null until it arrives. */
  maskOf(id: string): BinaryMask | null {
    const mask = this.masks[id];
    if (mask) return mask;
    void this.#loadMask(id);
    return null;
  }

  #loadMask(id: string): Promise<BinaryMask | null> {
    const api = this.#session.api;
    if (!api) return Promise.resolve(null);
    let pending = this.#maskLoads.get(id);
    if (!pending) {
      pending = api.segmentation.mask(id).then((reply) => {
        if (!reply.ok) {
          this.#maskLoads.delete(id);
          return null;
        }
        this.masks = { ...this.masks, [id]: reply.value };
        return reply.value;
      });
      this.#maskLoads.set(id, pending);
    }
    return pending;
  }

  // ---- What a viewport draws ------------------------------------------------------------------

  /** The masks and prompts on one frame. Reads state: call it in an $effect to redraw on change. */
  sceneFor(key: string | null | undefined): OverlayScene {
    const scene: OverlayScene = {
      layers: [],
      opacity: this.opacity,
      outline: this.outline,
      points: [],
      box: null,
      dragBox: null,
      brush: null,
      boxColour: this.colours.colourOf(this.label),
    };
    if (!key) return scene;
    const layers: MaskLayer[] = [];
    for (const record of this.recordsOn(key)) {
      const mask = this.maskOf(record.id);
      if (mask) layers.push({ mask, version: 0, colour: this.colours.colourOf(record.label), preview: false });
    }
    const preview = this.previews[key];
    if (preview) layers.push({ mask: preview.mask, version: preview.version, colour: this.colours.colourOf(this.label), preview: true });
    scene.layers = layers;
    const prompts = this.drafts[key] ?? preview?.prompts ?? NO_PROMPTS;
    scene.points = prompts.points;
    scene.box = prompts.box ?? null;
    const drag = this.dragBox;
    if (drag && drag.key === key) scene.dragBox = { x1: drag.x1, y1: drag.y1, x2: drag.x2, y2: drag.y2 };
    const tool = this.#viewer.tool;
    const brush = this.brushAt;
    if (brush && brush.key === key && (tool === 'brush' || tool === 'eraser')) {
      scene.brush = { x: brush.x, y: brush.y, radius: this.brushSize, erase: tool === 'eraser' };
    }
    return scene;
  }

  // ---- Prompts ----------------------------------------------------------------------------------

  /** A click at cornerstone pixel coordinates: 1 adds to the mask, 0 takes a region out. */
  addPoint(viewport: ViewportState, pixel: { x: number; y: number }, label: 0 | 1): void {
    const frame = this.frameOf(viewport);
    if (!frame) return;
    if (!insideImage(pixel, frame.size)) {
      this.#session.notify(
        'info',
        `Click ignored: (${Math.round(pixel.x)}, ${Math.round(pixel.y)}) is outside the ${frame.size.width} × ${frame.size.height} image. Click on the image.`,
      );
      return;
    }
    const point = promptPoint(pixel, frame.size);
    this.#change(viewport, frame, (prompts) => {
      if (prompts.points.length >= MAX_POINTS) {
        this.#session.notify('warning', `At most ${MAX_POINTS} clicks per image: undo some, or press Esc and start again.`);
        return null;
      }
      return { ...prompts, points: [...prompts.points, { x: point.x, y: point.y, label } satisfies PointPrompt] };
    });
  }

  /** A box dragged between two cornerstone pixel positions; it replaces the frame's box, clicks stay. */
  setBox(viewport: ViewportState, a: { x: number; y: number }, b: { x: number; y: number }): void {
    const frame = this.frameOf(viewport);
    if (!frame) return;
    const box: BoxPrompt | null = boxFromDrag(a, b, frame.size);
    if (!box) {
      this.#session.notify('info', 'Box ignored: it does not cover the image. Drag across the finding.');
      return;
    }
    this.#change(viewport, frame, (prompts) => ({ ...prompts, box }));
  }

  #change(viewport: ViewportState, frame: FrameContext, mutate: (prompts: FramePrompts) => FramePrompts | null): void {
    const key = frame.key;
    const base = this.drafts[key] ?? this.previews[key]?.prompts ?? NO_PROMPTS;
    const next = mutate(base);
    if (!next) return;
    this.drafts = { ...this.drafts, [key]: next };
    void this.#pump(viewport, frame);
  }

  /** Sends the frame's prompts, one request at a time; clicks made meanwhile go in the next one. */
  async #pump(viewport: ViewportState, frame: FrameContext): Promise<void> {
    const api = this.#session.api;
    const key = frame.key;
    if (!api || this.#running.has(key)) return;
    this.#running.add(key);
    this.#busy(key, true);
    try {
      for (;;) {
        const wanted = this.drafts[key];
        if (!wanted) break;
        const epoch = this.#epoch(key);
        const before = this.previews[key] ?? null;
        const previous = before?.result?.resultId ?? null;
        const reply = await this.#segmentCall({ target: frame.target, voi: this.voiOf(viewport), prompts: wanted, previous });
        if (this.#epoch(key) !== epoch) continue; // rejected or undone meanwhile: whatever is wanted now goes next
        if (!reply.ok) {
          this.#session.notify('error', reply.error.message);
          this.#dropDraft(key);
          break;
        }
        const after = this.#previewOf(frame.key, frame.target, frame.seriesUID, wanted, reply.value, previous, 'prompts');
        this.#setPreview(key, after);
        this.#push({ kind: 'frames', changes: [{ key, before, after }] });
        this.#noteRun('segment', reply.value);
        if (this.drafts[key] === wanted) this.#dropDraft(key);
      }
    } finally {
      this.#running.delete(key);
      this.#busy(key, false);
    }
  }

  async #segmentCall(request: { target: FrameRef; voi: Voi | null; prompts: FramePrompts; previous: string | null; alternative?: number }): Promise<Result<SegmentResult>> {
    const api = this.#session.api!;
    try {
      let reply = await api.segmentation.segment(request);
      // The engine keeps a bounded number of answers: one undone to long ago may be gone; start afresh.
      if (!reply.ok && reply.error.code === 'NOT_FOUND' && request.previous) reply = await api.segmentation.segment({ ...request, previous: null });
      return reply;
    } catch (error) {
      return { ok: false, error: { code: 'INTERNAL', message: message(error) } };
    }
  }

  #previewOf(
    key: string,
    target: FrameRef,
    seriesUID: string,
    prompts: FramePrompts,
    result: SegmentResult,
    previousId: string | null,
    origin: Preview['origin'],
  ): Preview {
    return { key, target, seriesUID, prompts, result, previousId, mask: result.mask, version: 0, areaPx: result.areaPx, origin, edited: false };
  }

  #noteRun(kind: RunInfo['kind'], result: SegmentResult): void {
    const run = { engine: result.engine, modelId: result.modelId, provider: result.provider, totalMs: result.times.totalMs };
    this.lastRun = { kind, ...run, encodeMs: result.times.encodeMs, decodeMs: result.times.decodeMs, text: runLine(run) };
    for (const ignored of result.ignored) this.#session.notify('info', `Click ignored: ${ignored.reason}.`);
  }

  /** Tab: the next of the engine's candidate masks for a single click. */
  async cycleAlternative(viewport: ViewportState): Promise<void> {
    const frame = this.frameOf(viewport);
    const preview = frame ? this.previews[frame.key] : undefined;
    if (!frame || !preview?.result || preview.origin !== 'prompts' || this.#running.has(frame.key)) return;
    const result = preview.result;
    if (preview.prompts.points.length !== 1 || preview.prompts.box) {
      this.#session.notify('info', 'Alternative masks are offered for a single click; with more clicks or a box the engine gives one.');
      return;
    }
    if (result.alternatives <= 1) {
      this.#session.notify('info', `${engineName(result.engine, result.modelId)} gives one mask per click; SAM2 models offer alternatives.`);
      return;
    }
    const key = frame.key;
    const epoch = this.#epoch(key);
    this.#running.add(key);
    this.#busy(key, true);
    try {
      const alternative = (result.alternative + 1) % result.alternatives;
      const reply = await this.#segmentCall({ target: frame.target, voi: this.voiOf(viewport), prompts: preview.prompts, previous: preview.previousId, alternative });
      if (this.#epoch(key) !== epoch) return;
      if (!reply.ok) return this.#session.notify('error', reply.error.message);
      const after = this.#previewOf(key, frame.target, frame.seriesUID, preview.prompts, reply.value, preview.previousId, 'prompts');
      this.#setPreview(key, after);
      this.#push({ kind: 'frames', changes: [{ key, before: preview, after }] });
      this.#noteRun('segment', reply.value);
    } finally {
      this.#running.delete(key);
      this.#busy(key, false);
    }
  }

  /** Esc: drops the preview and the prompts on the frame on screen. Returns whether there was one. */
  reject(viewport: ViewportState): boolean {
    const frame = this.frameOf(viewport);
    if (!frame) return false;
    const key = frame.key;
    const before = this.previews[key] ?? null;
    const hadDraft = this.drafts[key] !== undefined;
    if (!before && !hadDraft) return false;
    this.#bump(key);
    this.#dropDraft(key);
    if (before) {
      this.#setPreview(key, null);
      this.#push({ kind: 'frames', changes: [{ key, before, after: null }] });
    }
    return true;
  }

  // ---- Accepting and removing -------------------------------------------------------------------

  hasPreview(viewport: ViewportState): boolean {
    const frame = this.frameOf(viewport);
    return frame !== null && (this.previews[frame.key] !== undefined || this.drafts[frame.key] !== undefined);
  }

  /** Enter: the preview on screen becomes an accepted segment with the current label. */
  async accept(viewport: ViewportState): Promise<void> {
    const frame = this.frameOf(viewport);
    if (!frame) return;
    const key = frame.key;
    if (this.drafts[key] || this.#running.has(key)) {
      this.#session.notify('info', 'Still segmenting: press Enter again once the mask has appeared.');
      return;
    }
    const preview = this.previews[key];
    if (!preview) {
      this.#session.notify('info', 'Nothing to accept on this image: press S and click inside the finding first.');
      return;
    }
    if (preview.areaPx === 0) {
      this.#session.notify('warning', 'The mask is empty: click inside the finding, or press Esc.');
      return;
    }
    const record = await this.#acceptCall(preview, this.label.trim() || DEFAULT_LABEL);
    if (!record) return;
    this.#acceptedLocally(preview, record);
    this.#push({ kind: 'accept', items: [{ key, preview, record }] });
  }

  /** Accepts every preview of a series (after propagating over a range), as one step of the history. */
  async acceptAll(seriesUID: string): Promise<void> {
    const previews = this.previewsOf(seriesUID).filter((preview) => preview.areaPx > 0 && !this.#running.has(preview.key));
    const items: AcceptItem[] = [];
    const label = this.label.trim() || DEFAULT_LABEL;
    for (const preview of previews) {
      const record = await this.#acceptCall(preview, label);
      if (!record) break;
      this.#acceptedLocally(preview, record);
      items.push({ key: preview.key, preview, record });
    }
    if (items.length > 0) {
      this.#push({ kind: 'accept', items });
      this.#session.notify('info', `Accepted ${items.length} mask${items.length === 1 ? '' : 's'} as “${label}”.`);
    }
  }

  async #acceptCall(preview: Preview, label: string): Promise<SegmentRecord | null> {
    const api = this.#session.api;
    if (!api) return null;
    const prompts: FramePrompts = { points: preview.prompts.points.slice(0, MAX_POINTS), ...(preview.prompts.box ? { box: preview.prompts.box } : {}) };
    const reply = await api.segmentation.accept({
      target: preview.target,
      label: label.slice(0, 64),
      mask: wireMask(preview.mask),
      prompts,
      engine: (preview.result?.engine ?? 'brush').slice(0, 64),
      modelId: preview.result?.modelId ?? null,
    });
    if (!reply.ok) {
      this.#session.notify('error', reply.error.message);
      return null;
    }
    return reply.value;
  }

  #acceptedLocally(preview: Preview, record: SegmentRecord): void {
    this.#bump(preview.key);
    this.#setPreview(preview.key, null);
    this.masks = { ...this.masks, [record.id]: preview.mask };
    this.#addRecord(record);
  }

  #addRecord(record: SegmentRecord): void {
    const list = this.records[record.SeriesInstanceUID] ?? [];
    this.colours.indexOf(record.label);
    this.records = { ...this.records, [record.SeriesInstanceUID]: [...list.filter((r) => r.id !== record.id), record] };
  }

  #dropRecord(record: SegmentRecord): void {
    const list = this.records[record.SeriesInstanceUID];
    if (list) this.records = { ...this.records, [record.SeriesInstanceUID]: list.filter((r) => r.id !== record.id) };
  }

  /** Removes an accepted segment (undoable: undo accepts it again). */
  async remove(record: SegmentRecord): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const mask = this.masks[record.id] ?? (await this.#loadMask(record.id));
    const reply = await api.segmentation.remove(record.id);
    if (!reply.ok) return this.#session.notify('error', reply.error.message);
    this.#dropRecord(record);
    if (mask) this.#push({ kind: 'remove', items: [{ record, mask }] });
  }

  async #reaccept(record: SegmentRecord, mask: BinaryMask, prompts: FramePrompts = NO_PROMPTS): Promise<SegmentRecord | null> {
    const api = this.#session.api;
    if (!api) return null;
    const reply = await api.segmentation.accept({
      target: { SOPInstanceUID: record.SOPInstanceUID, frame: record.frame },
      label: record.label,
      mask: wireMask(mask),
      prompts,
      engine: record.engine,
      modelId: record.modelId,
    });
    if (!reply.ok) {
      this.#session.notify('error', reply.error.message);
      return null;
    }
    this.masks = { ...this.masks, [reply.value.id]: mask };
    this.#addRecord(reply.value);
    return reply.value;
  }

  async #removeCall(record: SegmentRecord): Promise<boolean> {
    const api = this.#session.api;
    if (!api) return false;
    const reply = await api.segmentation.remove(record.id);
    // Already gone counts as removed.
    if (!reply.ok && reply.error.code !== 'NOT_FOUND') {
      this.#session.notify('error', reply.error.message);
      return false;
    }
    this.#dropRecord(record);
    return true;
  }

  // ---- Undo / redo ------------------------------------------------------------------------------

  async undo(): Promise<void> {
    if (this.historyBusy) return;
    const action = this.#history.undo();
    if (!action) return this.#session.notify('info', 'Nothing to undo.');
    this.historyBusy = true;
    try {
      if (await this.#revert(action)) this.#reveal(action);
      else this.#history.restoreAfterFailedUndo(action);
    } finally {
      this.historyBusy = false;
      this.#syncHistory();
    }
  }

  async redo(): Promise<void> {
    if (this.historyBusy) return;
    const action = this.#history.redo();
    if (!action) return this.#session.notify('info', 'Nothing to redo.');
    this.historyBusy = true;
    try {
      if (await this.#apply(action)) this.#reveal(action);
      else this.#history.restoreAfterFailedRedo(action);
    } finally {
      this.historyBusy = false;
      this.#syncHistory();
    }
  }

  async #revert(action: Action): Promise<boolean> {
    switch (action.kind) {
      case 'frames':
        for (const change of [...action.changes].reverse()) this.#restore(change.key, change.before);
        return true;
      case 'accept':
        for (const item of [...action.items].reverse()) {
          if (!(await this.#removeCall(item.record))) return false;
          this.#restore(item.key, item.preview);
        }
        return true;
      case 'remove':
        for (const item of action.items) {
          const record = await this.#reaccept(item.record, item.mask);
          if (!record) return false;
          item.record = record;
        }
        return true;
    }
  }

  async #apply(action: Action): Promise<boolean> {
    switch (action.kind) {
      case 'frames':
        for (const change of action.changes) this.#restore(change.key, change.after);
        return true;
      case 'accept':
        for (const item of action.items) {
          const record = await this.#acceptCall(item.preview, item.record.label);
          if (!record) return false;
          this.#acceptedLocally(item.preview, record);
          item.record = record;
        }
        return true;
      case 'remove':
        for (const item of action.items) if (!(await this.#removeCall(item.record))) return false;
        return true;
    }
  }

  #restore(key: string, preview: Preview | null): void {
    this.#bump(key);
    this.#dropDraft(key);
    this.#setPreview(key, preview);
  }

  /** Shows the slice an undo or redo changed, when the active viewport holds it. */
  #reveal(action: Action): void {
    const key =
      action.kind === 'frames'
        ? action.changes[0]?.key
        : action.kind === 'accept'
          ? action.items[0]?.key
          : action.items[0]
            ? imageIdFor(action.items[0].record.SOPInstanceUID, action.items[0].record.frame)
            : undefined;
    const viewport = this.#viewer.active;
    if (!key || viewport.shownEntry?.imageId === key) return;
    const index = viewport.stack.findIndex((entry) => entry.imageId === key);
    if (index >= 0) viewport.scrollTo(index);
  }

  #push(action: Action): void {
    this.#history.push(action);
    this.#syncHistory();
  }

  #syncHistory(): void {
    const { done, undone } = this.#history.size;
    this.undoCount = done;
    this.redoCount = undone;
  }

  // ---- Propagation ------------------------------------------------------------------------------

  /**
   * What N/P carry from a frame: the engine's answer on screen, else the accepted segment there (the
   * current label's, else the latest; main carries it as saved, brush edits included).
   */
  carrySource(key: string): string | null {
    const preview = this.previews[key];
    if (preview?.result) return preview.result.resultId;
    const records = this.recordsOn(key);
    return (records.filter((record) => record.label === this.label).at(-1) ?? records.at(-1))?.id ?? null;
  }

  /**
   * N / P: moves one slice, carrying the mask of the slice left (preview or accepted) as the new
   * preview there. Without a mask to carry it just moves.
   */
  async step(viewport: ViewportState, direction: 1 | -1): Promise<void> {
    if (this.propagating) return;
    if (this.#stepping) return;
    this.#stepping = true;
    try {
      const outcome = await this.#propagateOne(viewport, direction);
      if (outcome.change) this.#push({ kind: 'frames', changes: [outcome.change] });
      if (outcome.status === 'vanished') this.#session.notify('info', 'The mask vanished on this slice: nothing was carried here.');
    } finally {
      this.#stepping = false;
    }
  }

  /** Runs N (or P) until the mask vanishes or the series ends; one undo step takes it all back. */
  async propagateRange(viewport: ViewportState, direction: 1 | -1): Promise<void> {
    if (this.propagating || this.#stepping) return;
    const start = viewport.shownEntry?.imageId;
    if (!start || !this.carrySource(start)) {
      this.#session.notify('info', 'Nothing to propagate: outline the finding on this slice first (or go to a slice with a mask).');
      return;
    }
    this.propagating = { direction, done: 0, cancelling: false };
    const changes: FrameChange[] = [];
    let why = '';
    try {
      for (;;) {
        if (this.propagating.cancelling) {
          why = 'cancelled';
          break;
        }
        const outcome = await this.#propagateOne(viewport, direction);
        if (outcome.change) changes.push(outcome.change);
        if (outcome.status === 'vanished') {
          viewport.scrollBy(-direction);
          why = 'the mask vanished';
          break;
        }
        if (outcome.status === 'end') {
          why = direction > 0 ? 'the last slice' : 'the first slice';
          break;
        }
        if (outcome.status === 'failed' || outcome.status === 'moved') {
          why = 'an error';
          break;
        }
        this.propagating = { ...this.propagating, done: this.propagating.done + 1 };
      }
    } finally {
      const done = this.propagating?.done ?? 0;
      this.propagating = null;
      if (changes.length > 0) this.#push({ kind: 'frames', changes });
      this.#session.notify('info', `Propagated over ${done} slice${done === 1 ? '' : 's'}; stopped at ${why}. Enter accepts a slice, “Accept all” every preview.`);
    }
  }

  cancelPropagation(): void {
    if (this.propagating) this.propagating = { ...this.propagating, cancelling: true };
  }

  async #propagateOne(
    viewport: ViewportState,
    direction: 1 | -1,
  ): Promise<{ status: 'moved' | 'carried' | 'kept' | 'vanished' | 'end' | 'failed'; change?: FrameChange }> {
    const api = this.#session.api;
    const stack = viewport.stack;
    const series = viewport.series;
    const fromIndex = viewport.index;
    const toIndex = fromIndex + direction;
    const from = stack[fromIndex];
    const to = stack[toIndex];
    if (!to || !from) return { status: 'end' };
    const source = this.carrySource(from.imageId);
    if (source && this.previews[from.imageId]?.edited) {
      this.#session.notify('info', 'Carried the engine’s mask: brush edits travel once the mask is accepted (Enter).');
    }
    viewport.scrollTo(toIndex);
    if (!source || !api || !series) return { status: 'moved' };
    const key = to.imageId;
    const existing = this.previews[key] ?? null;
    // The reader's own clicks or strokes there stay; N carries from them next time.
    if (existing && existing.origin !== 'propagated') return { status: 'kept' };
    const target: FrameRef = { SOPInstanceUID: to.instance.SOPInstanceUID, frame: to.frame };
    const epoch = this.#epoch(key);
    this.#busy(key, true);
    let reply: Result<SegmentResult>;
    try {
      reply = await api.segmentation.propagate({ from: source, target, voi: this.voiOf(viewport) });
    } catch (error) {
      reply = { ok: false, error: { code: 'INTERNAL', message: message(error) } };
    } finally {
      this.#busy(key, false);
    }
    if (this.#epoch(key) !== epoch) return { status: 'failed' };
    if (!reply.ok) {
      this.#session.notify(
        'error',
        reply.error.code === 'NOT_FOUND' ? 'The mask to carry is no longer held by the engine: click on this slice to outline it again.' : reply.error.message,
      );
      return { status: 'failed' };
    }
    this.#noteRun('propagate', reply.value);
    if (reply.value.areaPx === 0) {
      if (!existing) return { status: 'vanished' };
      this.#setPreview(key, null);
      return { status: 'vanished', change: { key, before: existing, after: null } };
    }
    const after = this.#previewOf(key, target, series.SeriesInstanceUID, NO_PROMPTS, reply.value, source, 'propagated');
    this.#setPreview(key, after);
    return { status: 'carried', change: { key, before: existing, after } };
  }

  // ---- Brush and eraser -------------------------------------------------------------------------

  /** Starts a stroke at cornerstone pixel coordinates; false when there is nothing to paint on. */
  beginStroke(viewport: ViewportState, pixel: { x: number; y: number }, erase: boolean): boolean {
    const frame = this.frameOf(viewport);
    if (!frame) return false;
    const key = frame.key;
    if (this.drafts[key] || this.#running.has(key)) {
      this.#session.notify('info', 'Still segmenting: paint once the mask has appeared.');
      return false;
    }
    const before = this.previews[key] ?? null;
    if (!before && erase) {
      this.#session.notify('info', 'The eraser edits the mask being worked on, before Enter accepts it. There is none on this image.');
      return false;
    }
    const at = { x: pixel.x - 0.5, y: pixel.y - 0.5 };
    const mask = before ? cloneMask(before.mask) : emptyMask(frame.size.width, frame.size.height);
    paintDisc(mask, at.x, at.y, this.brushSize, erase ? 0 : 1);
    const base: Preview = before ?? {
      key,
      target: frame.target,
      seriesUID: frame.seriesUID,
      prompts: NO_PROMPTS,
      result: null,
      previousId: null,
      mask,
      version: 0,
      areaPx: 0,
      origin: 'brush',
      edited: true,
    };
    this.#bump(key);
    this.#setPreview(key, { ...base, mask, version: base.version + 1, areaPx: maskArea(mask), edited: true });
    this.#stroke = { key, before, last: at, erase };
    return true;
  }

  strokeTo(pixel: { x: number; y: number }): void {
    const stroke = this.#stroke;
    const current = stroke ? this.previews[stroke.key] : undefined;
    if (!stroke || !current) return;
    const at = { x: pixel.x - 0.5, y: pixel.y - 0.5 };
    const delta = paintSegment(current.mask, stroke.last, at, this.brushSize, stroke.erase ? 0 : 1);
    stroke.last = at;
    if (delta !== 0) this.#setPreview(stroke.key, { ...current, version: current.version + 1, areaPx: current.areaPx + delta });
  }

  endStroke(): void {
    const stroke = this.#stroke;
    this.#stroke = null;
    if (!stroke) return;
    let after = this.previews[stroke.key] ?? null;
    if (after && after.areaPx === 0) {
      this.#setPreview(stroke.key, null);
      after = null;
    }
    this.#push({ kind: 'frames', changes: [{ key: stroke.key, before: stroke.before, after }] });
  }

  setBrushSize(size: number): void {
    this.brushSize = Math.min(Math.max(Math.round(size), BRUSH_SIZES.min), BRUSH_SIZES.max);
  }

  // ---- Bookkeeping --------------------------------------------------------------------------------

  #setPreview(key: string, preview: Preview | null): void {
    if (preview) {
      this.previews = { ...this.previews, [key]: preview };
    } else if (this.previews[key]) {
      const { [key]: _gone, ...rest } = this.previews;
      this.previews = rest;
    }
  }

  #dropDraft(key: string): void {
    if (this.drafts[key] === undefined) return;
    const { [key]: _gone, ...rest } = this.drafts;
    this.drafts = rest;
  }

  #epoch(key: string): number {
    return this.#epochs.get(key);
  }

  #bump(key: string): void {
    this.#epochs.bump(key);
  }

  #busy(key: string, on: boolean): void {
    if (on) this.busyKeys = [...this.busyKeys, key];
    else {
      const at = this.busyKeys.indexOf(key);
      if (at >= 0) this.busyKeys = [...this.busyKeys.slice(0, at), ...this.busyKeys.slice(at + 1)];
    }
  }
}

/** For tests and the panel: the key of an accepted segment's frame. */
export function recordKey(record: SegmentRecord): string {
  return frameKey({ SOPInstanceUID: record.SOPInstanceUID, frame: record.frame });
}
