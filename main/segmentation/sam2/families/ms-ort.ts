// Microsoft onnxruntime's SAM2 exporter (onnxruntime/python/tools/transformers/models/sam2).
// notes/model-formats.md §1e: image_features_0/1 + image_embeddings, int32 labels, input_masks +
// has_input_masks, original_image_size int32; `masks` is bool (thresholded in-graph), low_res_masks
// are the logits. image_decoder.onnx returns 1 mask, image_decoder_multi.onnx 3.
import { pointFamily } from './point-family';

export const msOrt = pointFamily({
  id: 'ms-ort',
  title: 'Microsoft onnxruntime SAM2 exporter',
  reference: 'notes/model-formats.md §1e (microsoft/onnxruntime models/sam2/image_decoder.py)',
  encoderInput: 'image',
  encoderOutputs: { stride4: 'image_features_0', stride8: 'image_features_1', stride16: 'image_embeddings' },
  decoderFeatures: { stride4: 'image_features_0', stride8: 'image_features_1', stride16: 'image_embeddings' },
  labels: { name: 'point_labels', types: ['int32'] },
  mask: { input: 'input_masks', has: 'has_input_masks' },
  origSize: { name: 'original_image_size', types: ['int32'] },
  // `masks` = interpolate(low_res_masks, original size) > 0: see rectlabel.ts.
  origSizeFeed: 'low-res',
  outputs: { iou: 'iou_predictions', lowRes: 'low_res_masks', full: null, extra: [{ name: 'masks', types: ['bool'] }] },
});
