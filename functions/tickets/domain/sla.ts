export type { SlaClock, SlaClocks, SlaState } from '../../sla/domain/clocks.js';
