// Shell-wide state: the connection, what main says about itself, and the right-hand panel in view.
import type { AppInfo, InferenceStatus, ProbeResult, Result, StudySummary } from '../../common/api';
import { connectWorkstation, type Workstation } from '../lib/workstation';

export type PanelId = 'segmentation' | 'exemplars' | 'training' | 'report';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** How long an information notice stays up. */
const INFO_NOTICE_MS = 6000;

export class Session {
  connection = $state<'connecting' | 'connected' | 'failed'>('connecting');
  connectionError = $state<string | null>(null);
  info = $state<AppInfo | null>(null);
  inference = $state<InferenceStatus | null>(null);
  probe = $state<ProbeResult | null>(null);
  probeError = $state<string | null>(null);
  studies = $state<StudySummary[]>([]);
  studySearch = $state('');
  panel = $state<PanelId>('segmentation');
  shortcutsOpen = $state(false);
  notices = $state<Notice[]>([]);

  readonly provider = $derived(this.probe?.provider ?? this.inference?.provider ?? null);
  readonly modelsInstalled = $derived(
    this.info !== null && (this.info.engines.segmentation.modelId !== null || this.info.engines.classification.modelId !== null),
  );

  #api: Workstation | null = null;
  #nextNotice = 1;
  #onConnected: ((api: Workstation) => void)[] = [];

  /** The connection to main, once made; feature state classes call through it. */
  get api(): Workstation | null {
    return this.#api;
  }

  /** Runs `hook` once connected (at once if already), before the first study list is asked for. */
  whenConnected(hook: (api: Workstation) => void): void {
    if (this.#api) hook(this.#api);
    else this.#onConnected.push(hook);
  }

  async start(): Promise<void> {
    try {
      this.#api = await connectWorkstation();
    } catch (error) {
      this.connection = 'failed';
      this.connectionError = error instanceof Error ? error.message : String(error);
      return;
    }
    this.connection = 'connected';
    const api = this.#api;
    for (const hook of this.#onConnected.splice(0)) hook(api);
    api.on('inference.status', (status) => (this.inference = status));
    api.on('app.notice', (notice) => this.notify(notice.level, notice.message));
    this.info = this.#unwrap(await api.app.info());
    this.inference = this.#unwrap(await api.inference.status());
    await this.refreshStudies();
    // Finding the execution provider means creating a session in the inference host; do it after the
    // first paint so the window never waits on it.
    const probe = await api.inference.probe();
    if (probe.ok) this.probe = probe.value;
    else this.probeError = probe.error.message;
  }

  async refreshStudies(): Promise<void> {
    if (!this.#api) return;
    const search = this.studySearch.trim();
    this.studies = this.#unwrap(await this.#api.studies.list(search ? { search } : {})) ?? [];
  }

  notify(level: Notice['level'], message: string): void {
    const id = this.#nextNotice++;
    this.notices = [...this.notices.slice(-4), { id, level, message }];
    // Information passes; warnings and errors stay until dismissed.
    if (level === 'info') setTimeout(() => this.dismiss(id), INFO_NOTICE_MS);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  /** The value of a reply, or null after telling the user what went wrong. */
  unwrap<T>(result: Result<T>): T | null {
    return this.#unwrap(result);
  }

  #unwrap<T>(result: Result<T>): T | null {
    if (result.ok) return result.value;
    this.notify('error', result.error.message);
    return null;
  }
}
