// Settings → Models (walkthrough step 5): what is installed and what the catalog offers, and adding a
// folder of exports from this machine (a USB stick). Main switches the engines at once; here the
// shell's engine line, the segmentation status and the classifier status are read again.
import type { ModelRecord } from '../../common/api';
import type { Fewshot } from './fewshot.svelte';
import type { Segmentation } from './segmentation.svelte';
import type { Session } from './session.svelte';

export class Models {
  open = $state(false);
  list = $state.raw<ModelRecord[]>([]);
  path = $state('');
  inPlace = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  added = $state.raw<ModelRecord | null>(null);

  readonly #session: Session;
  readonly #segmentation: Segmentation;
  readonly #fewshot: Fewshot;

  constructor(session: Session, segmentation: Segmentation, fewshot: Fewshot) {
    this.#session = session;
    this.#segmentation = segmentation;
    this.#fewshot = fewshot;
  }

  async show(): Promise<void> {
    this.open = true;
    this.error = null;
    this.added = null;
    await this.refresh();
  }

  close(): void {
    if (!this.busy) this.open = false;
  }

  async refresh(): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const list = this.#session.unwrap(await api.models.list());
    if (list) this.list = list;
  }

  async add(): Promise<void> {
    const api = this.#session.api;
    if (!api || this.busy || !this.path.trim()) return;
    this.busy = true;
    this.error = null;
    try {
      const reply = await api.models.add({ path: this.path.trim(), inPlace: this.inPlace });
      if (!reply.ok) {
        this.error = reply.error.message;
        return;
      }
      this.added = reply.value;
      this.path = '';
      await this.#engineChanged();
    } finally {
      this.busy = false;
    }
  }

  async remove(id: string): Promise<void> {
    const api = this.#session.api;
    if (!api || this.busy) return;
    this.busy = true;
    try {
      const reply = await api.models.remove(id);
      if (!reply.ok) this.error = reply.error.message;
      await this.#engineChanged();
    } finally {
      this.busy = false;
    }
  }

  async #engineChanged(): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const info = await api.app.info();
    if (info.ok) this.#session.info = info.value;
    await Promise.all([this.refresh(), this.#segmentation.loadStatus(), this.#fewshot.refreshStatus(), this.#fewshot.refreshPacks()]);
  }
}
