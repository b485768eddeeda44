// The reading area: layout, which viewport is active, the left-button tool, and the tag browser.
// Each viewport keeps its own series and view (state/viewport.svelte.ts).
import type { StudySummary } from '../../common/api';
import type { SeriesSummary, TagRow } from '../../common/dicom';
import { PromiseCache } from '../lib/promise-cache';
import type { Session } from './session.svelte';
import type { StudyBrowser } from './studies.svelte';
import { ViewportState } from './viewport.svelte';

export type Layout = '1x1' | '1x2' | '2x2';
export type Tool = 'wl' | 'zoom' | 'pan' | 'segment' | 'brush' | 'eraser';
export type ViewTool = 'wl' | 'zoom' | 'pan';
export type SegmentTool = 'segment' | 'brush' | 'eraser';

export const LAYOUTS: { id: Layout; label: string; count: number }[] = [
  { id: '1x1', label: '1×1', count: 1 },
  { id: '1x2', label: '1×2', count: 2 },
  { id: '2x2', label: '2×2', count: 4 },
];

export const TOOLS: { id: ViewTool; label: string; title: string }[] = [
  { id: 'wl', label: 'W/L', title: 'Window/level with the left button (right-drag always does)' },
  { id: 'zoom', label: 'Zoom', title: 'Zoom with the left button: drag up to enlarge (Ctrl+wheel always does)' },
  { id: 'pan', label: 'Pan', title: 'Pan with the left button (middle-drag always does)' },
];

export const SEGMENT_TOOLS: { id: SegmentTool; label: string; title: string }[] = [
  {
    id: 'segment',
    label: 'Segment (S)',
    title: 'Segment: click inside the finding; Shift+click or right-click (no drag) takes a region out; drag a box around it',
  },
  { id: 'brush', label: 'Brush (B)', title: 'Brush: paint onto the mask before accepting it ([ and ] change the size)' },
  { id: 'eraser', label: 'Eraser (E)', title: 'Eraser: rub out part of the mask before accepting it ([ and ] change the size)' },
];

/** Tag lists kept for the last few instances looked at. */
const TAG_CACHE = 16;

export class Viewer {
  layout = $state<Layout>('1x1');
  activeIndex = $state(0);
  tool = $state<Tool>('wl');
  tagsOpen = $state(false);
  tagSearch = $state('');

  readonly viewports: readonly ViewportState[] = [0, 1, 2, 3].map((id) => new ViewportState(id));
  readonly visibleCount = $derived(LAYOUTS.find((layout) => layout.id === this.layout)?.count ?? 1);
  readonly visible = $derived(this.viewports.slice(0, this.visibleCount));
  readonly active = $derived(this.viewports[Math.min(this.activeIndex, this.visibleCount - 1)]!);
  /** The tags of the active viewport's image, fetched once per instance. */
  readonly tags = $derived.by((): Promise<TagRow[]> | null => {
    const uid = this.active.shownEntry?.instance.SOPInstanceUID;
    return this.tagsOpen && uid ? this.#tagsOf(uid) : null;
  });

  readonly #session: Session;
  readonly #browser: StudyBrowser;
  #tagCache = new PromiseCache<TagRow[]>(TAG_CACHE);

  constructor(session: Session, browser: StudyBrowser) {
    this.#session = session;
    this.#browser = browser;
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
    const count = LAYOUTS.find((l) => l.id === layout)?.count ?? 1;
    if (this.activeIndex >= count) this.activeIndex = 0;
    for (const viewport of this.viewports.slice(count)) viewport.pause();
  }

  /** S, B, E: picks a segmentation tool, or goes back to W/L when it is already on. False without a series. */
  toggleTool(tool: SegmentTool): boolean {
    if (!this.active.hasImage) return false;
    this.tool = this.tool === tool ? 'wl' : tool;
    return true;
  }

  activate(index: number): void {
    if (index < this.visibleCount) this.activeIndex = index;
  }

  /** Opens a series in the active viewport. */
  async openSeries(series: SeriesSummary, study: StudySummary | null = this.#browser.studyOf(series.SeriesInstanceUID)): Promise<void> {
    const viewport = this.active;
    viewport.pause();
    viewport.opening = true;
    viewport.error = null;
    try {
      const instances = await this.#browser.instances(series.SeriesInstanceUID);
      viewport.open(study, series, instances);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      viewport.close();
      viewport.error = message;
      this.#session.notify('error', message);
    } finally {
      viewport.opening = false;
    }
  }

  #tagsOf(SOPInstanceUID: string): Promise<TagRow[]> {
    const api = this.#session.api;
    if (!api) return Promise.reject(new Error('Not connected to MaskCue.'));
    return this.#tagCache.get(SOPInstanceUID, async () => {
      const result = await api.dicom.tags(SOPInstanceUID);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    });
  }
}
