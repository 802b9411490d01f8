import path from 'node:path';

/** The checkout's root; defined here so the generator does not load src/bootstrap.ts and the app behind it. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
