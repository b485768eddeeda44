// Payload types of the contract. Plain data only: they cross IPC (structured clone) and JSON.

export type ExecutionProvider = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

export type RunMode = 'electron' | 'browser';

export interface ProviderAttempt {
  provider: ExecutionProvider;
  ok: boolean;
  /** Why ORT refused it (its own message), when `ok` is false. */
  error?: string;
}

export type HostState = 'stopped' | 'starting' | 'ready' | 'restarting';

export interface InferenceStatus {
  state: HostState;
  /** 'worker' (worker_threads), 'child-process' (plain Node fork) or 'utility-process' (Electron). */
  transport: string;
  /** Provider the last session was created on; null until a session has been made. */
  provider: ExecutionProvider | null;
  attempts: ProviderAttempt[];
  restarts: number;
  pending: number;
  lastCrash: string | null;
}

export interface EngineStatus {
  segmentation: { engine: string; modelId: string | null };
  classification: { engine: string; modelId: string | null };
}

export interface WorkspaceInfo {
  path: string;
  schemaVersion: number;
  createdAt: string;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: RunMode;
  platform: string;
  arch: string;
  workspace: WorkspaceInfo;
  engines: EngineStatus;
}

export type ModelTask = 'segmentation' | 'classification';

export interface ModelRecord {
  id: string;
  title: string;
  task: ModelTask;
  /** Export family detected from the graph's I/O names (e.g. 'samexporter', 'transformers.js'). */
  family: string;
  sizeBytes: number;
  installed: boolean;
  path: string | null;
  /** Provider sessions of this model run on, when it has been loaded. */
  provider: ExecutionProvider | null;
}

export interface StudySummary {
  StudyInstanceUID: string;
  PatientName: string;
  PatientID: string;
  StudyDate: string;
  StudyDescription: string;
  ModalitiesInStudy: string[];
  seriesCount: number;
  instanceCount: number;
}

export interface AuditEvent {
  id: number;
  at: string;
  action: string;
  studyInstanceUID: string | null;
  detail: string;
}

export interface ProbeResult {
  provider: ExecutionProvider;
  attempts: ProviderAttempt[];
  ortVersion: string;
}
