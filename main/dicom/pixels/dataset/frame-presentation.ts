// How a frame's stored values become what the radiologist sees: rescale or modality LUT, windows or
// VOI LUT, presentation LUT shape, padding, spacing. Enhanced multi-frame objects (PS3.3 C.7.6.16)
// put these in functional groups, per frame or shared; per-frame beats shared beats top level.
import type { DataSet } from 'dicom-parser';
import type { DecodedFrame, LutDescriptor, WindowPreset } from '../../../../common/dicom';
import { cs, decimals, firstItem, items, strings, us } from './attributes';
import type { ImageInfo } from './image-info';
import { readLutItem } from './luts';

export type FramePresentation = Pick<
  DecodedFrame,
  | 'rescaleSlope'
  | 'rescaleIntercept'
  | 'rescaleType'
  | 'modalityLut'
  | 'windows'
  | 'voiLutFunction'
  | 'voiLut'
  | 'presentationLutShape'
  | 'pixelPadding'
  | 'pixelSpacing'
>;

/** The data sets to look in, most specific first: per-frame group, shared group, the top level. */
function sources(ds: DataSet, frame: number, macro: string): DataSet[] {
  const out: DataSet[] = [];
  const perFrame = items(ds, 'x52009230')[frame];
  const perFrameMacro = perFrame ? firstItem(perFrame, macro) : null;
  if (perFrameMacro) out.push(perFrameMacro);
  const shared = firstItem(ds, 'x52009229');
  const sharedMacro = shared ? firstItem(shared, macro) : null;
  if (sharedMacro) out.push(sharedMacro);
  out.push(ds);
  return out;
}

function firstWith(candidates: DataSet[], tag: string): DataSet | null {
  return candidates.find((c) => c.elements[tag] !== undefined && c.elements[tag]!.length > 0) ?? null;
}

function readWindows(ds: DataSet): WindowPreset[] {
  const centers = decimals(ds, 'x00281050');
  const widths = decimals(ds, 'x00281051');
  const explanations = strings(ds, 'x00281055');
  const windows: WindowPreset[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i += 1) {
    // PS3.3 C.11.2.1.2: width >= 1 (LINEAR) or > 0; anything else cannot be applied.
    if (widths[i]! > 0) windows.push({ center: centers[i]!, width: widths[i]!, explanation: explanations[i] ?? '' });
  }
  return windows;
}

function voiFunction(value: string | null): FramePresentation['voiLutFunction'] {
  return value === 'LINEAR_EXACT' || value === 'SIGMOID' ? value : 'LINEAR';
}

function signedValue(value: number | null, signed: boolean): number | null {
  if (value === null) return null;
  return signed && value >= 0x8000 ? value - 0x10000 : value;
}

export function readFramePresentation(ds: DataSet, info: ImageInfo, frame: number): FramePresentation {
  const colour = info.samplesPerPixel !== 1 || info.photometricInterpretation === 'PALETTE COLOR';
  const signed = info.pixelRepresentation === 1;

  const rescale = firstWith(sources(ds, frame, 'x00289145'), 'x00281053') ?? firstWith(sources(ds, frame, 'x00289145'), 'x00281052');
  const slope = rescale ? (decimals(rescale, 'x00281053')[0] ?? 1) : 1;
  const intercept = rescale ? (decimals(rescale, 'x00281052')[0] ?? 0) : 0;
  const rescaleType = rescale ? (cs(rescale, 'x00281054') ?? '') : (cs(ds, 'x00281054') ?? '');
  const modalityItem = firstItem(ds, 'x00283000');
  const modalityLut: LutDescriptor | null = !colour && modalityItem ? readLutItem(modalityItem, signed) : null;

  const voiSources = sources(ds, frame, 'x00289132');
  const windowSource = firstWith(voiSources, 'x00281050');
  const windows = colour || !windowSource ? [] : readWindows(windowSource);
  const functionSource = firstWith(voiSources, 'x00281056');
  const voiItem = firstItem(ds, 'x00283010');
  // VOI LUT input is the modality output, negative whenever the rescale can make it so.
  const voiSigned = signed || intercept < 0 || (modalityLut?.firstValueMapped ?? 0) < 0;
  const voiLut = !colour && voiItem ? readLutItem(voiItem, voiSigned) : null;

  const shape = cs(ds, 'x20500020');
  const padding = signedValue(us(ds, 'x00280120'), signed);
  const paddingLimit = signedValue(us(ds, 'x00280121'), signed);

  const spacingSource = firstWith(sources(ds, frame, 'x00289110'), 'x00280030');
  const spacing = spacingSource ? decimals(spacingSource, 'x00280030') : decimals(ds, 'x00181164');

  return {
    rescaleSlope: colour || slope === 0 ? 1 : slope,
    rescaleIntercept: colour ? 0 : intercept,
    rescaleType,
    modalityLut,
    windows,
    voiLutFunction: voiFunction(functionSource ? cs(functionSource, 'x00281056') : null),
    voiLut,
    presentationLutShape: shape === 'INVERSE' ? 'INVERSE' : shape === 'IDENTITY' ? 'IDENTITY' : null,
    pixelPadding: padding === null ? null : { value: padding, rangeLimit: paddingLimit },
    pixelSpacing: spacing.length >= 2 && spacing[0]! > 0 && spacing[1]! > 0 ? [spacing[0]!, spacing[1]!] : null,
  };
}
