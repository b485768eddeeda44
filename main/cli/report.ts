// `maskcue report`: the Report panel's export from a terminal, two ways.
//   --workspace DIR --study UID --out DIR [--deidentify] [--findings TEXT] [--signed-by NAME] [--json]
//     the study's accepted masks and their latest classifications, as the app would export them;
//   --image FILE.dcm [--frame N] [--window C,W] --mask MASK.png [--label L] [--engine E] [--pack ID
//     --workspace DIR] --out DIR [--deidentify] [--json]
//     one image and mask, classified with a prompt pack from a workspace (on the pack's engine, or
//     --engine) — or reported as the mask alone when no pack is given.
// Either way the PDF, SEG, SR and PNG land together in --out (created if missing), and --json prints
// the files written.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MaskcueError } from '../../common/api';
import { createCore } from '../app-core';
import { openClipFeaturizer } from '../fewshot/clip/clip-featurizer';
import { createRadiomicsFeaturizer } from '../fewshot/radiomics/featurizer';
import { scoreImage } from '../fewshot/service/classify-mask';
import { PackStore, type StoredPack } from '../fewshot/store/packs';
import type { Featurizer } from '../fewshot/types';
import { InferenceHost } from '../inference/host-client';
import { fingerprintOf, modelRootOf, readInstalled } from '../models/installed';
import { modelsDir } from '../paths';
import { edgesOf, headerOf, provenanceOf, spacingOf } from '../reports/build-input';
import { loadSourceInstance } from '../reports/dicom/load-source';
import { assignSegmentNumbers } from '../reports/dicom/segments';
import { exportReport } from '../reports/export-report';
import { SOFTWARE } from '../reports/service';
import type { ReportFinding, ReportInput, WrittenFile } from '../reports/types';
import { readImageFile } from '../segmentation/image/read-image';
import { toGrey } from '../segmentation/image/pixels';
import type { Voi } from '../segmentation/image/window';
import { Workspace } from '../workspace/workspace';
import { nonNegativeInt, windowOption } from './segment';

export interface ReportCommandOptions {
  workspace?: string;
  study?: string;
  image?: string;
  frame?: number;
  window?: Voi;
  mask?: string;
  label?: string;
  engine?: string;
  pack?: string;
  out: string;
  deidentify?: boolean;
  findings?: string;
  signedBy?: string;
  json?: boolean;
}

async function studyReport(options: ReportCommandOptions & { workspace: string; study: string }): Promise<WrittenFile[]> {
  const core = createCore({ workspaceDir: resolve(options.workspace), mode: 'browser', log: () => {} });
  try {
    const record = await core.handlers.reports.export({
      StudyInstanceUID: options.study,
      outDir: resolve(options.out),
      deidentify: Boolean(options.deidentify),
      findingsText: options.findings ?? '',
      signedBy: options.signedBy ?? null,
    });
    return record.files;
  } finally {
    await core.close();
  }
}

async function openFeaturizer(engine: string, host: InferenceHost): Promise<Featurizer> {
  if (engine === 'radiomics') return createRadiomicsFeaturizer();
  const model = readInstalled(modelsDir(), engine);
  if (!model || model.manifest.task !== 'classification') {
    throw new MaskcueError('NOT_FOUND', `No installed classification model ${engine}. Use --engine radiomics, or install a CLIP model (maskcue models list).`);
  }
  return openClipFeaturizer({ host, folder: modelRootOf(model), modelId: model.manifest.id, fingerprint: fingerprintOf(model) });
}

function findPack(workspaceDir: string | undefined, id: string): StoredPack {
  if (!workspaceDir) throw new MaskcueError('INVALID_ARGUMENT', '--pack names a prompt pack in a workspace: give --workspace DIR too.');
  const workspace = Workspace.open(resolve(workspaceDir));
  try {
    const packs = new PackStore(workspace);
    const found = packs.list().find((p) => p.id === id || (id === 'active' && p.active));
    if (!found) throw new MaskcueError('NOT_FOUND', `No prompt pack ${id} in ${workspaceDir}. Packs: ${packs.list().map((p) => `${p.id} (v${p.version}${p.active ? ', active' : ''})`).join(', ') || 'none'}.`);
    return packs.get(found.id);
  } finally {
    workspace.close();
  }
}

