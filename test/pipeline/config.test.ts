import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/pipeline/config.js';
import { ConfigError } from '../../src/pipeline/errors.js';

const REQUIRED = { DYNAMODB_TABLE: 't', FANOUT_TABLE: 'f', S3_BUCKET: 'b', ENVIRONMENT: 'aws' };

function configError(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('readConfig did not throw');
}

describe('readConfig', () => {
  it('returns the defaults when only the required variables are set', () => {
    // Act
    const config = readConfig(REQUIRED);

    // Assess
    expect(config).toEqual({
      dynamodbTable: 't',
      s3Bucket: 'b',
      uploadPrefix: 'uploads/',
      processedPrefix: 'processed/',
      partsPrefix: 'parts/',
      fanoutTable: 'f',
      fanoutMinBytes: 256 * 1024 ** 2,
      fanoutMaxPieces: 8,
      maxFileBytes: 5 * 1024 ** 3,
      maxDecompressedBytes: 10 * 1024 ** 3,
      maxCompressionRatio: 100,
      s3ForcePathStyle: false,
      environment: 'aws',
      serviceName: 'csv-ingest',
      metricsNamespace: 'CsvIngest',
      logLevel: 'INFO',
      timeoutMarginMs: 5_000,
      itemBudgetBytes: 350 * 1024,
    });
  });

  it('returns the values of every variable when set', () => {
    // Act
    const config = readConfig({
      ...REQUIRED,
      UPLOAD_PREFIX: 'in/',
      PROCESSED_PREFIX: 'out/',
      PARTS_PREFIX: 'pieces/',
      FANOUT_MIN_BYTES: '4096',
      FANOUT_MAX_PIECES: '100',
      MAX_FILE_BYTES: '1024',
      MAX_DECOMPRESSED_BYTES: '4096',
      MAX_COMPRESSION_RATIO: '20',
      S3_FORCE_PATH_STYLE: 'TRUE',
      ENVIRONMENT: 'localstack',
      POWERTOOLS_SERVICE_NAME: 'svc',
      POWERTOOLS_METRICS_NAMESPACE: 'Ns',
      POWERTOOLS_LOG_LEVEL: 'debug',
    });

    // Assess
    expect(config).toMatchObject({
      uploadPrefix: 'in/',
      processedPrefix: 'out/',
      partsPrefix: 'pieces/',
      fanoutMinBytes: 4096,
      fanoutMaxPieces: 100,
      maxFileBytes: 1024,
      maxDecompressedBytes: 4096,
      maxCompressionRatio: 20,
      s3ForcePathStyle: true,
      environment: 'localstack',
      serviceName: 'svc',
      metricsNamespace: 'Ns',
      logLevel: 'DEBUG',
    });
  });

  it.each([
    [
      { S3_BUCKET: 'b', FANOUT_TABLE: 'f', ENVIRONMENT: 'aws' },
      'DYNAMODB_TABLE',
      'DYNAMODB_TABLE must be set',
    ],
    [
      { DYNAMODB_TABLE: 't', S3_BUCKET: 'b', ENVIRONMENT: 'aws' },
      'FANOUT_TABLE',
      'FANOUT_TABLE must be set',
    ],
    [
      { ...REQUIRED, FANOUT_MAX_PIECES: '1001' },
      'FANOUT_MAX_PIECES',
      'FANOUT_MAX_PIECES must be at most 1000, got 1001',
    ],
    [
      { ...REQUIRED, PARTS_PREFIX: 'uploads/parts/' },
      'PARTS_PREFIX',
      'PARTS_PREFIX must not overlap UPLOAD_PREFIX ("uploads/parts/" vs "uploads/")',
    ],
    [
      { DYNAMODB_TABLE: 't', FANOUT_TABLE: 'f', ENVIRONMENT: 'aws', S3_BUCKET: ' ' },
      'S3_BUCKET',
      'S3_BUCKET must be set',
    ],
    [
      { ...REQUIRED, MAX_FILE_BYTES: 'abc' },
      'MAX_FILE_BYTES',
      'MAX_FILE_BYTES must be a positive integer, got "abc"',
    ],
    [
      { ...REQUIRED, MAX_FILE_BYTES: '0' },
      'MAX_FILE_BYTES',
      'MAX_FILE_BYTES must be a positive integer, got "0"',
    ],
    [
      { ...REQUIRED, MAX_FILE_BYTES: '1e9' },
      'MAX_FILE_BYTES',
      'MAX_FILE_BYTES must be a positive integer, got "1e9"',
    ],
    [
      { ...REQUIRED, S3_FORCE_PATH_STYLE: 'yes' },
      'S3_FORCE_PATH_STYLE',
      'S3_FORCE_PATH_STYLE must be true or false, got "yes"',
    ],
    [
      { ...REQUIRED, ENVIRONMENT: 'prod' },
      'ENVIRONMENT',
      'ENVIRONMENT must be one of local|localstack|aws, got "prod"',
    ],
    [
      { DYNAMODB_TABLE: 't', FANOUT_TABLE: 'f', S3_BUCKET: 'b' },
      'ENVIRONMENT',
      'ENVIRONMENT must be set to one of local|localstack|aws',
    ],
    [
      { ...REQUIRED, UPLOAD_PREFIX: 'uploads' },
      'UPLOAD_PREFIX',
      'UPLOAD_PREFIX must end with "/" and not start with "/", got "uploads"',
    ],
    [
      { ...REQUIRED, POWERTOOLS_LOG_LEVEL: 'loud' },
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_LOG_LEVEL must be one of TRACE|DEBUG|INFO|WARN|ERROR|CRITICAL|SILENT, got "loud"',
    ],
  ])('throws a ConfigError naming the variable (%#)', (env, variable, message) => {
    // Act
    const error = configError(env);

    // Assess
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(String(error)).toBe(`ConfigError: ${message}`);
  });

  it('throws when the processed prefix lies inside the upload prefix (self-trigger)', () => {
    // Act
    const error = configError({ ...REQUIRED, PROCESSED_PREFIX: 'uploads/processed/' });

    // Assess
    expect(error.variable).toBe('PROCESSED_PREFIX');
    expect(error.message).toContain('trigger itself');
  });
});
