export type { SlaClock, SlaClocks } from '../../sla/domain/clocks.js';
