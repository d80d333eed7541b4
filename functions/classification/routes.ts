import type { RouteDefinition } from '../shared/http/route.js';
import { classifierConfigSchema, putClassifierRequestSchema } from './contracts/classifier.js';

export const getClassifier = {
  method: 'GET',
  path: '/v1/classifier',
  handler: 'functions/classification/handlers/get-classifier.ts',
  summary:
    'The labels, terms and weights new tickets are classified with (the defaults, version 0, until saved).',
  roles: ['admin', 'supervisor'],
  responses: { 200: classifierConfigSchema },
  table: { operations: ['GetItem'], keys: ['SETTINGS'] },
} as const satisfies RouteDefinition;

export const putClassifier = {
  method: 'PUT',
  path: '/v1/classifier',
  handler: 'functions/classification/handlers/put-classifier.ts',
  summary:
    'Replace the classifier: labels with their terms and thresholds, and hints; applies to tickets opened from now on.',
  roles: ['admin'],
  body: putClassifierRequestSchema,
  responses: { 200: classifierConfigSchema },
  // Reads the config in force, then a version-conditioned put with the bump of its version item.
  table: { operations: ['GetItem', 'TransactWriteItems', 'PutItem', 'UpdateItem'], keys: ['SETTINGS'] },
} as const satisfies RouteDefinition;
