// Few-shot classification in the renderer (walkthrough steps 6–8): the exemplar library (classes,
// their prompt templates, exemplars and thumbnails), training a prompt pack with its progress and
// history, and classifying an accepted segment with its heat map. Main does the work (api.fewshot);
// this keeps what the panels show and answers the viewport's "what heat map goes on this frame?".
//
// Why one file near 400 lines: library, training and classification share the status (which engine
// answers, which pack is active) and refresh each other after every change (an exemplar added changes
// the counts a training refusal and the card's "M exemplars" read). Pure parts live in lib/fewshot/.
import { Evaluation } from './evaluation.svelte';
import { getContext, setContext } from 'svelte';
import type { Result } from '../../common/api';
import type {
  BinaryMask,
  ClassDef,
  ClassificationResult,
  ExemplarRecord,
  FewshotStatus,
  FocusMode,
  FolderImportReport,
  PromptPackSummary,
  SegmentRecord,
  Thumbnail,
  TrainingProgress,
} from '../../common/domain';
import { resolveClassName } from '../lib/fewshot/class-name';
import { packLine, verdictOf } from '../lib/fewshot/format';
import type { HeatLayer } from '../lib/fewshot/heat-overlay';
import { KeySet } from '../lib/segmentation/bookkeeping';
import { wireMask } from '../lib/segmentation/mask';
import { imageIdFor } from '../lib/viewer-engine/stack';
import type { Segmentation } from './segmentation.svelte';
import type { Session } from './session.svelte';
import type { Viewer } from './viewer.svelte';
import type { ViewportState } from './viewport.svelte';

export interface TrainingJob {
  jobId: string;
  stage: 1 | 2;
  progress: TrainingProgress | null;
  cancelling: boolean;
}

export interface ClassificationEntry {
  segmentId: string;
  /** Frame key (image id) of the segment's frame. */
  key: string;
  result: ClassificationResult;
  /** Order of arrival: the newest on a frame is the one whose heat map is drawn. */
  seq: number;
}

export type ThumbnailState = { ok: true; thumbnail: Thumbnail } | { ok: false; message: string };

function recordKeyOf(record: SegmentRecord): string {
  return imageIdFor(record.SOPInstanceUID, record.frame);
}

