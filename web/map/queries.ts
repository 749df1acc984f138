/**
 * Every GraphQL operation of the map. With ../shared/graphql.ts (the one function that sends them)
 * this is the reference for calling the API from a browser: POST /graphql with a JSON body and the
 * session token as `Authorization: Bearer …`; errors arrive in `errors[].extensions.code`.
 */

export const SIGN_IN = /* GraphQL */ `
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) { token user { email role } }
  }`;

export const HEATMAP = /* GraphQL */ `
  query Heatmap($days: Int!, $domain: String) {
    geoHeatmap(days: $days, domain: $domain) {
      totalMessages maxCount
      countries { countryCode countryName messages dmarcFailures dmarcFailureRate distinctIps }
      points { count countryCode city latitude longitude messages ips }
    }
  }`;

/** The policy domains of the latest reports, for the domain picker. */
export const DOMAINS = /* GraphQL */ `
  query Domains {
    reports(first: 100) { edges { node { policy { domain } } } }
  }`;

export const TOP_SENDERS = /* GraphQL */ `
  query TopSenders($countryCode: String!, $days: Int!, $domain: String) {
    topSenders(countryCode: $countryCode, days: $days, domain: $domain, limit: 10) {
      sourceIp city asOrganization messages dmarcFailures dmarcFailureRate domains
      sender { id name classification approval }
    }
  }`;

/** The alert fields the map shows; the same selection as the live subscription (subscription.ts). */
export const ALERT_FIELDS = /* GraphQL */ `
  fragment MapAlert on Alert {
    id kind state score sourceIp domains geolocation { countryCode city latitude longitude } reasons messageCount lastSeenAt failureReportCount
    sender { name classification summary }
  }`;

/** Each domain's TLS success (SMTP TLS reports) over the window. */
export const TLS_DOMAINS = /* GraphQL */ `
  query TlsDomains($days: Int!) {
    tlsDomains(days: $days) { domain reports successfulSessions failedSessions successRate topFailureType }
  }`;

/** An alert's evidence: the failure samples its source IP sent (ANALYST and ADMIN; FORBIDDEN for a viewer). */
export const ALERT_FAILURE_REPORTS = /* GraphQL */ `
  query AlertFailureReports($id: ID!) {
    alert(id: $id) {
      id sourceIp
      failureReports(first: 10) {
        totalCount
        edges { node {
          id format arrivalDate sourceIp reportedDomain reporterDomain geolocation { countryCode city asOrganization }
          authFailure deliveryResult originalMailFrom originalRcptTo authenticationResults
          sample { kind from to subject date messageId urls attachmentNames body headers { name value } }
        } }
      }
    }
  }`;

export const OPEN_ALERTS = /* GraphQL */ `
  query OpenAlerts($domains: [String!]) {
    alerts(filter: { states: [OPEN], domains: $domains }, first: 50) { totalCount edges { node { ...MapAlert } } }
  }
  ${ALERT_FIELDS}`;

export { graphql, GraphQLRequestError, type GraphQLErrorItem } from '../shared/graphql.js';
