import { Alert } from './alert.entity.js';
import { AlertStateChange } from './alert-state-change.entity.js';
import { AlertSuppressionRule } from './alert-suppression-rule.entity.js';
import { AnalyticsCacheEntry } from './analytics-cache.entity.js';
import { ApiKey } from './api-key.entity.js';
import { DmarcRecord } from './dmarc-record.entity.js';
import { DmarcReport } from './dmarc-report.entity.js';
import { AlertFailureReport, FailureReport } from './failure-report.entity.js';
import { GeolocationCacheEntry } from './geolocation-cache.entity.js';
import { JobRun } from './job-run.entity.js';
import { LoginThrottle } from './login-throttle.entity.js';
import { MailboxMessageAttempt, MailboxStatus } from './mailbox-status.entity.js';
import { MlModel } from './ml-model.entity.js';
import { MlPrediction } from './ml-prediction.entity.js';
import { DmarcReportRawFile, RawReportFile } from './raw-report-file.entity.js';
import { RefusedReport } from './refused-report.entity.js';
import { SenderApproval, SenderApprovalChange } from './sender-approval.entity.js';
import { SenderMapEntry } from './sender-map-entry.entity.js';
import { SenderName } from './sender-name.entity.js';
import { TlsFailureDetail, TlsReport, TlsReportPolicy } from './tls-report.entity.js';
import { User } from './user.entity.js';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity.js';
import { Webhook } from './webhook.entity.js';

export { Alert, AlertFailureReport, AlertStateChange, AlertSuppressionRule, AnalyticsCacheEntry, ApiKey, DmarcRecord, DmarcReport, DmarcReportRawFile, FailureReport, GeolocationCacheEntry, JobRun, LoginThrottle, MailboxMessageAttempt, MailboxStatus, MlModel, MlPrediction, RawReportFile, RefusedReport, SenderApproval, SenderApprovalChange, SenderMapEntry, SenderName, TlsFailureDetail, TlsReport, TlsReportPolicy, User, Webhook, WebhookDelivery, WebhookDeliveryStatus };
export { Role } from './roles.js';

/** Every entity, listed explicitly: no folder scanning, so src/ under Vitest and dist/ behave alike. */
export const entities = [User, ApiKey, DmarcReport, DmarcRecord, GeolocationCacheEntry, MlModel, MlPrediction, AnalyticsCacheEntry, LoginThrottle, Webhook, WebhookDelivery, Alert, AlertStateChange, AlertSuppressionRule, RefusedReport, RawReportFile, DmarcReportRawFile, MailboxStatus, MailboxMessageAttempt, JobRun, FailureReport, AlertFailureReport, TlsReport, TlsReportPolicy, TlsFailureDetail, SenderName, SenderApproval, SenderApprovalChange, SenderMapEntry];
