// Bundle entry for bin/maskcue.js (kept apart from index.ts so tests can import the program without running it).
import { main } from './index';

await main(process.argv);
