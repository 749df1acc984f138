/** Raw text of the elements read so far, before validation. */

export interface MetadataDraft {
  orgName?: string;
  email?: string;
  extraContactInfo?: string;
  reportId?: string;
  begin?: string;
  end?: string;
  errors: string[];
  generator?: string;
  version?: string;
}

export interface PolicyDraft {
  domain?: string;
  adkim?: string;
  aspf?: string;
  p?: string;
  sp?: string;
  np?: string;
  pct?: string;
  fo?: string;
  testing?: string;
  discoveryMethod?: string;
}

export interface ReasonDraft {
  type?: string;
  comment?: string;
}

export interface DkimDraft {
  domain?: string;
  selector?: string;
  result?: string;
  humanResult?: string;
}

export interface SpfDraft {
  domain?: string;
  scope?: string;
  result?: string;
}

export interface RecordDraft {
  sourceIp?: string;
  count?: string;
  disposition?: string;
  dkim?: string;
  spf?: string;
  reasons: ReasonDraft[];
  headerFrom?: string;
  envelopeFrom?: string;
  envelopeTo?: string;
  dkimResults: DkimDraft[];
  spfResults: SpfDraft[];
}

// Drafts are created with every key so that all of them share one hidden class: the field
// setters then stay monomorphic, which matters at hundreds of thousands of records per second.

export function emptyRecordDraft(): RecordDraft {
  return {
    sourceIp: undefined,
    count: undefined,
    disposition: undefined,
    dkim: undefined,
    spf: undefined,
    reasons: [],
    headerFrom: undefined,
    envelopeFrom: undefined,
    envelopeTo: undefined,
    dkimResults: [],
    spfResults: [],
  };
}

export function emptyReasonDraft(): ReasonDraft {
  return { type: undefined, comment: undefined };
}

export function emptyDkimDraft(): DkimDraft {
  return { domain: undefined, selector: undefined, result: undefined, humanResult: undefined };
}

export function emptySpfDraft(): SpfDraft {
  return { domain: undefined, scope: undefined, result: undefined };
}
