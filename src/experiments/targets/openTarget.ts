import { TargetKind } from '../constants.js';
import { CloudTarget, type CloudTargetDeps } from './CloudTarget.js';
import { type LocalConnectOptions, LocalTarget, type LocalTargetOptions } from './LocalTarget.js';
import type { Target } from './Target.js';

/** How to reach a target. */
export interface OpenTargetOptions {
  /** local: connect to a running `ingest local start` instead of starting one. */
  connect?: boolean;
  local?: LocalTargetOptions & LocalConnectOptions;
  cloud?: CloudTargetDeps;
}

/** Opens (or starts) a target; throws TargetUnreachableError / NotDeployedError. */
export async function openTarget(
  kind: TargetKind,
  options: OpenTargetOptions = {},
): Promise<Target> {
  if (kind === TargetKind.local) {
    return options.connect
      ? LocalTarget.connect(options.local ?? {})
      : LocalTarget.start(options.local ?? {});
  }
  return CloudTarget.open(kind, options.cloud ?? {});
}
