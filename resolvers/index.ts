import type { NonEmptyArray } from 'type-graphql';
import { AlertSubscriptionsResolver } from './alert-subscriptions.resolver.js';
import { AlertResolver } from './alert.resolver.js';
import { AnomalyResolver } from './anomaly.resolver.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { AuthResolver } from './auth.resolver.js';
import { AlertEvidenceResolver, FailureReportResolver } from './failure-report.resolver.js';
import { GeoHeatmapResolver } from './geo-heatmap.resolver.js';
import { GeoResolver } from './geo.resolver.js';
import { IngestedFailureReportResolver, IngestedTlsReportResolver, IngestResolver } from './ingest.resolver.js';
import { JobsResolver } from './jobs.resolver.js';
import { MailboxResolver } from './mailbox.resolver.js';
import { QuarantineResolver } from './quarantine.resolver.js';
import { ReportResolver } from './report.resolver.js';
import { SenderResolver } from './sender.resolver.js';
import { AnomalySenderResolver, TopSenderSenderResolver } from './sender-fields.resolver.js';
import { ServerInfoResolver } from './server-info.resolver.js';
import { TlsReportResolver } from './tls-report.resolver.js';
import { UsersResolver } from './users.resolver.js';
import { WebhookResolver } from './webhook.resolver.js';

/** Every resolver of the schema. */
export const resolvers: NonEmptyArray<Function> = [ServerInfoResolver, ReportResolver, GeoResolver, GeoHeatmapResolver, AnomalyResolver, IngestResolver, AuthResolver, UsersResolver, ApiKeysResolver, WebhookResolver, AlertResolver, AlertSubscriptionsResolver, QuarantineResolver, MailboxResolver, JobsResolver, FailureReportResolver, AlertEvidenceResolver, TlsReportResolver, IngestedFailureReportResolver, IngestedTlsReportResolver, SenderResolver, AnomalySenderResolver, TopSenderSenderResolver];
