// ryouchinsa / RectLabel (sam-cpp-macos export_onnx.py). notes/model-formats.md §1d: encoder `input`
// → image_embeddings, high_res_features1/2; decoder with float labels, mask_input, has_mask_input and
// orig_im_size int64; 4 masks (index 0 = single-mask token), full-size `masks`, and `low_res_masks`.
import { pointFamily } from './point-family';

export const rectlabel = pointFamily({
  id: 'rectlabel',
  title: 'RectLabel (ryouchinsa)',
  reference: 'notes/model-formats.md §1d (ryouchinsa/sam-cpp-macos export_onnx.py)',
  encoderInput: 'input',
  encoderOutputs: { stride4: 'high_res_features1', stride8: 'high_res_features2', stride16: 'image_embeddings' },
  decoderFeatures: { stride4: 'high_res_features1', stride8: 'high_res_features2', stride16: 'image_embeddings' },
  labels: { name: 'point_labels', types: ['float32'] },
  mask: { input: 'mask_input', has: 'has_mask_input' },
  origSize: { name: 'orig_im_size', types: ['int64'] },
  // Its masks are F.interpolate(low_res, orig_im_size, bilinear, align_corners=False) of the same
  // logits (unclamped): see point-family.ts origSizeFeed.
  origSizeFeed: 'low-res',
  outputs: { iou: 'iou_predictions', lowRes: 'low_res_masks', full: null, extra: [{ name: 'masks', types: ['float32'] }] },
});
