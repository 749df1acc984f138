/** Every GraphQL operation of the Senders page (sent with ../shared/graphql.ts). */

export const SENDER_FIELDS = /* GraphQL */ `
  fragment SenderRow on Sender {
    id name key domain type category namingSource classification confidence summary approval rule
    messages dmarcAlignedRate dkimAlignedRate spfAlignedRate ipCount countries firstSeen lastSeen note
    evidence { code text share }
    daily { date messages dmarcAligned }
    approvalDetails { state decidedBy decidedAt comment }
  }`;

export const SENDERS = /* GraphQL */ `
  query Senders($filter: SenderFilter, $days: Int!, $orderBy: SenderOrder, $after: String) {
    senders(filter: $filter, days: $days, orderBy: $orderBy, first: 50, after: $after) {
      totalCount truncated pageInfo { hasNextPage endCursor }
      edges { node { ...SenderRow } }
    }
  }
  ${SENDER_FIELDS}`;

/** How many senders each classification chip stands for (the other filters applied). */
export const COUNTS = /* GraphQL */ `
  query SenderCounts($filter: SenderFilter, $days: Int!,
      $authorized: SenderFilter, $forwarder: SenderFilter, $misconfigured: SenderFilter, $unauthorized: SenderFilter, $unknown: SenderFilter) {
    all: senders(filter: $filter, days: $days, first: 1) { totalCount }
    authorized: senders(filter: $authorized, days: $days, first: 1) { totalCount }
    forwarder: senders(filter: $forwarder, days: $days, first: 1) { totalCount }
    misconfigured: senders(filter: $misconfigured, days: $days, first: 1) { totalCount }
    unauthorized: senders(filter: $unauthorized, days: $days, first: 1) { totalCount }
    unknown: senders(filter: $unknown, days: $days, first: 1) { totalCount }
  }`;

export const SENDER_DETAILS = /* GraphQL */ `
  query SenderDetails($id: ID!, $days: Int!) {
    sender(id: $id, days: $days) {
      id
      dkimSignatures { domain selector aligned messages passMessages }
      spfDomains { domain aligned messages passMessages }
      overrideReasons { type messages }
      ips(first: 20) { ip messages reverseDns ptrName dnsError countryCode asn asOrganization }
      history { action fromState toState actor comment at }
    }
  }`;

export const ME = /* GraphQL */ `query Me { me { email role } }`;

/** The policy domains of the latest reports, for the domain picker. */
export const DOMAINS = /* GraphQL */ `
  query Domains {
    reports(first: 100) { edges { node { policy { domain } } } }
  }`;

export const DECIDE = {
  APPROVE: /* GraphQL */ `mutation Approve($id: ID!) { approveSender(id: $id) { ...SenderRow } } ${SENDER_FIELDS}`,
  REJECT: /* GraphQL */ `mutation Reject($id: ID!) { rejectSender(id: $id) { ...SenderRow } } ${SENDER_FIELDS}`,
  CLEAR: /* GraphQL */ `mutation Clear($id: ID!) { clearSenderApproval(id: $id) { ...SenderRow } } ${SENDER_FIELDS}`,
} as const;
