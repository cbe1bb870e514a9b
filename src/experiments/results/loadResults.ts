import { readFile } from 'node:fs/promises';
import { EXPERIMENT_IDS, RESULTS_VERSION } from '../constants.js';
import { BadResultsError } from '../errors.js';
import type { Results } from './types.js';

/** Checks the shape `compare` relies on (the full JSON Schema is schema/results.schema.json). */
export function parseResults(text: string, source: string): Results {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BadResultsError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const value = raw as Partial<Results> | null;
  if (!value || typeof value !== 'object') throw new BadResultsError(`${source} is not an object`);
  if (value.results_version !== RESULTS_VERSION) {
    throw new BadResultsError(
      `${source} has results_version ${String(value.results_version)}, expected ${RESULTS_VERSION}`,
    );
  }
  const env = value.environment;
  if (!env || typeof env.target !== 'string' || typeof env.run_id !== 'string') {
    throw new BadResultsError(`${source} lacks environment.target or environment.run_id`);
  }
  if (!value.experiments || typeof value.experiments !== 'object') {
    throw new BadResultsError(`${source} lacks experiments`);
  }
  for (const [id, experiment] of Object.entries(value.experiments)) {
    if (
      !(EXPERIMENT_IDS as readonly string[]).includes(id) ||
      !Array.isArray(experiment?.samples)
    ) {
      throw new BadResultsError(`${source}: experiment ${id} is unknown or has no samples array`);
    }
  }
  return value as Results;
}

/** Reads and checks a results file. */
export async function loadResults(path: string): Promise<Results> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new BadResultsError(`cannot read ${path}: ${error.message}`);
  });
  return parseResults(text, path);
}
