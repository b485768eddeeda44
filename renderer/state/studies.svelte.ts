// The study browser: patients → studies → series, loaded from main's index, plus the per-series
// instance lists the viewer and the thumbnails share (fetched once, dropped after an import).
import type { StudySummary } from '../../common/api';
import type { InstanceSummary, SeriesSummary } from '../../common/dicom';
import { groupByPatient } from '../features/studies/group-patients';
import { PromiseCache } from '../lib/promise-cache';
import type { Session } from './session.svelte';

export type SeriesList = { state: 'loading' } | { state: 'ready'; series: SeriesSummary[] } | { state: 'failed'; message: string };

/** Series lists fetched at once for the first studies of a list; the rest on expanding. */
const EAGER_STUDIES = 40;

export class StudyBrowser {
  readonly session: Session;
  /** By StudyInstanceUID. */
  series = $state.raw<Record<string, SeriesList>>({});
  collapsed = $state<Record<string, boolean>>({});
  selectedSeries = $state<string | null>(null);

  readonly patients = $derived(groupByPatient(this.#studies()));
  /** Series in display order (expanded studies only): what ↑/↓ walk through in the list. */
  readonly visibleSeries = $derived.by(() => {
    const rows: { study: StudySummary; series: SeriesSummary }[] = [];
    for (const patient of this.patients) {
      for (const study of patient.studies) {
        const list = this.series[study.StudyInstanceUID];
        if (this.collapsed[study.StudyInstanceUID] || list?.state !== 'ready') continue;
        for (const series of list.series) rows.push({ study, series });
      }
    }
    return rows;
  });

  #instances = new PromiseCache<InstanceSummary[]>();
  #refreshes = 0;

  constructor(session: Session) {
    this.session = session;
  }

  #studies(): StudySummary[] {
    return this.session.studies;
  }

  /** Reloads the study list (with the current search) and the series of the studies shown. */
  async refresh(force = false): Promise<void> {
    const token = ++this.#refreshes;
    await this.session.refreshStudies();
    if (token !== this.#refreshes) return;
    await Promise.all(this.session.studies.slice(0, EAGER_STUDIES).map((study) => this.loadSeries(study.StudyInstanceUID, force)));
  }

  /** After an import: studies, series and instance lists may have grown. Lists stay up until replaced. */
  async reloadAll(): Promise<void> {
    this.#instances.clear();
    await this.refresh(true);
  }

  async loadSeries(StudyInstanceUID: string, force = false): Promise<void> {
    const api = this.session.api;
    if (!api) return;
    const current = this.series[StudyInstanceUID];
    if (current && !force && current.state !== 'failed') return;
    if (!current || current.state === 'failed') this.series = { ...this.series, [StudyInstanceUID]: { state: 'loading' } };
    const result = await api.studies.series(StudyInstanceUID);
    const list: SeriesList = result.ok
      ? { state: 'ready', series: [...result.value].sort((a, b) => (a.SeriesNumber ?? 1e9) - (b.SeriesNumber ?? 1e9)) }
      : { state: 'failed', message: result.error.message };
    this.series = { ...this.series, [StudyInstanceUID]: list };
  }

  toggle(StudyInstanceUID: string): void {
    const collapsed = !this.collapsed[StudyInstanceUID];
    this.collapsed[StudyInstanceUID] = collapsed;
    if (!collapsed) void this.loadSeries(StudyInstanceUID);
  }

  studyOf(SeriesInstanceUID: string): StudySummary | null {
    for (const [studyUid, list] of Object.entries(this.series)) {
      if (list.state === 'ready' && list.series.some((s) => s.SeriesInstanceUID === SeriesInstanceUID)) {
        return this.session.studies.find((study) => study.StudyInstanceUID === studyUid) ?? null;
      }
    }
    return null;
  }

  /** The series' instances in main's order; shared by the viewer and the thumbnails. */
  instances(SeriesInstanceUID: string): Promise<InstanceSummary[]> {
    const api = this.session.api;
    if (!api) return Promise.reject(new Error('Not connected to MaskCue.'));
    return this.#instances.get(SeriesInstanceUID, async () => {
      const result = await api.series.instances(SeriesInstanceUID);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    });
  }
}
