import { getDomain } from 'tldts';

/** The organizational domain (Public Suffix List, ICANN section) of a domain; the domain itself when it has none. */
function organizationalDomain(domain: string): string {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  return getDomain(name, { allowPrivateDomains: false }) ?? name;
}

/**
 * Relaxed alignment (RFC 7489 3.1): the authenticated domain and the policy domain share their
 * organizational domain. Reports give the policy domain, not each message's From, so a signature
 * is judged against the domain the report is about.
 */
export function isAligned(authenticatedDomain: string, policyDomain: string): boolean {
  return organizationalDomain(authenticatedDomain) === organizationalDomain(policyDomain);
}
