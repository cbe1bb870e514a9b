import { type StdioOptions, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Env } from './types.js';

/** Result of a finished child process. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The absolute path of an executable found on `env.PATH`, or undefined. */
export async function findExecutable(name: string, env: Env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Runs a program to completion with exactly `env` (unset keys are removed). With `inherit` the
 * child shares the terminal (prompts work) and only stdout can be captured by `capture: true`.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: Env; stdio: 'inherit' | 'pipe'; capture?: boolean },
): Promise<CommandResult> {
  const env = Object.fromEntries(
    Object.entries(options.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const captureStdout = options.capture === true || options.stdio === 'pipe';
  const stdio: StdioOptions =
    options.stdio === 'pipe' ? 'pipe' : ['inherit', captureStdout ? 'pipe' : 'inherit', 'inherit'];
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env, stdio });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr });
    });
  });
}
