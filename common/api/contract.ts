// THE contract between the renderer and main. One entry per service method: its argument schema
// (validated in main for every call, whichever transport carried it) and its result type.
// preload/ and the browser-mode client are both built from this object, and main's router refuses to
// start unless every method here has a handler, so the three cannot drift apart.

import { z } from 'zod';
import type {
  AppInfo,
  AuditEvent,
  InferenceStatus,
  ModelRecord,
  ProbeResult,
  StudySummary,
} from './types';
import type { DecodedFrame, ImportReport, InstanceSummary, SeriesSummary, TagRow } from '../dicom';
import type {
  BinaryMask,
  ClassDef,
  ClassificationResult,
  EvaluationTable,
  ExemplarRecord,
  FewshotStatus,
  FocusMode,
  FolderImportReport,
  PromptPackSummary,
  ReportFile,
  ReportRecord,
  SegmentRecord,
  SegmentResult,
  SegmentationStatus,
  Thumbnail,
} from '../domain';

export interface MethodSpec<A extends z.ZodTuple = z.ZodTuple, R = unknown> {
  readonly args: A;
  /** Phantom: carries the result type, never set at run time. */
  readonly result?: R;
}

function method<R>() {
  return <A extends z.ZodTuple>(args: A): MethodSpec<A, R> => ({ args });
}

const none = z.tuple([]);
const requestId = z.string().min(1).max(128);
/** DICOM UIDs: digits and dots, at most 64 characters (PS3.5 9.1). */
const uid = z.string().regex(/^[0-9.]{1,64}$/, 'a DICOM UID (digits and dots, at most 64 characters)');
const localPath = z.string().min(1).max(4096);
const coordinate = z.number().finite().min(-1e6).max(1e6);
const frameRef = z.object({ SOPInstanceUID: uid, frame: z.number().int().min(0).max(100_000) }).strict();
const voi = z.object({ center: z.number().finite(), width: z.number().finite().positive() }).strict().nullable();
const prompts = z
  .object({
    points: z.array(z.object({ x: coordinate, y: coordinate, label: z.union([z.literal(0), z.literal(1)]) }).strict()).max(64),
    box: z.object({ x1: coordinate, y1: coordinate, x2: coordinate, y2: coordinate }).strict().optional(),
  })
  .strict();
const resultId = z.string().min(1).max(64);
const segmentId = z.string().min(1).max(64);
const mask = z
  .object({
    width: z.number().int().min(1).max(16_384),
    height: z.number().int().min(1).max(16_384),
    // z.custom keeps the type Uint8Array<ArrayBufferLike>, so a result's mask can be passed back as is.
    data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'mask data must be a Uint8Array'),
  })
  .strict()
  .refine((m) => m.data.length === m.width * m.height, 'mask data must hold width × height bytes');

const recordId = z.string().min(1).max(64);
const className = z.string().min(1).max(64);
const focusMode = z.enum(['overlay', 'blur-outside', 'dim-outside', 'crop']) satisfies z.ZodType<FocusMode>;

