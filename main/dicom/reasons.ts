// Why a file was not imported, in words for the person who has to fix it (often a hospital's IT
// staff, not a DICOM engineer): what is wrong, with the numbers, and what to do where anything can
// be done. Tests assert on these texts, so they live in one place.

export const NOT_DICOM = 'not a DICOM file (no DICM prefix and no plausible implicit-VR header)';
export const GZIP = 'gzip-compressed file: unpack it first (for example with gunzip), then import the unpacked file';
export const EMPTY_FILE = 'empty file (0 bytes): not a DICOM file';
export const HIDDEN_DICOM = 'hidden file (its name starts with a dot) skipped although it looks like DICOM: rename it to import it';
export const DICOMDIR_IN_MEMORY =
  'a DICOMDIR on its own cannot be imported: it only lists other files. Import its folder (or the whole CD) instead';
export const MISSING_TRANSFER_SYNTAX =
  'the file meta header has no Transfer Syntax UID (0002,0010), so it is unknown how the rest of the file is encoded; ' +
  're-export the file from the system that made it';
export const NESTED_TOO_DEEP =
  'sequences are nested too deeply to read safely (thousands of levels; real scanners nest a handful): ' +
  'the file is damaged or crafted to crash viewers';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(1)} GiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function unreadable(code: string | undefined, message: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the file: permission denied (ask for read access, or copy the files somewhere you can read)';
    case 'ENOENT':
      return 'the file disappeared while MaskCue was importing it';
    case 'EISDIR':
      return 'is a folder where a file was expected';
    case 'EIO':
      return 'the disk reported a read error (a damaged CD or USB stick?): copy the files to a local disk and import them from there';
    default:
      return `cannot read the file: ${message}`;
  }
}

export const notFound = 'no such file or folder';
export const specialFile = 'a device, socket or pipe, not a file: skipped';

export function strayBytes(offset: number): string {
  return (
    `not readable as DICOM: it has no DICM prefix and no meta header, and its data set starts ${offset} byte(s) in, ` +
    `after stray bytes (a damaged export or copy); re-export the file from the system that made it`
  );
}

export function headerDamaged(detail: string, fileSize: number): string {
  return `the header is truncated or damaged (${detail}; the file is ${fileSize} bytes): re-copy or re-export the file`;
}

export function headerTooLarge(limit: number): string {
  return `the header (everything before the pixel data) is larger than ${formatBytes(limit)}; MaskCue does not read headers that large`;
}

export function metaWithoutPreamble(transferSyntax: string): string {
  return (
    `the file starts with its meta header but lacks the 128-byte preamble and "DICM" prefix, and its data set is ${transferSyntax}, ` +
    `which cannot be read that way; re-export the file as standard DICOM (Part 10)`
  );
}

export function proprietaryPixels(scheme: string): string {
  return (
    `the image is stored in the vendor's proprietary ${scheme} compression inside a private tag, not in Pixel Data (7FE0,0010), ` +
    `so no standard viewer can show it; export the series again from the scanner or PACS as standard DICOM`
  );
}

export function inflateFailed(detail: string): string {
  return `the deflate-compressed data set could not be unpacked (${detail})`;
}

export function missingAttribute(keyword: string, tag: string): string {
  return `the header has no ${keyword} ${tag}, which every DICOM object must have; re-export the file from the system that made it`;
}

export function invalidUid(keyword: string, tag: string, value: string): string {
  return `${keyword} ${tag} is ${JSON.stringify(value)}, not a valid DICOM UID (digits and dots, at most 64 characters)`;
}

export function invalidNumberOfFrames(raw: string): string {
  return `NumberOfFrames (0028,0008) is ${JSON.stringify(raw)}, not a whole number of at least 1, so the number of images in the file is unknown`;
}

export function imageWithoutPixels(sopClass: string): string {
  return `${sopClass} object without Pixel Data (7FE0,0010): there is no image in it to show`;
}

export const MISSING_DIMENSIONS = 'Pixel Data is present but Rows (0028,0010) or Columns (0028,0011) is missing or 0';

export interface FrameSize {
  rows: number;
  columns: number;
  samples: number;
  bitsAllocated: number;
  bytesPerFrame: number;
}

export function imageTooLarge(size: FrameSize, limit: number): string {
  const overflow = size.bytesPerFrame >= 2 ** 32 ? ', more than 4 GiB, which overflows 32-bit size arithmetic' : '';
  return (
    `image too large to open safely: ${size.rows} × ${size.columns} pixels × ${size.samples} sample(s) × ${size.bitsAllocated} bits ` +
    `= ${formatBytes(size.bytesPerFrame)} per frame${overflow} (MaskCue opens frames up to ${formatBytes(limit)}); ` +
    `the header is damaged or crafted to exhaust memory`
  );
}

export function pixelDataTruncated(declared: number, present: number): string {
  return `pixel data is truncated: ${declared} bytes declared, ${present} present`;
}

export function fragmentTruncated(index: number, declared: number, present: number): string {
  return `pixel data is truncated: fragment ${index} declares ${declared} bytes, ${present} present`;
}

export function missingSequenceDelimiter(fragments: number): string {
  return (
    `pixel data is truncated: the file ends after fragment ${fragments} without the end-of-pixel-data marker ` +
    `(sequence delimiter FFFE,E0DD), so frames may be missing`
  );
}

export function badFragment(offset: number, found: string): string {
  return `pixel data is damaged: expected a fragment item (FFFE,E000) at byte ${offset}, found ${found}`;
}

export function tooFewFragments(frames: number, fragments: number): string {
  return `pixel data is incomplete: ${frames} frames declared but only ${fragments} compressed fragments present`;
}

export function pixelDataTooShort(present: number, needed: number, frames: number, size: FrameSize): string {
  return (
    `pixel data is shorter than the image needs: ${present} bytes present, ${needed} needed for ${frames} frame(s) of ` +
    `${size.rows} × ${size.columns} × ${size.samples} sample(s) at ${size.bitsAllocated} bits`
  );
}

export function dicomdirMissingFile(dicomdir: string): string {
  return `listed in the DICOMDIR ${dicomdir} but not found on disk`;
}

export function dicomdirUnsafeReference(fileId: string): string {
  return `the DICOMDIR entry ${JSON.stringify(fileId)} points outside the DICOMDIR's folder, so it was not followed`;
}

export function dicomdirDamaged(detail: string): string {
  return `the DICOMDIR could not be read (${detail}); MaskCue searched its folder for the files instead`;
}

export function notSaved(message: string): string {
  return `could not be saved in the workspace: ${message}`;
}

export function notCopied(message: string): string {
  return `could not be copied into the workspace: ${message}`;
}
