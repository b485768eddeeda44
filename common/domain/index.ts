export type * from './segmentation';
