import { describe, expect, it } from 'vitest';
import { AwsRuleErrorCode } from '../../src/aws/errors.js';
import { InputErrorCode } from '../../src/cli/io.js';
import { DashboardErrorCode } from '../../src/dashboard/errors.js';
import { DeployErrorCode, NotDeployedError } from '../../src/deploy/index.js';
import { ExperimentErrorCode, ItemTimeoutError } from '../../src/experiments/index.js';
import { LocalErrorCode, WaitTimeoutError } from '../../src/local/index.js';
import { PipelineErrorCode, ProcessingTimeoutError } from '../../src/pipeline/errors.js';
import { ProfileErrorCode } from '../../src/profile/errors.js';
import { ERROR_CODES } from '../../src/shared/errorCodes.js';
import { CodedError, NotConfirmedError } from '../../src/shared/errors.js';

const TABLES = {
  ProfileErrorCode,
  PipelineErrorCode,
  LocalErrorCode,
  DeployErrorCode,
  ExperimentErrorCode,
  AwsRuleErrorCode,
  InputErrorCode,
  DashboardErrorCode,
};

describe('ERROR_CODES', () => {
  it.each(Object.entries(TABLES))('holds every code of %s, each as its own value', (_, table) => {
    for (const [key, code] of Object.entries(table)) {
      expect(code).toBe(key);
      expect(ERROR_CODES, code).toHaveProperty(code);
    }
  });

  it('returns one upper-case code and a one-line meaning per entry', () => {
    for (const [code, meaning] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(meaning).not.toMatch(/\n/);
      expect(meaning.length).toBeGreaterThan(10);
    }
  });
});

describe('CodedError', () => {
  it('returns the same code for the same meaning, whoever raises it', () => {
    // Act: a wait for an item, in the local target and in the experiments
    const waits = [new WaitTimeoutError('no item'), new ItemTimeoutError('no item')];

    // Assess: TIMEOUT stays the Lambda deadline of an item's error_code
    expect(waits.map((error) => error.code)).toEqual(['WAIT_TIMEOUT', 'WAIT_TIMEOUT']);
    expect(new ProcessingTimeoutError('deadline').code).toBe('TIMEOUT');
  });

  it('returns instances of one base for every layer, with name, code, hint and cause', () => {
    // Prepare
    const cause = new Error('root');

    // Act
    const errors = [
      new NotConfirmedError('destroy of "aws" not confirmed; nothing was changed'),
      new NotDeployedError('aws is not deployed', { cause, hint: 'run ingest deploy' }),
      new WaitTimeoutError('no item'),
      new ProcessingTimeoutError('deadline'),
    ];

    // Assess
    expect(errors.every((error) => error instanceof CodedError)).toBe(true);
    expect(errors.map((error) => [error.name, error.code])).toEqual([
      ['NotConfirmedError', 'NOT_CONFIRMED'],
      ['NotDeployedError', 'NOT_DEPLOYED'],
      ['WaitTimeoutError', 'WAIT_TIMEOUT'],
      ['ProcessingTimeoutError', 'TIMEOUT'],
    ]);
    expect(errors[1]).toMatchObject({ cause, hint: 'run ingest deploy' });
  });
});
