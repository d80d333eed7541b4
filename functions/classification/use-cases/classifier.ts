import type { Clock } from '../../shared/clock.js';
import type { PutClassifierRequest } from '../contracts/classifier.js';
import { type Classification, type ClassifyInput, classify } from '../domain/classifier.js';
import type { ClassifierRepository } from '../domain/classifier-repository.js';

export interface ClassifierDeps {
  readonly classifier: ClassifierRepository;
  readonly clock: Clock;
}

/** `GET /v1/classifier`: the config in force (the defaults, version 0, until one is saved). */
export function makeGetClassifier({ classifier }: Pick<ClassifierDeps, 'classifier'>) {
  return () => classifier.current();
}

/** `PUT /v1/classifier`: replaces labels, terms and hints; `version` guards against lost updates. */
export function makePutClassifier({ classifier, clock }: ClassifierDeps) {
  return async (request: PutClassifierRequest) => {
    const { version, ...config } = request;
    const expected = version ?? (await classifier.current()).version;
    return classifier.save(config, expected, clock.now().toISOString());
  };
}

/** What create-ticket calls at intake: the text judged against the config in force. */
export function makeClassifyTicket({ classifier }: Pick<ClassifierDeps, 'classifier'>) {
  return async (input: ClassifyInput): Promise<Classification> => classify(input, await classifier.current());
}
