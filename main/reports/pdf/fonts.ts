// The report's fonts: DejaVu Sans (regular and bold) from resources/fonts, embedded as subsets so a
// report opens the same on any machine and carries names in any Latin, Greek or Cyrillic script.
// resources/ sits beside package.json, found the way main/paths.ts finds the app's folder, so this
// works from source (tsx, vitest) and from the bundle in dist/main alike.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MaskcueError } from '../../../common/api';
import { appRoot } from '../../paths';

export interface ReportFontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

export function reportFontsDir(root: string = appRoot()): string {
  return join(root, 'resources', 'fonts');
}

const cache = new Map<string, ReportFontBytes>();

/** Read once per folder and process; a missing file is an installation problem, and says so. */
export function loadReportFonts(dir: string = reportFontsDir()): ReportFontBytes {
  const known = cache.get(dir);
  if (known) return known;
  const read = (name: string): Uint8Array => {
    try {
      return readFileSync(join(dir, name));
    } catch (error) {
      throw new MaskcueError('INTERNAL', `The report font ${name} cannot be read from ${dir} (${error instanceof Error ? error.message : String(error)}); reinstall MaskCue to restore it.`);
    }
  };
  const fonts = { regular: read(FONT_FILES.regular), bold: read(FONT_FILES.bold) };
  cache.set(dir, fonts);
  return fonts;
}
