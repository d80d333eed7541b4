import { readFileSync } from 'node:fs';
import { classify } from '../functions/classification/domain/classifier.js';
import { defaultClassifierConfig } from '../functions/classification/domain/default-config.js';
import type { Reason } from '../functions/kernel/ticket-kinds.js';

/**
 * The intake classifier on the labelled set: precision, recall and F1 per label and their
 * macro average, on the split the default weights were tuned on and on the held-out split,
 * plus how often the suggested reason and the mismatch flag are right, and the time per ticket.
 */
export interface LabelledTicket {
  readonly text: string;
  readonly lang: 'en' | 'zh';
  readonly labels: readonly string[];
  readonly type: string;
  readonly reason: Reason;
  readonly mismatch?: boolean;
}

const fixtures = new URL('../tests/fixtures/classification/', import.meta.url);

export function loadSplit(name: 'tune' | 'holdout'): LabelledTicket[] {
  return readFileSync(new URL(`${name}.jsonl`, fixtures), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledTicket);
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const f1 = ({ tp, fp, fn }: Counts) => {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
};

export function evaluate(tickets: readonly LabelledTicket[]) {
  const labels = defaultClassifierConfig.labels.map((rule) => rule.label);
  const counts = new Map(labels.map((label) => [label, { tp: 0, fp: 0, fn: 0 }]));
  const mismatch = { tp: 0, fp: 0, fn: 0 };
  for (const ticket of tickets) {
    const result = classify({ description: ticket.text, reason: ticket.reason }, defaultClassifierConfig);
    const got = new Set(result.labels.map((score) => score.label));
    for (const label of labels) {
      const count = counts.get(label) as Counts;
      const expected = ticket.labels.includes(label);
      if (expected && got.has(label)) count.tp += 1;
      else if (got.has(label)) count.fp += 1;
      else if (expected) count.fn += 1;
    }
    const flagged = result.reasonMismatch !== undefined;
    if (flagged && ticket.mismatch) mismatch.tp += 1;
    else if (flagged) mismatch.fp += 1;
    else if (ticket.mismatch) mismatch.fn += 1;
  }
  const perLabel = labels.map((label) => ({
    label,
    support: tickets.filter((ticket) => ticket.labels.includes(label)).length,
    ...f1(counts.get(label) as Counts),
  }));
  const macroF1 = perLabel.reduce((sum, row) => sum + row.f1, 0) / perLabel.length;
  return { perLabel, macroF1, mismatch: f1(mismatch) };
}

/** Median over rounds of the whole set, after the JIT has warmed up. */
function timePerTicket(tickets: readonly LabelledTicket[]): number {
  const round = () => {
    const start = performance.now();
    for (const ticket of tickets)
      classify({ description: ticket.text, reason: ticket.reason }, defaultClassifierConfig);
    return ((performance.now() - start) * 1000) / tickets.length;
  };
  for (let warm = 0; warm < 100; warm++) round();
  const times = Array.from({ length: 51 }, round).sort((a, b) => a - b);
  return times[25] ?? 0;
}

const pct = (value: number) => value.toFixed(2);

export async function benchClassifier(): Promise<void> {
  const splits = { tune: loadSplit('tune'), holdout: loadSplit('holdout') };
  for (const [name, tickets] of Object.entries(splits)) {
    const { perLabel, macroF1, mismatch } = evaluate(tickets);
    const en = tickets.filter((ticket) => ticket.lang === 'en').length;
    console.log(
      `Classifier on the ${name} split: ${tickets.length} tickets (${en} English, ${tickets.length - en} Chinese)`,
    );
    console.table(
      perLabel.map((row) => ({
        label: row.label,
        support: row.support,
        precision: pct(row.precision),
        recall: pct(row.recall),
        F1: pct(row.f1),
      })),
    );
    console.log(
      `macro-averaged F1 ${pct(macroF1)} (goal 0.85); reason mismatch flag: precision ${pct(mismatch.precision)}, recall ${pct(mismatch.recall)}`,
    );
  }
  const all = [...splits.tune, ...splits.holdout];
  console.log(
    `time per ticket: ${timePerTicket(all).toFixed(1)} µs (median text ${medianLength(all)} characters)`,
  );
}

function medianLength(tickets: readonly LabelledTicket[]): number {
  const lengths = tickets.map((ticket) => ticket.text.length).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 2)] ?? 0;
}
