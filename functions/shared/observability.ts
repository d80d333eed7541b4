import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { observabilityVariables, readVariable } from './config.js';

const serviceName = readVariable(observabilityVariables.serviceName);

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({
  serviceName,
  namespace: readVariable(observabilityVariables.metricsNamespace),
});
