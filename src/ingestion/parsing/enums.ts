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

/**
 * The values an enumerated field allows. `find` returns the one shared string, so records keep
 * that constant rather than each its own copy of "pass".
 */
export class EnumValues<T extends string> {
  /**
   * `synonyms`: lower-case words some reporters write that unambiguously name one value
   * (`strict` for `s`); read as that value with a warning.
   */
  constructor(
    readonly values: readonly T[],
    readonly synonyms: Readonly<Record<string, T>> = {},
  ) {}

  /** A loop of === rather than a Set: the text is a fresh string that a Set would hash first. */
  find(text: string): T | undefined {
    const values = this.values;
    for (let i = 0; i < values.length; i++) if (values[i] === text) return values[i];
    return undefined;
  }
}

function enumValues<T extends string>(values: readonly T[], synonyms?: Readonly<Record<string, T>>): EnumValues<T> {
  return new EnumValues(values, synonyms);
}

// The words DMARC's own text uses for the tag values (RFC 7489 6.3: "strict", "relaxed").
export const alignments: EnumValues<Alignment> = enumValues(['r', 's'], { relaxed: 'r', strict: 's' });
export const policyActions: EnumValues<PolicyAction> = enumValues(['none', 'quarantine', 'reject']);
export const dispositions: EnumValues<Disposition> = enumValues(['none', 'pass', 'quarantine', 'reject']);
export const dmarcResults: EnumValues<DmarcResult> = enumValues(['pass', 'fail']);
export const policyOverrides: EnumValues<PolicyOverride> = enumValues([
  'forwarded',
  'sampled_out',
  'trusted_forwarder',
  'mailing_list',
  'local_policy',
  'policy_test_mode',
  'other',
]);
export const dkimResults: EnumValues<DkimResult> = enumValues(['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']);
export const spfResults: EnumValues<SpfResult> = enumValues(['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror']);
// RFC 7208 calls the identity "MAIL FROM"; `mfrom` is its name in the report schema.
export const spfScopes: EnumValues<SpfScope> = enumValues(['helo', 'mfrom'], { mailfrom: 'mfrom', 'mail from': 'mfrom' });
export const testingFlags: EnumValues<'y' | 'n'> = enumValues(['y', 'n']);
export const discoveryMethods: EnumValues<DiscoveryMethod> = enumValues(['psl', 'treewalk']);
