export type * from './segmentation';
export * from './mask-geometry';
export type * from './classification';
export { FOCUS_MODES } from './classification';
export type * from './reports';
