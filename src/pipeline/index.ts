/**
 * Lambda bundle entry (`index.handler`, `index.failureHandler`). Configuration is read once,
 * here, at cold start; a bad variable fails the init with a ConfigError naming it.
 * Other code (tests, the local runtime) imports `createHandler` / `createFailureHandler` from
 * their own modules so that importing them has no side effects.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createDefaultClients } from './clients.js';
import { readConfig } from './config.js';
import { createFailureHandler } from './failureHandler.js';
import { createHandler } from './handler.js';

const config = readConfig(process.env);
const { s3, dynamodb, lambda } = createDefaultClients(config);
const logger = new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
// One Metrics per handler (each runs in its own function); the handlers add the `environment`
// default dimension themselves.
const newMetrics = () =>
  new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName });

/** S3 ObjectCreated event handler. */
export const handler = createHandler({
  s3,
  dynamodb,
  lambda,
  config,
  logger,
  metrics: newMetrics(),
});

/** SQS handler for Lambda on-failure destination records. */
export const failureHandler = createFailureHandler({
  s3,
  dynamodb,
  config,
  logger,
  metrics: newMetrics(),
});
