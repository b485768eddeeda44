// The model catalog shipped in models/catalog.json, validated on load so a bad edit fails loudly.
// Each entry says where its files come from (URLs pinned to a repository revision where one is
// known), how big they are (exactly when published, approximately otherwise), their sha256 where
// published (null, never a guess), how a downloaded archive unpacks, which file is the encoder and
// which the decoder (SAM2) or the vision tower, text tower and tokenizer (CLIP), and the licence.
// MASKCUE_CATALOG points at another catalog file (a hospital's internal mirror; tests' loopback server).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import catalogJson from '../../models/catalog.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits');
/** A path inside the model's folder: no absolute paths, no "..", no backslashes. */
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..') && !/^[a-zA-Z]:/.test(p), 'must be a relative path inside the model folder');

export const catalogFile = z.object({
  /** Where the download is kept in the model folder (an archive is removed once unpacked). */
  path: relativePath,
  url: z.url({ protocol: /^https?$/ }),
  /** Exact size in bytes when the publisher states it; null when only an approximate size is known. */
  sizeBytes: z.number().int().positive().nullable(),
  /** For the progress bar and `models list` before download. */
  approxBytes: z.number().int().positive(),
  sha256: sha256.nullable(),
  /** For a .zip: the members to keep (matched by name, or by base name) and where they go. */
  extract: z
    .array(z.object({ member: z.string().min(1), path: relativePath, sha256: sha256.nullable() }))
    .min(1)
    .optional(),
});

export const catalogEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    title: z.string(),
    task: z.enum(['segmentation', 'classification']),
    /** Export family, as main/segmentation/sam2/families names them ('samexporter', ...). */
    family: z.string(),
    licence: z.string(),
    /** The model card / repository the files come from. */
    homepage: z.url(),
    variant: z.enum(['tiny', 'small', 'base_plus', 'large']).optional(),
    version: z.string().optional(),
    /** Which installed files are the encoder and the decoder (segmentation). */
    roles: z.object({ encoder: relativePath, decoder: relativePath }).optional(),
    /** Which installed files make up a CLIP model (classification), and what the loader needs to know. */
    clip: z
      .object({
        vision: relativePath,
        text: relativePath,
        tokenizer: relativePath,
        tokenizerConfig: relativePath.optional(),
        preprocessor: relativePath.optional(),
        config: relativePath.optional(),
        /** fp32, or the transformers.js suffix the files carry ('quantized', 'fp16', ...). */
        precision: z.string().min(1),
        embedDim: z.number().int().positive(),
        contextLength: z.number().int().positive(),
        /** exp(the trained logit_scale): 100 for OpenAI CLIP (config.json only holds the init value). */
        logitScale: z.number().positive(),
      })
      .optional(),
    preprocessing: z
      .object({
        inputSize: z.number().int().positive(),
        /** SAM2: stretch to a square. CLIP: shortest side to inputSize, then a centre crop. */
        resize: z.enum(['stretch', 'shortest-side-center-crop']),
        interpolation: z.enum(['bilinear', 'bicubic']).optional(),
        mean: z.tuple([z.number(), z.number(), z.number()]),
        std: z.tuple([z.number(), z.number(), z.number()]),
      })
      .optional(),
    files: z.array(catalogFile).min(1),
    note: z.string().optional(),
  })
  .superRefine((entry, ctx) => {
    const installed = new Set(entry.files.flatMap((f) => (f.extract ? f.extract.map((m) => m.path) : [f.path])));
    for (const role of ['encoder', 'decoder'] as const) {
      const path = entry.roles?.[role];
      if (path && !installed.has(path)) ctx.addIssue({ code: 'custom', message: `${entry.id}: roles.${role} ${path} is not one of its installed files` });
    }
    if (entry.task === 'segmentation' && !entry.roles) ctx.addIssue({ code: 'custom', message: `${entry.id}: a segmentation model needs roles.encoder/decoder` });
    if (entry.task === 'classification' && !entry.clip) ctx.addIssue({ code: 'custom', message: `${entry.id}: a classification model needs clip.vision/text/tokenizer` });
    for (const role of ['vision', 'text', 'tokenizer', 'tokenizerConfig', 'preprocessor', 'config'] as const) {
      const path = entry.clip?.[role];
      if (path && !installed.has(path)) ctx.addIssue({ code: 'custom', message: `${entry.id}: clip.${role} ${path} is not one of its installed files` });
    }
  });

export const catalogSchema = z.object({
  $comment: z.string().optional(),
  version: z.literal(1),
  models: z.array(catalogEntry),
});

export type CatalogEntry = z.infer<typeof catalogEntry>;
export type CatalogFile = z.infer<typeof catalogFile>;

export function loadCatalog(raw: unknown = catalogSource()): CatalogEntry[] {
  const models = catalogSchema.parse(raw).models;
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.id)) throw new Error(`The model catalog lists ${m.id} twice.`);
    seen.add(m.id);
  }
  return models;
}

function catalogSource(env: NodeJS.ProcessEnv = process.env): unknown {
  const path = env.MASKCUE_CATALOG;
  return path ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : catalogJson;
}

/** Bytes an entry downloads (exact where known). */
export function downloadBytes(entry: CatalogEntry): number {
  return entry.files.reduce((sum, f) => sum + (f.sizeBytes ?? f.approxBytes), 0);
}
