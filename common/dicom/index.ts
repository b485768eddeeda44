export type * from './frame';
export type * from './records';
export * from './uids';
