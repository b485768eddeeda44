export type * from './frame';
export type * from './records';
