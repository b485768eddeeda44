// samexporter (vietanhdev) — also AnyLabeling and X-AnyLabeling. notes/model-formats.md §1a:
// encoder image → high_res_feats_0/1, image_embed; decoder with float labels, mask_input and
// has_mask_input, no original size; masks are the 3 multimask low-res logits (clamped ±32).
import { pointFamily } from './point-family';

export const samexporter = pointFamily({
  id: 'samexporter',
  title: 'samexporter / AnyLabeling',
  reference: 'notes/model-formats.md §1a (vietanhdev/samexporter export_sam2.py)',
  encoderInput: 'image',
  encoderOutputs: { stride4: 'high_res_feats_0', stride8: 'high_res_feats_1', stride16: 'image_embed' },
  decoderFeatures: { stride4: 'high_res_feats_0', stride8: 'high_res_feats_1', stride16: 'image_embed' },
  labels: { name: 'point_labels', types: ['float32'] },
  mask: { input: 'mask_input', has: 'has_mask_input' },
  origSize: null,
  origSizeFeed: 'image',
  outputs: { iou: 'iou_predictions', lowRes: 'masks', full: null },
});
