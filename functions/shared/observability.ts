import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { observabilityVariables, readVariable } from './config.js';

const serviceName = readVariable(observabilityVariables.serviceName);

export const logger = new Logger({ serviceName });

/**
 * Metrics' own diagnostics go to the logger. That an invocation published no metric of its own
 * (most HTTP requests: the middleware flushes after each) is routine, so it is a debug line.
 */
const metricsDiagnostics = {
  debug: (message: unknown) => logger.debug(String(message)),
  info: (message: unknown) => logger.info(String(message)),
  warn: (message: unknown) =>
    String(message).startsWith('No application metrics to publish')
      ? logger.debug(String(message))
      : logger.warn(String(message)),
  error: (message: unknown) => logger.error(String(message)),
};

export const metrics = new Metrics({
  serviceName,
  namespace: readVariable(observabilityVariables.metricsNamespace),
  logger: metricsDiagnostics,
});
