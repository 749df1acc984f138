import type { AlertView } from '../alerts/alert-views.js';
import type { AnomalyView } from '../anomaly-detection/anomaly-views.js';
import type { CredentialChange } from '../auth/credential-change.js';
import type { FileIngestedEvent, IngestedFailureReportEvent, IngestedReportEvent, IngestedTlsReportEvent } from '../ingestion/storage/ingestion-result.js';
import type { JobRunFinished } from '../scheduler/job-runner.js';
import type { SendersNamed } from '../senders/naming/sender-naming.js';
import type { SenderApprovalChanged } from '../senders/sender-service.js';

/**
 * Every in-process domain event and what it carries: the one list of things that happen in the
 * service and that other concerns may react to. Who reacts to each is in src/app/reactions.ts.
 *
 * A new concern adds its events here, one line each (name in the past tense, payload type from the
 * concern that emits it), emits them with `events.emit(name, payload)` and registers the reactions
 * in src/app/reactions.ts. Payloads are plain values: a reaction may keep them, never change them.
 */
export interface DomainEventMap {
  /** A report was stored for the first time, or rebuilt by `reparse` (ingestion, after its commit). */
  readonly reportIngested: IngestedReportEvent;
  /** A failure report was stored for the first time (ingestion, after its commit). */
  readonly failureReportIngested: IngestedFailureReportEvent;
  /** An SMTP TLS report was stored for the first time (ingestion, after its commit). */
  readonly tlsReportIngested: IngestedTlsReportEvent;
  /** A received file was read to its end: stored, duplicate or refused (ingestion, every channel). */
  readonly fileIngested: FileIngestedEvent;
  /** A run of a scheduled job ended in this process: succeeded, failed or skipped (scheduler). */
  readonly jobRunFinished: JobRunFinished;
  /** A detection run stored its anomalies (anomaly-detection, after its commit). */
  readonly detectionFinished: DetectionFinished;
  /** A batch of alerts was raised (alerts, after the batch's commit; at most ALERT_BATCH_SIZE). */
  readonly alertsRaised: AlertBatch;
  /** A batch of alerts changed state (alerts, after the commit; at most ALERT_BATCH_SIZE). */
  readonly alertsUpdated: AlertBatch;
  /** A principal's role, password or API key changed: sessions on the old credential must end (auth). */
  readonly credentialChanged: CredentialChange;
  /** A batch of source addresses was named and stored (senders, after its commit; at most 2,000 addresses): how, and which senders they belong to. */
  readonly sendersNamed: SendersNamed;
  /** An operator approved, rejected, cleared or annotated a sender for a domain (senders, after the commit). */
  readonly senderApprovalChanged: SenderApprovalChanged;
}

export type DomainEventName = keyof DomainEventMap;

export interface DetectionFinished {
  /** Every anomaly of the run, stored before or not (alerts deduplicate them). */
  readonly anomalies: readonly AnomalyView[];
  /** The anomalies stored for the first time (the `anomalyDetected` subscription streams these). */
  readonly fresh: readonly AnomalyView[];
}

export interface AlertBatch {
  readonly alerts: readonly AlertView[];
}