function failure<T>(code: 'INTERNAL', message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

const CONTEXT_KEY = Symbol('maskcue.fewshot');

/** App.svelte provides the one Fewshot; the viewport reads it to draw heat maps. */
export function provideFewshot(fewshot: Fewshot): void {
  setContext(CONTEXT_KEY, fewshot);
}

export function useFewshot(): Fewshot | null {
  return getContext<Fewshot | undefined>(CONTEXT_KEY) ?? null;
}

export class Fewshot {
  status = $state.raw<FewshotStatus | null>(null);
  statusError = $state<string | null>(null);
  classes = $state.raw<ClassDef[]>([]);
  exemplars = $state.raw<ExemplarRecord[]>([]);
  libraryError = $state<string | null>(null);
  packs = $state.raw<PromptPackSummary[]>([]);
  packsError = $state<string | null>(null);
  thumbnails = $state.raw<Record<string, ThumbnailState>>({});
  /** Segment ids being added as exemplars right now. */
  adding = $state.raw<string[]>([]);
  /** Segments added as exemplars in this session: segment id → class name. */
  addedAs = $state.raw<Record<string, string>>({});
  /** The class chosen last in "Add as exemplar", offered first next time. */
  lastClass = $state<string | null>(null);
  training = $state.raw<TrainingJob | null>(null);
  trainError = $state<string | null>(null);
  /** The pack the last Train produced (its figures stay up after the job ends). */
  trained = $state.raw<PromptPackSummary | null>(null);
  activating = $state<string | null>(null);
  folderImport = $state.raw<{ running: boolean; report: FolderImportReport | null; error: string | null }>({ running: false, report: null, error: null });
  /** Classification results by segment id. */
  results = $state.raw<Record<string, ClassificationEntry>>({});
  classifying = $state.raw<string[]>([]);
  classifyErrors = $state.raw<Record<string, string>>({});
  /** Which accepted segment the card works on, per frame key (default: the latest on the frame). */
  chosen = $state.raw<Record<string, string>>({});
  heatVisible = $state(true);
  heatStrength = $state(0.65);
  /** Set by the A key: the "Add as exemplar" class field takes the focus when it is on screen. */
  addFocusPending = $state(false);

  /** The K-shot table on the library (Training panel). */
  readonly evaluation: Evaluation;
  readonly exemplarCount = $derived(this.exemplars.length);
  readonly activePack = $derived(this.status?.activePack ?? null);

  readonly #session: Session;
  readonly #viewer: Viewer;
  readonly #segmentation: Segmentation;
  #seq = 0;
  readonly #thumbLoads = new KeySet();

  constructor(session: Session, viewer: Viewer, segmentation: Segmentation) {
    this.#session = session;
    this.#viewer = viewer;
    this.#segmentation = segmentation;
    this.evaluation = new Evaluation(session);
    session.whenConnected((api) => {
      api.on('training.progress', (progress) => this.#onProgress(progress));
    });
  }

  // ---- Loading ----------------------------------------------------------------------------------

  async load(): Promise<void> {
    await Promise.all([this.refreshStatus(), this.refreshLibrary(), this.refreshPacks()]);
  }

  async refreshStatus(): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const reply = await api.fewshot.status();
    if (reply.ok) {
      this.status = reply.value;
      this.statusError = null;
    } else this.statusError = reply.error.message;
  }

  async refreshLibrary(): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const [classes, exemplars] = await Promise.all([api.fewshot.classes(), api.fewshot.exemplars({})]);
    if (classes.ok && exemplars.ok) {
      this.classes = classes.value;
      this.exemplars = exemplars.value;
      this.libraryError = null;
    } else {
      this.libraryError = (!classes.ok ? classes.error.message : !exemplars.ok ? exemplars.error.message : null) ?? 'The library could not be read.';
    }
  }

  async refreshPacks(): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const reply = await api.fewshot.packs();
    if (reply.ok) {
      this.packs = reply.value;
      this.packsError = null;
    } else this.packsError = reply.error.message;
  }

  async setFocus(mode: FocusMode): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const reply = await api.fewshot.setFocus(mode);
    if (reply.ok) this.status = reply.value;
    else this.#session.notify('error', reply.error.message);
  }

  // ---- Library ----------------------------------------------------------------------------------

  /** "Add as exemplar": the accepted segment's mask on its frame, seen through the viewport's window. */
  async addExemplar(viewport: ViewportState, record: SegmentRecord, classText: string): Promise<Result<ExemplarRecord>> {
    const api = this.#session.api;
    if (!api) return failure('INTERNAL', 'Not connected to MaskCue.');
    const choice = resolveClassName(classText, this.classes);
    if (!choice.ok) return failure('INTERNAL', choice.message);
    if (this.adding.includes(record.id)) return failure('INTERNAL', 'This segment is being added already.');
    this.adding = [...this.adding, record.id];
    try {
      const mask = await this.#maskOf(record);
      if (!mask.ok) return mask;
      const reply = await api.fewshot.addExemplar({
        target: { SOPInstanceUID: record.SOPInstanceUID, frame: record.frame },
        voi: this.#voiFor(viewport, record),
        mask: wireMask(mask.value),
        className: choice.name,
        segmentId: record.id,
      });
      if (!reply.ok) return reply;
      this.lastClass = reply.value.className;
      this.addedAs = { ...this.addedAs, [record.id]: reply.value.className };
      // The panel says "Added to …" beside the button; no notice on top of it.
      await Promise.all([this.refreshLibrary(), this.refreshStatus()]);
      return reply;
    } finally {
      this.adding = this.adding.filter((id) => id !== record.id);
    }
  }

  async relabel(exemplar: ExemplarRecord, classText: string): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const choice = resolveClassName(classText, this.classes);
    if (!choice.ok) return this.#session.notify('warning', choice.message);
    if (choice.name === exemplar.className) return;
    const reply = await api.fewshot.relabelExemplar(exemplar.id, choice.name);
    if (!reply.ok) return this.#session.notify('error', reply.error.message);
    await Promise.all([this.refreshLibrary(), this.refreshStatus()]);
  }

  async removeExemplar(exemplar: ExemplarRecord): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const reply = await api.fewshot.removeExemplar(exemplar.id);
    if (!reply.ok) return this.#session.notify('error', reply.error.message);
    const { [exemplar.id]: _gone, ...rest } = this.thumbnails;
    this.thumbnails = rest;
    await Promise.all([this.refreshLibrary(), this.refreshStatus()]);
  }

  /** Creates or renames a class, or saves its templates; the reply says what main refused. */
  async saveClass(input: { id?: string; name: string; templates?: string[] }): Promise<Result<ClassDef>> {
    const api = this.#session.api;
    if (!api) return failure('INTERNAL', 'Not connected to MaskCue.');
    const reply = await api.fewshot.saveClass(input);
    if (reply.ok) await this.refreshLibrary();
    return reply;
  }

  async removeClass(cls: ClassDef): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const reply = await api.fewshot.removeClass(cls.id);
    if (!reply.ok) return this.#session.notify('error', reply.error.message);
    await Promise.all([this.refreshLibrary(), this.refreshStatus()]);
  }

  /** A thumbnail, fetched once; undefined until it arrives. */
  thumbnailOf(id: string): ThumbnailState | undefined {
    const known = this.thumbnails[id];
    if (known) return known;
    void this.#loadThumbnail(id);
    return undefined;
  }

  async #loadThumbnail(id: string): Promise<void> {
    const api = this.#session.api;
    if (!api || this.#thumbLoads.has(id)) return;
    this.#thumbLoads.add(id);
    try {
      const reply = await api.fewshot.thumbnail(id);
      this.thumbnails = { ...this.thumbnails, [id]: reply.ok ? { ok: true, thumbnail: reply.value } : { ok: false, message: reply.error.message } };
    } finally {
      this.#thumbLoads.delete(id);
    }
  }

  async importFolder(path: string, masks: string): Promise<void> {
    const api = this.#session.api;
    if (!api || this.folderImport.running) return;
    this.folderImport = { running: true, report: null, error: null };
    const reply = await api.fewshot.importFolder(masks.trim() ? { path: path.trim(), masks: masks.trim() } : { path: path.trim() });
    this.folderImport = { running: false, report: reply.ok ? reply.value : null, error: reply.ok ? null : reply.error.message };
    if (reply.ok) await Promise.all([this.refreshLibrary(), this.refreshStatus()]);
  }

  // ---- Training -----------------------------------------------------------------------------------

  async train(stage: 1 | 2): Promise<void> {
    const api = this.#session.api;
    if (!api || this.training) return;
    // The id is ours, made before the call, so every progress event finds the job.
    const jobId = `train-${typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`}`;
    this.training = { jobId, stage, progress: null, cancelling: false };
    this.trainError = null;
    const reply = await api.fewshot.train({ jobId, stage });
    this.training = null;
    if (reply.ok) {
      this.trained = reply.value;
      // The Training panel shows the new pack; elsewhere a notice says it is done.
      if (this.#session.panel !== 'training') this.#session.notify('info', `Trained ${packLine(reply.value.version, reply.value.exemplarsPerClass)}; it is now in use.`);
    } else {
      this.trainError = reply.error.message;
    }
    await Promise.all([this.refreshPacks(), this.refreshStatus()]);
  }

  async cancelTraining(): Promise<void> {
    const api = this.#session.api;
    const job = this.training;
    if (!api || !job || job.cancelling) return;
    this.training = { ...job, cancelling: true };
    const reply = await api.fewshot.cancelTraining(job.jobId);
    if (!reply.ok) this.#session.notify('error', reply.error.message);
  }

  #onProgress(progress: TrainingProgress): void {
    const job = this.training;
    if (job && job.jobId === progress.jobId) this.training = { ...job, progress };
  }

  /** "Use this version": makes an earlier (or later) pack the active one. */
  async activatePack(pack: PromptPackSummary): Promise<void> {
    const api = this.#session.api;
    if (!api || this.activating) return;
    this.activating = pack.id;
    try {
      const reply = await api.fewshot.activatePack(pack.id);
      if (!reply.ok) return this.#session.notify('error', reply.error.message);
      if (this.#session.panel !== 'training') this.#session.notify('info', `Now using ${packLine(reply.value.version, reply.value.exemplarsPerClass)}.`);
      await Promise.all([this.refreshPacks(), this.refreshStatus()]);
    } finally {
      this.activating = null;
    }
  }

  // ---- Classification -------------------------------------------------------------------------------

  /** The accepted segment the card works on for a frame: the one chosen there, else the latest. */
  segmentOn(key: string | null): SegmentRecord | null {
    if (!key) return null;
    const here = this.#segmentation.recordsOn(key);
    return here.find((record) => record.id === this.chosen[key]) ?? here.at(-1) ?? null;
  }

  choose(key: string, segmentId: string): void {
    this.chosen = { ...this.chosen, [key]: segmentId };
  }

  isClassifying(segmentId: string | null | undefined): boolean {
    return segmentId ? this.classifying.includes(segmentId) : false;
  }

  /** K: classify the chosen segment on the active viewport's frame. False when there is none. */
  classifyShown(): boolean {
    const viewport = this.#viewer.active;
    const key = viewport.info ? (viewport.shownEntry?.imageId ?? null) : null;
    const record = this.segmentOn(key);
    if (!record) {
      if (viewport.hasImage) this.#session.notify('info', 'Nothing to classify here: outline the finding and accept it (Enter) first.');
      return viewport.hasImage;
    }
    void this.classify(viewport, record);
    return true;
  }

  async classify(viewport: ViewportState, record: SegmentRecord): Promise<void> {
    const api = this.#session.api;
    if (!api || this.classifying.includes(record.id)) return;
    this.classifying = [...this.classifying, record.id];
    try {
      const mask = await this.#maskOf(record);
      let reply: Result<ClassificationResult> = mask.ok
        ? await api.fewshot.classify({
            target: { SOPInstanceUID: record.SOPInstanceUID, frame: record.frame },
            voi: this.#voiFor(viewport, record),
            mask: wireMask(mask.value),
            segmentId: record.id,
            explain: true,
          })
        : mask;
      if (reply.ok && reply.value.classes.length === 0) reply = failure('INTERNAL', 'The prompt pack has no classes: train again.');
      if (!reply.ok) {
        this.classifyErrors = { ...this.classifyErrors, [record.id]: reply.error.message };
        return;
      }
      const { [record.id]: _cleared, ...errors } = this.classifyErrors;
      this.classifyErrors = errors;
      this.results = { ...this.results, [record.id]: { segmentId: record.id, key: recordKeyOf(record), result: reply.value, seq: ++this.#seq } };
    } finally {
      this.classifying = this.classifying.filter((id) => id !== record.id);
    }
  }

  resultFor(segmentId: string | null | undefined): ClassificationEntry | null {
    return segmentId ? (this.results[segmentId] ?? null) : null;
  }

  /** One line for notices and reports: "metastasis 0.81 — pack v3, 12 exemplars". */
  summaryOf(entry: ClassificationEntry): string {
    return `${verdictOf(entry.result).text} — ${packLine(entry.result.packVersion, entry.result.exemplarsPerClass)}`;
  }

  /** The heat map to draw on a frame: the chosen segment's result there, when the toggle is on. */
  heatFor(key: string | null | undefined): HeatLayer | null {
    if (!key || !this.heatVisible) return null;
    const record = this.segmentOn(key);
    const entry = record ? this.results[record.id] : undefined;
    if (!entry?.result.heatmap) return null;
    // A segment removed since (undo) takes its heat map with it.
    return { heatmap: entry.result.heatmap, strength: this.heatStrength };
  }

  toggleHeat(): void {
    this.heatVisible = !this.heatVisible;
  }

  /** A: the class field of "Add as exemplar" for the shown frame's segment; false (and a hint) without one. */
  requestAddFocus(): boolean {
    const viewport = this.#viewer.active;
    const key = viewport.info ? (viewport.shownEntry?.imageId ?? null) : null;
    if (!this.segmentOn(key)) {
      this.#session.notify('info', 'Nothing to add here: outline the finding and accept it (Enter), then press A.');
      return false;
    }
    this.addFocusPending = true;
    return true;
  }

  // ---- Helpers --------------------------------------------------------------------------------------

  async #maskOf(record: SegmentRecord): Promise<Result<BinaryMask>> {
    const held = this.#segmentation.masks[record.id];
    if (held) return { ok: true, value: held };
    const api = this.#session.api;
    if (!api) return failure('INTERNAL', 'Not connected to MaskCue.');
    return api.segmentation.mask(record.id);
  }

  /** The window the reader sees the segment's frame through (the viewport's, when it is on that series). */
  #voiFor(viewport: ViewportState, record: SegmentRecord): ReturnType<Segmentation['voiOf']> {
    return viewport.series?.SeriesInstanceUID === record.SeriesInstanceUID ? this.#segmentation.voiOf(viewport) : null;
  }
}
