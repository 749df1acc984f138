export { AlertService } from './alert-service.js';
export { alertMatchesFilter, type AlertEventFilter } from './alert-filter.js';
export type { AlertView } from './alert-views.js';
export type { AlertSender, AlertSenderSource } from './alert-sender.js';