async function imageReport(options: ReportCommandOptions & { image: string; mask: string }): Promise<WrittenFile[]> {
  const source = await loadSourceInstance(resolve(options.image));
  const read = await readImageFile(options.image, { frame: options.frame ?? 0, voi: options.window ?? null });
  const maskImage = (await readImageFile(options.mask)).image;
  if (maskImage.width !== read.image.width || maskImage.height !== read.image.height) {
    throw new MaskcueError('INVALID_ARGUMENT', `The mask is ${maskImage.width} × ${maskImage.height} but the image is ${read.image.width} × ${read.image.height}; give the mask at the image's size.`);
  }
  const mask = toGrey(maskImage).map((v) => (v > 0 ? 1 : 0));
  const areaPx = mask.reduce((n, v) => n + v, 0);
  if (areaPx === 0) throw new MaskcueError('INVALID_ARGUMENT', `The mask ${options.mask} is empty: nothing to report.`);
  let classification: ReportFinding['classification'] = null;
  let pack: StoredPack | null = null;
  if (options.pack) {
    pack = findPack(options.workspace, options.pack);
    const host = new InferenceHost({ transport: 'child-process' });
    const featurizer = await openFeaturizer(options.engine ?? (pack.summary.engine === 'radiomics' ? 'radiomics' : pack.summary.modelId), host);
    try {
      classification = await scoreImage(featurizer, pack, read.image, mask, true);
    } finally {
      await featurizer.close();
      await host.close();
    }
  } else if (options.engine) {
    throw new MaskcueError('INVALID_ARGUMENT', '--engine classifies with a prompt pack: give --pack ID (or "active") and --workspace DIR, or leave both out to report the mask alone.');
  }
  const spacing = spacingOf(source);
  const finding: ReportFinding = {
    label: options.label ?? 'finding',
    segmentNumber: 0,
    source,
    frame: options.frame ?? 0,
    width: read.image.width,
    height: read.image.height,
    mask,
    areaPx,
    areaMm2: spacing ? areaPx * spacing[0] * spacing[1] : null,
    pixelSpacing: spacing,
    classification,
    pack: pack && provenanceOf(pack.summary),
    heatmap: classification?.heatmap ?? null,
    display: read.image,
    orientation: edgesOf(source),
  };
  const createdAt = new Date().toISOString();
  const input: ReportInput = {
    header: headerOf(source),
    findings: assignSegmentNumbers([finding]),
    findingsText: options.findings ?? '',
    signedBy: options.signedBy ?? null,
    signedAt: options.signedBy ? createdAt : null,
    deidentified: Boolean(options.deidentify),
    createdAt,
    software: SOFTWARE,
  };
  return exportReport(input, resolve(options.out));
}

export async function reportCommand(options: ReportCommandOptions): Promise<WrittenFile[]> {
  const byStudy = options.study !== undefined;
  const byImage = options.image !== undefined;
  if (byStudy === byImage) throw new MaskcueError('INVALID_ARGUMENT', 'Give either --workspace DIR --study UID, or --image FILE --mask MASK.png.');
  await mkdir(resolve(options.out), { recursive: true });
  let files: WrittenFile[];
  if (byStudy) {
    if (!options.workspace) throw new MaskcueError('INVALID_ARGUMENT', '--study needs --workspace DIR (the workspace that holds the study).');
    files = await studyReport({ ...options, workspace: options.workspace, study: options.study! });
  } else {
    if (!options.mask) throw new MaskcueError('INVALID_ARGUMENT', '--image needs --mask MASK.png (0 outside, non-zero inside, at the image\'s size).');
    files = await imageReport({ ...options, image: options.image!, mask: options.mask });
  }
  if (options.json) console.log(JSON.stringify({ out: resolve(options.out), deidentified: Boolean(options.deidentify), files }, null, 2));
  else for (const f of files) console.log(`${f.kind.toUpperCase().padEnd(4)} ${f.path} (${f.bytes} bytes)`);
  return files;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the PDF report, DICOM SEG, DICOM SR and PNG snapshots of a study or of one image and mask')
    .option('--workspace <dir>', 'workspace folder (with --study, or to find --pack)')
    .option('--study <uid>', 'StudyInstanceUID: its accepted masks and latest classifications')
    .option('--image <file.dcm>', 'one DICOM image (instead of --study)')
    .option('--frame <n>', 'frame of a multi-frame image, from 0 (default 0)', nonNegativeInt)
    .option('--window <c,w>', 'window CENTER,WIDTH for the key image (default: the file\'s own)', windowOption)
    .option('--mask <mask.png>', 'the finding\'s mask at the image\'s size (non-zero = inside)')
    .option('--label <text>', 'the finding\'s label (default "finding")')
    .option('--engine <id>', 'radiomics or an installed CLIP model id (default: the pack\'s)')
    .option('--pack <id>', 'prompt pack id in --workspace, or "active"')
    .requiredOption('--out <dir>', 'folder for the files (created if missing)')
    .option('--deidentify', 'remove identifying data (DICOM PS3.15 basic profile) from every file')
    .option('--findings <text>', 'the radiologist\'s findings text')
    .option('--signed-by <name>', 'sign the report')
    .option('--json', 'print the files written as JSON')
    .action(async (options: ReportCommandOptions) => {
      await reportCommand(options);
    });
}
