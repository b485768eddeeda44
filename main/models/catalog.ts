// The model catalog shipped in models/catalog.json, validated on load so a bad edit fails loudly.
import { z } from 'zod';
import catalogJson from '../../models/catalog.json';

export const catalogEntry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  title: z.string(),
  task: z.enum(['segmentation', 'classification']),
  family: z.string(),
  licence: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      url: z.url(),
      sizeBytes: z.number().int().positive(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    }),
  ),
});

export const catalogSchema = z.object({
  version: z.literal(1),
  models: z.array(catalogEntry),
});

export type CatalogEntry = z.infer<typeof catalogEntry>;

export function loadCatalog(raw: unknown = catalogJson): CatalogEntry[] {
  return catalogSchema.parse(raw).models;
}
