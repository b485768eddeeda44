export { Workspace } from './workspace';
export { BlobStore } from './blob-store';
export { atomicWriteFile, atomicWriteFileSync, type AtomicData } from './atomic-write';
export { migrations, LATEST_SCHEMA_VERSION, type Migration } from './migrations';
export type { Database } from './sqlite';