export const contract = {
  app: {
    info: method<AppInfo>()(none),
  },
  workspace: {
    audit: method<AuditEvent[]>()(z.tuple([z.object({ limit: z.number().int().min(1).max(1000) }).strict()])),
  },
  studies: {
    list: method<StudySummary[]>()(z.tuple([z.object({ search: z.string().max(200).optional() }).strict()])),
    series: method<SeriesSummary[]>()(z.tuple([uid])),
  },
  series: {
    /** Sorted by geometry (position along the normal), then InstanceNumber. */
    instances: method<InstanceSummary[]>()(z.tuple([uid])),
  },
  dicom: {
    /** Starts an import of files, folders or DICOMDIRs on this machine; progress comes as events. */
    import: method<{ jobId: string }>()(
      z.tuple([z.object({ paths: z.array(localPath).min(1).max(10_000), mode: z.enum(['reference', 'copy']) }).strict()]),
    ),
    /** Files dropped on the page in browser mode (no paths there): copied into the workspace. */
    importFiles: method<ImportReport>()(
      z.tuple([z.array(z.object({ name: z.string().min(1).max(1024), data: z.instanceof(Uint8Array) }).strict()).min(1).max(5000)]),
    ),
    cancelImport: method<{ cancelled: boolean }>()(z.tuple([requestId])),
    frame: method<DecodedFrame>()(
      z.tuple([z.object({ SOPInstanceUID: uid, frame: z.number().int().min(0).max(100_000) }).strict()]),
    ),
    tags: method<TagRow[]>()(z.tuple([uid])),
  },
  models: {
    list: method<ModelRecord[]>()(none),
    /**
     * Registers a folder of exported models (SAM2 pair or CLIP) from this machine — a USB stick, say —
     * copied into the models folder (or `inPlace`); the engines switch to it at once.
     */
    add: method<ModelRecord>()(z.tuple([z.object({ path: localPath, inPlace: z.boolean() }).strict()])),
    /** Uninstalls a model (a user's folder registered in place is left where it is); the engines fall back. */
    remove: method<{ removed: boolean }>()(z.tuple([z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).max(128)])),
  },
  segmentation: {
    status: method<SegmentationStatus>()(none),
    /** Runs the prompts on one frame (encoder cached per frame, VOI and model; decoder per call). */
    segment: method<SegmentResult>()(
      z.tuple([
        z
          .object({ target: frameRef, voi, prompts, previous: resultId.nullable().optional(), alternative: z.number().int().min(0).max(8).optional() })
          .strict(),
      ]),
    ),
    /** Carries an answer to another frame: its box (and low-res logits where the model takes them) as the prompt. */
    propagate: method<SegmentResult>()(z.tuple([z.object({ from: resultId, target: frameRef, voi }).strict()])),
    accept: method<SegmentRecord>()(
      z.tuple([
        z
          .object({ target: frameRef, label: z.string().min(1).max(64), mask, prompts, engine: z.string().max(64), modelId: z.string().max(128).nullable() })
          .strict(),
      ]),
    ),
    /** Accepted segments of a series, in slice order. */
    list: method<SegmentRecord[]>()(z.tuple([uid])),
    mask: method<BinaryMask>()(z.tuple([segmentId])),
    remove: method<{ removed: boolean }>()(z.tuple([segmentId])),
  },
  fewshot: {
    /** Which classifier answers (CLIP or radiomics, and why), the focus mode and the active pack. */
    status: method<FewshotStatus>()(none),
    setFocus: method<FewshotStatus>()(z.tuple([focusMode])),
    classes: method<ClassDef[]>()(none),
    /** Creates a class, or updates one (by id): its name and prompt templates with {class}. */
    saveClass: method<ClassDef>()(
      z.tuple([z.object({ id: recordId.optional(), name: className, templates: z.array(z.string().min(1).max(200)).min(1).max(16).optional() }).strict()]),
    ),
    removeClass: method<{ removed: boolean }>()(z.tuple([recordId])),
    exemplars: method<ExemplarRecord[]>()(z.tuple([z.object({ classId: recordId.optional() }).strict()])),
    /** "Add as exemplar": the frame, the window it is seen through and the accepted mask, under a class (created if new). */
    addExemplar: method<ExemplarRecord>()(
      z.tuple([z.object({ target: frameRef, voi, mask, className, segmentId: segmentId.nullable() }).strict()]),
    ),
    relabelExemplar: method<ExemplarRecord>()(z.tuple([recordId, className])),
    removeExemplar: method<{ removed: boolean }>()(z.tuple([recordId])),
    thumbnail: method<Thumbnail>()(z.tuple([recordId])),
    /** Research use: one folder per class; masks beside the images (<name>_mask.png) or in `masks` with the same names. */
    importFolder: method<FolderImportReport>()(z.tuple([z.object({ path: localPath, masks: localPath.optional() }).strict()])),
    /** Trains a new prompt pack on the library (progress as training.progress events) and makes it active. */
    train: method<PromptPackSummary>()(z.tuple([z.object({ jobId: requestId, stage: z.union([z.literal(1), z.literal(2)]).optional() }).strict()])),
    cancelTraining: method<{ cancelled: boolean }>()(z.tuple([requestId])),
    /** The evaluation table on the library: train on K exemplars per class, test on the rest, per seed. */
    evaluate: method<EvaluationTable>()(
      z.tuple([
        z
          .object({
            jobId: requestId,
            shots: z.array(z.number().int().min(1).max(64)).min(1).max(6),
            seeds: z.number().int().min(1).max(20),
            stage: z.union([z.literal(1), z.literal(2)]).optional(),
          })
          .strict(),
      ]),
    ),
    packs: method<PromptPackSummary[]>()(none),
    /** Makes another version the active pack (rollback). */
    activatePack: method<PromptPackSummary>()(z.tuple([recordId])),
    /** Scores the mask on the frame with the active pack; `explain` adds the occlusion heat map. */
    classify: method<ClassificationResult>()(
      z.tuple([z.object({ target: frameRef, voi, mask, segmentId: segmentId.nullable().optional(), explain: z.boolean() }).strict()]),
    ),
  },
  reports: {
    /** Writes PDF, DICOM SEG, DICOM SR and PNG for the study's accepted masks (temp names, then renamed). */
    export: method<ReportRecord>()(
      z.tuple([
        z
          .object({
            StudyInstanceUID: uid,
            outDir: localPath.optional(),
            deidentify: z.boolean(),
            findingsText: z.string().max(20_000),
            signedBy: z.string().min(1).max(128).nullable(),
            /** Accepted segments to leave out (the reader unticked them); all others of the study are reported. */
            exclude: z.array(segmentId).max(10_000).optional(),
          })
          .strict(),
      ]),
    ),
    /** Earlier exports of a study, newest first. */
    history: method<ReportRecord[]>()(z.tuple([uid])),
    /** Saves a PNG of the viewport as the reader sees it (window, zoom, masks, heat map), for slides. */
    snapshot: method<ReportFile>()(
      z.tuple([
        z
          .object({
            StudyInstanceUID: uid,
            png: z.instanceof(Uint8Array).refine((b) => b.length > 0 && b.length <= 64 * 1024 * 1024, 'a PNG of at most 64 MiB'),
            outDir: localPath.optional(),
          })
          .strict(),
      ]),
    ),
  },
  inference: {
    status: method<InferenceStatus>()(none),
    /** Starts the host if needed and creates a tiny session on the preferred providers. */
    probe: method<ProbeResult>()(none),
    cancel: method<{ cancelled: boolean }>()(z.tuple([requestId])),
  },
} as const;

