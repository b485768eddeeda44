// ibaiGorordo ONNX-SAM2-Segment-Anything (Colab export; also shubham0204/sam2-onnx-models).
// notes/model-formats.md §1c: samexporter's names plus orig_im_size int32 [H, W]; `masks` come back
// already upsampled to that size (logits), with no low-res output, so the low-res logits fed back as
// mask input are the full-size logits shrunk onto the mask grid (image/logits.ts shrinkLogits).
import { pointFamily } from './point-family';

export const ibaigorordo = pointFamily({
  id: 'ibaigorordo',
  title: 'ibaiGorordo ONNX-SAM2',
  reference: 'notes/model-formats.md §1c (ibaiGorordo/ONNX-SAM2-Segment-Anything sam2/sam2.py)',
  encoderInput: 'image',
  encoderOutputs: { stride4: 'high_res_feats_0', stride8: 'high_res_feats_1', stride16: 'image_embed' },
  decoderFeatures: { stride4: 'high_res_feats_0', stride8: 'high_res_feats_1', stride16: 'image_embed' },
  labels: { name: 'point_labels', types: ['float32'] },
  mask: { input: 'mask_input', has: 'has_mask_input' },
  // int32 in ibaiGorordo's exports; the 2.1 fork (5PB-3-4) passes int64 — the feed follows the metadata.
  origSize: { name: 'orig_im_size', types: ['int32', 'int64'] },
  // Its graph's upsampling path is not documented (it may go 256 → 1024 → H×W): feed the real size
  // and use its masks as they are.
  origSizeFeed: 'image',
  outputs: { iou: 'iou_predictions', lowRes: null, full: 'masks' },
});
