export { generateTraffic, type CampaignOptions, type CompromisedSenderOptions, type TrafficOptions } from './traffic-generator.js';
export { loadTraffic } from './traffic-loader.js';
export type { GeneratedReport, GeneratedTraffic, SenderRole } from './traffic-model.js';
