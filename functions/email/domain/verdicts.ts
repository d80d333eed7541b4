/** SES's verdicts on a received mail (`receipt` of the SES event): `PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`. */
export interface ReceiptVerdicts {
  readonly spf?: string | undefined;
  readonly dkim?: string | undefined;
  readonly dmarc?: string | undefined;
  readonly spam?: string | undefined;
  readonly virus?: string | undefined;
}

/**
 * Whether the From address can be believed: DMARC passed (the From domain's own policy, aligned
 * with SPF or DKIM), or the domain publishes no DMARC policy and both SPF and DKIM passed. Spam
 * and viruses are never believed. Anyone can write any From header; a mail that fails this is
 * dropped, and gets no bounce (that would go to whoever the forger named).
 */
export function isAuthenticSender(verdicts: ReceiptVerdicts): boolean {
  if (verdicts.spam === 'FAIL' || verdicts.virus === 'FAIL') return false;
  if (verdicts.dmarc === 'PASS') return true;
  return verdicts.dmarc === 'GRAY' && verdicts.spf === 'PASS' && verdicts.dkim === 'PASS';
}
