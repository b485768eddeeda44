export * from './contract';
export * from './events';
export * from './result';
export type * from './types';
export * from './wire';
