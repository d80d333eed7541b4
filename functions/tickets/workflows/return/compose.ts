import { requireSecret } from '../../../shared/secrets.js';
import { HttpCarrier } from './adapters/carrier.http.js';
import { carrierSecret, returnsConfig } from './config.js';

let carrier: Promise<HttpCarrier> | undefined;

/** The stage's carrier: its URL (`returnsConfig`) and signing secret, built once per process. */
export function carrierClient(): Promise<HttpCarrier> {
  if (!carrier) {
    const building = requireSecret(carrierSecret.name).then(
      (secret) => new HttpCarrier(returnsConfig.get().carrierUrl, secret),
    );
    building.catch(() => {
      if (carrier === building) carrier = undefined;
    });
    carrier = building;
  }
  return carrier;
}
