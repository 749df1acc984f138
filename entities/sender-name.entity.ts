import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Who one source address is (sender naming's cache, like geolocation_cache): its reverse DNS,
 * forward-confirmed or not, its network, and the sender it is counted under. Expires after
 * SENDER_NAME_TTL_DAYS (a confirmed name) or SENDER_NAME_NEGATIVE_TTL_HOURS (no name); a failed
 * lookup is retried within the hour and keeps what was known.
 */
@Entity({ tableName: 'sender_names' })
@Index({ name: 'sender_names_expires_idx', properties: ['expiresAt'] })
@Index({ name: 'sender_names_sender_key_idx', properties: ['senderKey'] })
@Index({ name: 'sender_names_base_domain_idx', properties: ['baseDomain'] })
@Index({ name: 'sender_names_asn_idx', properties: ['asn'] })
export class SenderName {
  @PrimaryKey({ type: 'string', columnType: 'inet' })
  ip!: string;

  /** CONFIRMED, UNCONFIRMED, NO_PTR, FAILED or SKIPPED (DNS off). */
  @Property({ type: 'text' })
  reverseDns!: string;

  /** The confirmed PTR name, or else the first one as given. */
  @Property({ type: 'text', nullable: true })
  ptrName?: string | null;

  /** The PTR name that resolves back to the address; never an unconfirmed one. */
  @Property({ type: 'text', nullable: true })
  confirmedName?: string | null;

  /** Of the confirmed name, by the Public Suffix List (and parsedmarc's overrides). */
  @Property({ type: 'text', nullable: true })
  baseDomain?: string | null;

  /** The error code of the last lookup when it failed (ETIMEOUT, ESERVFAIL, ...). */
  @Property({ type: 'text', nullable: true })
  dnsError?: string | null;

  /** From the geolocation cache when named. */
  @Property({ type: 'integer', nullable: true })
  asn?: number | null;

  @Property({ type: 'text', nullable: true })
  asOrganization?: string | null;

  /** service:<name>, domain:<base>, asn:<n> or ip:<address>. */
  @Property({ type: 'text' })
  senderKey!: string;

  @Property({ type: 'text' })
  senderName!: string;

  /** A SenderType (src/senders/service-map/sender-types.ts). */
  @Property({ type: 'text' })
  senderType!: string;

  /** The service map's category ("Marketing", "Finance"...). */
  @Property({ type: 'text', nullable: true })
  senderCategory?: string | null;

  /** OPERATOR_MAP, SERVICE_MAP, REVERSE_DNS, ASN_MAP, AS_ORGANIZATION or NONE. */
  @Property({ type: 'text' })
  namingSource!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lookedUpAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
