import type { Db } from 'mongodb';
import { createDatasetActivities } from './dataset.js';

export interface ActivityDeps {
  db: Db;
}

/** Every activity the workers register, built from their dependencies (no globals, so tests can wire their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDatasetActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
