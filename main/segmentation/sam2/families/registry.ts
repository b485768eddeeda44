// The model families MaskCue knows (DESIGN.md: "Registries for what grows"). Order matters only for
// messages; detection requires an exact match of a family's decoder inputs, so at most one fits.
import { ibaigorordo } from './ibaigorordo';
import { msOrt } from './ms-ort';
import { onnxCommunity } from './onnx-community';
import { rectlabel } from './rectlabel';
import { samexporter } from './samexporter';
import type { FamilyAdapter } from './types';

export const SAM2_FAMILIES: readonly FamilyAdapter[] = [samexporter, ibaigorordo, rectlabel, msOrt, onnxCommunity];

export function familyById(id: string): FamilyAdapter | undefined {
  return SAM2_FAMILIES.find((f) => f.id === id);
}
