import { join } from 'node:path';
import { DATA_LAYOUT } from './constants.js';
import {
  CheckedFilesystemStore,
  type DamagedObject,
  type RecoveryReport,
} from './emulators/CheckedFilesystemStore.js';

/** What {@link repairStore} found and did. */
export interface RepairReport {
  /** Objects checked (every byte read and compared with its ETag). */
  objects: number;
  /** Interrupted writes and deletes finished or discarded first, as a start does. */
  recovery: RecoveryReport;
  /** Damaged objects, now moved under {@link quarantineDirectory}. */
  quarantined: DamagedObject[];
  /** Where their files went (unset when nothing was damaged). */
  quarantineDirectory?: string;
}

/**
 * Checks the local S3 store of `dataDir` deeply (size and MD5 of every body) and moves the files
 * of damaged objects to `<dataDir>/quarantine/<time>/`, keeping their paths. Run it while the
 * stack is stopped.
 */
export async function repairStore(dataDir: string, now: Date = new Date()): Promise<RepairReport> {
  const store = new CheckedFilesystemStore(join(dataDir, DATA_LAYOUT.s3));
  const recovery = await store.recover();
  const check = await store.check({ deep: true });
  const report: RepairReport = { objects: check.objects, recovery, quarantined: [] };
  if (check.damaged.length === 0) return report;
  const directory = join(dataDir, DATA_LAYOUT.quarantine, now.toISOString().replace(/[:.]/g, '-'));
  await store.quarantine(check.damaged, directory);
  report.quarantined = check.damaged;
  report.quarantineDirectory = directory;
  return report;
}
