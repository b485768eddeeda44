export type * from './segmentation';
export * from './mask-geometry';