export type Contract = typeof contract;
export type ServiceName = keyof Contract;
export type MethodName<S extends ServiceName> = keyof Contract[S] & string;

type SpecOf<S extends ServiceName, M extends MethodName<S>> = Contract[S][M];
export type ArgsOf<S extends ServiceName, M extends MethodName<S>> =
  SpecOf<S, M> extends MethodSpec<infer A, unknown> ? z.infer<A> : never;
export type ResultOf<S extends ServiceName, M extends MethodName<S>> =
  SpecOf<S, M> extends MethodSpec<z.ZodTuple, infer R> ? R : never;

/** What main implements: a plain async function per method. */
export type Handlers = {
  [S in ServiceName]: {
    [M in MethodName<S>]: (...args: ArgsOf<S, M>) => Promise<ResultOf<S, M>>;
  };
};

/** What the renderer sees (window.maskcue and the browser-mode client): every call returns a Result. */
export type ClientApi = {
  [S in ServiceName]: {
    [M in MethodName<S>]: (...args: ArgsOf<S, M>) => Promise<import('./result').Result<ResultOf<S, M>>>;
  };
};

export interface MethodRef {
  service: ServiceName;
  method: string;
}

/** Every (service, method) pair, in contract order. */
export function contractMethods(): MethodRef[] {
  const refs: MethodRef[] = [];
  for (const service of Object.keys(contract) as ServiceName[]) {
    for (const name of Object.keys(contract[service])) refs.push({ service, method: name });
  }
  return refs;
}

export function channelOf(ref: MethodRef): string {
  return `maskcue:${ref.service}.${ref.method}`;
}

export const EVENT_CHANNEL = 'maskcue:event';
