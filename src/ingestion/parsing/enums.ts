import type {
  Alignment,
  DiscoveryMethod,
  Disposition,
  DkimResult,
  DmarcResult,
  PolicyAction,
  PolicyOverride,
  SpfResult,
  SpfScope,
} from '../types.js';

export const alignments: ReadonlySet<Alignment> = new Set(['r', 's']);
export const policyActions: ReadonlySet<PolicyAction> = new Set(['none', 'quarantine', 'reject']);
export const dispositions: ReadonlySet<Disposition> = new Set(['none', 'pass', 'quarantine', 'reject']);
export const dmarcResults: ReadonlySet<DmarcResult> = new Set(['pass', 'fail']);
export const policyOverrides: ReadonlySet<PolicyOverride> = new Set([
  'forwarded',
  'sampled_out',
  'trusted_forwarder',
  'mailing_list',
  'local_policy',
  'policy_test_mode',
  'other',
]);
export const dkimResults: ReadonlySet<DkimResult> = new Set(['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']);
export const spfResults: ReadonlySet<SpfResult> = new Set(['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror']);
export const spfScopes: ReadonlySet<SpfScope> = new Set(['helo', 'mfrom']);
export const testingFlags: ReadonlySet<'y' | 'n'> = new Set(['y', 'n']);
export const discoveryMethods: ReadonlySet<DiscoveryMethod> = new Set(['psl', 'treewalk']);
