// The Report panel: the export form for the study on screen (findings text, sign-off, de-identify,
// output folder), what it wrote, the study's earlier exports, and the workspace's audit log.
import type { AuditEvent } from '../../common/api';
import type { ReportRecord } from '../../common/domain';
import type { Session } from './session.svelte';

export class Reports {
  findingsText = $state('');
  signedBy = $state('');
  sign = $state(false);
  deidentify = $state(false);
  /** Empty = a new folder under the workspace's exports/. */
  outDir = $state('');
  exporting = $state(false);
  error = $state<string | null>(null);
  last = $state.raw<ReportRecord | null>(null);
  history = $state.raw<ReportRecord[]>([]);
  audit = $state.raw<AuditEvent[]>([]);
  auditOpen = $state(false);
  lastSnapshot = $state<string | null>(null);
  /** Accepted segments the reader unticked: left out of the export. */
  excluded = $state.raw<string[]>([]);

  readonly #session: Session;
  #historyOf: string | null = null;

  constructor(session: Session) {
    this.#session = session;
  }

  async loadHistory(StudyInstanceUID: string | null): Promise<void> {
    this.#historyOf = StudyInstanceUID;
    const api = this.#session.api;
    if (!api || !StudyInstanceUID) {
      this.history = [];
      return;
    }
    const result = await api.reports.history(StudyInstanceUID);
    if (this.#historyOf === StudyInstanceUID) this.history = result.ok ? result.value : [];
  }

  async export(StudyInstanceUID: string): Promise<void> {
    const api = this.#session.api;
    if (!api || this.exporting) return;
    this.exporting = true;
    this.error = null;
    try {
      const signer = this.signedBy.trim();
      const result = await api.reports.export({
        StudyInstanceUID,
        ...(this.outDir.trim() ? { outDir: this.outDir.trim() } : {}),
        deidentify: this.deidentify,
        findingsText: this.findingsText,
        signedBy: this.sign && signer ? signer : null,
        ...(this.excluded.length ? { exclude: this.excluded } : {}),
      });
      if (!result.ok) {
        this.error = result.error.message;
        return;
      }
      this.last = result.value;
      this.#session.notify('info', `Report written: ${result.value.files.length} files in ${result.value.outDir}`);
      await this.loadHistory(StudyInstanceUID);
      if (this.auditOpen) await this.loadAudit();
    } finally {
      this.exporting = false;
    }
  }

  /** The viewport as the reader sees it (cornerstone draws masks and heat map into its canvas), as a PNG. */
  async snapshot(StudyInstanceUID: string, canvas: HTMLCanvasElement | null): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    if (!canvas || canvas.width === 0) {
      this.#session.notify('warning', 'No image on screen to snapshot.');
      return;
    }
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) {
      this.#session.notify('error', 'The viewport could not be turned into a PNG.');
      return;
    }
    const png = new Uint8Array(await blob.arrayBuffer());
    const reply = await api.reports.snapshot({ StudyInstanceUID, png, ...(this.outDir.trim() ? { outDir: this.outDir.trim() } : {}) });
    const file = this.#session.unwrap(reply);
    if (file) {
      this.lastSnapshot = file.path;
      this.#session.notify('info', `Viewport saved: ${file.path}`);
    }
  }

  toggle(segmentId: string, included: boolean): void {
    this.excluded = included ? this.excluded.filter((id) => id !== segmentId) : [...this.excluded, segmentId];
  }

  async loadAudit(): Promise<void> {
    const api = this.#session.api;
    if (!api) return;
    const events = this.#session.unwrap(await api.workspace.audit({ limit: 200 }));
    if (events) this.audit = events;
  }

  async toggleAudit(): Promise<void> {
    this.auditOpen = !this.auditOpen;
    if (this.auditOpen) await this.loadAudit();
  }
}
