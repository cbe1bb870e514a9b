import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localFunctionEnvironment } from '../../src/local/runtime/functionEnvironment.js';
import { readConfig } from '../../src/pipeline/config.js';
import {
  defaultValueOf,
  FUNCTION_VARIABLES,
  type FunctionVariableName,
} from '../../src/pipeline/functionEnvironment.js';
import { childScope, loadConfig, parseHcl, rootScope, type Scope } from './terraformModel.js';

// The function's environment has one definition, FUNCTION_ENVIRONMENT; the handler's reader,
// Terraform's handler_environment and the local target are each held to it here.

const ENVS = ['localstack', 'aws'] as const;
const roots = {} as Record<(typeof ENVS)[number], Scope>;

beforeAll(async () => {
  const config = await loadConfig();
  for (const env of ENVS) {
    roots[env] = rootScope(config, await parseHcl(join(config.rootDir, `${env}.tfvars`)));
  }
  for (const env of ENVS) roots[env] = childScope(config, roots[env], 'lambda');
});

/** Variables set per deployment: the contract has no default for them, or a target sets its own. */
const PER_DEPLOYMENT = new Set<FunctionVariableName>([
  'DYNAMODB_TABLE',
  'FANOUT_TABLE',
  'S3_BUCKET',
  'ENVIRONMENT',
]);

describe('FUNCTION_ENVIRONMENT', () => {
  it('lists exactly the variables readConfig reads', () => {
    // Prepare: an environment that records every name asked for
    const read = new Set<string>();
    const env = new Proxy(
      { DYNAMODB_TABLE: 't', FANOUT_TABLE: 'f', S3_BUCKET: 'b', ENVIRONMENT: 'aws' } as Record<
        string,
        string
      >,
      {
        get(target, name: string) {
          read.add(name);
          return target[name];
        },
      },
    );

    // Act
    readConfig(env);

    // Assess
    expect([...read].sort()).toEqual([...FUNCTION_VARIABLES].sort());
  });

  it.each(ENVS)('is what Terraform gives both functions on %s', (env) => {
    // Act
    const variables = roots[env].vars.environment_variables as Record<string, unknown>;

    // Assess
    expect(Object.keys(variables).sort()).toEqual([...FUNCTION_VARIABLES].sort());
    for (const name of FUNCTION_VARIABLES) {
      if (PER_DEPLOYMENT.has(name)) continue;
      const expected =
        name === 'S3_FORCE_PATH_STYLE' && env === 'localstack' ? 'true' : defaultValueOf(name);
      expect(variables[name], name).toBe(expected);
    }
    expect(variables.ENVIRONMENT).toBe(env);
    expect(
      readConfig({ ...variables, DYNAMODB_TABLE: 't', FANOUT_TABLE: 'f', S3_BUCKET: 'b' } as Record<
        string,
        string
      >),
    ).toMatchObject({ environment: env });
  });

  it('is what the local target gives both functions, with the defaults when no option is set', () => {
    // Act
    const variables = localFunctionEnvironment({
      table: 'csv-ingest-local-files',
      bucket: 'csv-ingest-local',
      uploadPrefix: 'uploads/',
      processedPrefix: 'processed/',
      partsPrefix: 'parts/',
      fanoutTable: 'csv-ingest-local-fanout',
      environment: 'local',
      endpoints: {
        s3: 'http://127.0.0.1:1',
        dynamodb: 'http://127.0.0.1:2',
        lambda: 'http://127.0.0.1:3',
      },
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

    // Assess
    const contract = Object.keys(variables).filter((name) => !name.startsWith('AWS_'));
    expect(contract.sort()).toEqual([...FUNCTION_VARIABLES].sort());
    for (const name of FUNCTION_VARIABLES) {
      if (PER_DEPLOYMENT.has(name)) continue;
      const expected = name === 'S3_FORCE_PATH_STYLE' ? 'true' : defaultValueOf(name);
      expect(variables[name], name).toBe(expected);
    }
    expect(variables.AWS_ENDPOINT_URL_LAMBDA).toBe('http://127.0.0.1:3');
    expect(readConfig(variables)).toMatchObject({
      dynamodbTable: 'csv-ingest-local-files',
      fanoutTable: 'csv-ingest-local-fanout',
      s3Bucket: 'csv-ingest-local',
      environment: 'local',
      s3ForcePathStyle: true,
    });
  });

  it('gives the local functions the limits the local target was started with', () => {
    // Act
    const variables = localFunctionEnvironment({
      table: 't',
      bucket: 'b',
      uploadPrefix: 'uploads/',
      processedPrefix: 'processed/',
      partsPrefix: 'parts/',
      fanoutTable: 'f',
      environment: 'local',
      endpoints: {
        s3: 'http://127.0.0.1:1',
        dynamodb: 'http://127.0.0.1:2',
        lambda: 'http://127.0.0.1:3',
      },
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxFileBytes: 1024,
      fanoutMinBytes: 4096,
      fanoutMaxPieces: 3,
      maxDecompressedBytes: 4096,
      maxCompressionRatio: 20,
      overrides: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });

    // Assess
    expect(readConfig(variables)).toMatchObject({
      maxFileBytes: 1024,
      maxDecompressedBytes: 4096,
      maxCompressionRatio: 20,
      fanoutMinBytes: 4096,
      fanoutMaxPieces: 3,
      logLevel: 'DEBUG',
    });
  });
});
