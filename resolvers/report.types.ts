import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The DMARC policy the domain published, as the reporter saw it. Null: the reporter did not say.' })
export class PublishedPolicy {
  @Field(() => String, { description: 'Policy domain, lower-cased.' })
  domain!: string;

  @Field(() => String, { nullable: true, description: 'DKIM alignment: r (relaxed) or s (strict).' })
  adkim!: string | null;

  @Field(() => String, { nullable: true, description: 'SPF alignment: r (relaxed) or s (strict).' })
  aspf!: string | null;

  @Field(() => String, { description: 'none, quarantine or reject.' })
  p!: string;

  @Field(() => String, { nullable: true, description: 'Subdomain policy.' })
  sp!: string | null;

  @Field(() => String, { nullable: true, description: 'Non-existent subdomain policy (RFC 9990).' })
  np!: string | null;

  @Field(() => Int, { nullable: true })
  pct!: number | null;

  @Field(() => String, { nullable: true })
  fo!: string | null;

  @Field(() => String, { nullable: true, description: 'RFC 9990 testing flag: y or n.' })
  testing!: string | null;

  @Field(() => String, { nullable: true, description: 'RFC 9990: psl or treewalk.' })
  discoveryMethod!: string | null;
}

@ObjectType({ description: 'One DMARC aggregate report.' })
export class Report {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: 'draft, rfc7489 or rfc9990.' })
  schemaVersion!: string;

  @Field(() => String, { description: 'The reporting organization.' })
  orgName!: string;

  @Field(() => String, { nullable: true })
  orgEmail!: string | null;

  @Field(() => String, { nullable: true })
  extraContactInfo!: string | null;

  @Field(() => String, { description: "The reporter's id of the report." })
  reportId!: string;

  @Field(() => Date)
  dateBegin!: Date;

  @Field(() => Date)
  dateEnd!: Date;

  @Field(() => [String], { description: 'Processing errors the reporter declared.' })
  errors!: string[];

  @Field(() => String, { nullable: true })
  generator!: string | null;

  @Field(() => PublishedPolicy)
  policy!: PublishedPolicy;

  @Field(() => Int)
  recordCount!: number;

  @Field(() => Float, { description: 'Messages the report covers (sum of record counts).' })
  messageCount!: number;

  @Field(() => [String], {
    description: 'What was repaired to read the report (malformed input recovered from, e.g. an invalid byte replaced by U+FFFD), naming the field where it can; empty when nothing was.',
  })
  warnings!: string[];

  @Field(() => String, {
    nullable: true,
    description:
      'SHA-256 (hex) of the XML document the report was read from (after unpacking gzip, zip or e-mail); null for reports stored before it was kept, and for a report read from a file of several concatenated <feedback> documents (no bytes of its own).',
  })
  contentSha256!: string | null;

  @Field(() => Date)
  ingestedAt!: Date;
}

@ObjectType({ description: 'A raw (unaligned) DKIM signature or SPF check of a record.' })
export class AuthResult {
  @Field(() => String, { description: 'dkim or spf.' })
  method!: string;

  @Field(() => String, { description: 'Empty when the reporter did not name the domain.' })
  domain!: string;

  @Field(() => String, { nullable: true, description: 'DKIM only.' })
  selector!: string | null;

  @Field(() => String, { nullable: true, description: 'SPF only: mfrom or helo.' })
  scope!: string | null;

  @Field(() => String)
  result!: string;

  @Field(() => String, { nullable: true })
  humanResult!: string | null;
}

@ObjectType({ description: 'Why the receiver applied a policy other than the published one.' })
export class PolicyOverrideReason {
  @Field(() => String)
  type!: string;

  @Field(() => String, { nullable: true })
  comment!: string | null;
}

@ObjectType({ description: 'One record of a report: messages from one source IP with one outcome.' })
export class ReportRecord {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  sourceIp!: string;

  @Field(() => Float, { description: 'Messages.' })
  count!: number;

  @Field(() => String, { description: 'none, quarantine, reject or pass (RFC 9990).' })
  disposition!: string;

  @Field(() => String, { description: 'Aligned DKIM result: pass or fail.' })
  dkimAligned!: string;

  @Field(() => String, { description: 'Aligned SPF result: pass or fail.' })
  spfAligned!: string;

  @Field(() => [PolicyOverrideReason])
  reasons!: PolicyOverrideReason[];

  @Field(() => String)
  headerFrom!: string;

  @Field(() => String, { nullable: true })
  envelopeFrom!: string | null;

  @Field(() => String, { nullable: true })
  envelopeTo!: string | null;

  @Field(() => [AuthResult])
  authResults!: AuthResult[];
}
