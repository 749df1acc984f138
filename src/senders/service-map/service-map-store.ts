import type { EntityManager } from '@mikro-orm/postgresql';
import { getDomain } from 'tldts';
import type { Clock } from '../../auth/clock.js';
import { isUuid } from '../../validation/arguments.js';
import { selectRows } from '../../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../../errors/app-error.js';
import { bundledMap } from './bundled-map.js';
import { SENDER_TYPES, type SenderType } from './sender-types.js';
import { ServiceMap, type OperatorMapEntry } from './service-map.js';
import { deleteMapEntrySql, mapEntriesSql, upsertMapEntrySql } from './service-map-sql.js';

export interface MapEntryInput {
  /** A base domain (`sendgrid.net`, not `o1.ptr123.sendgrid.net`); exactly one of baseDomain and asn. */
  readonly baseDomain?: string | null;
  readonly asn?: number | null;
  readonly name: string;
  readonly type: SenderType;
  readonly comment?: string | null;
}

/** The operator's entries are read again at least this often, so other instances' changes arrive. */
const REFRESH_MS = 60_000;
const MAX_NAME = 100;
const MAX_COMMENT = 2_000;

interface EntryRow {
  readonly id: string;
  readonly base_domain: string | null;
  readonly asn: number | null;
  readonly name: string;
  readonly type: string;
  readonly comment: string | null;
  readonly created_by: string;
  readonly updated_at: Date;
}

/**
 * The service map in force: the bundled data with the operator's entries (sender_map_entries)
 * over it. `current()` is cached; a change made here is seen at once, one made by another
 * instance within a minute.
 */
export class ServiceMapStore {
  #current: { map: ServiceMap; readAt: number } | undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<ServiceMap> {
    const now = this.clock().getTime();
    if (this.#current && now - this.#current.readAt < REFRESH_MS) return this.#current.map;
    const map = new ServiceMap(bundledMap(), await this.entries());
    this.#current = { map, readAt: now };
    return map;
  }

  async entries(): Promise<OperatorMapEntry[]> {
    const rows = await selectRows<EntryRow>(this.em.fork(), mapEntriesSql);
    return rows.map(entryFromRow);
  }

  /** Adds an entry, or replaces the one of the same base domain or ASN. */
  async upsert(input: MapEntryInput, actor: string): Promise<OperatorMapEntry> {
    const entry = validate(input);
    const conflict = entry.baseDomain !== null ? 'base_domain' : 'asn';
    const [row] = await selectRows<EntryRow>(this.em.fork(), upsertMapEntrySql(conflict), [
      entry.baseDomain, entry.asn, entry.name, entry.type, entry.comment, actor, this.clock(),
    ]);
    this.#current = undefined;
    return entryFromRow(row!);
  }

  async delete(id: string): Promise<OperatorMapEntry> {
    if (!isUuid(id)) throw new NotFoundError(`sender map entry ${id} not found`);
    const [row] = await selectRows<EntryRow>(this.em.fork(), deleteMapEntrySql, [id]);
    if (!row) throw new NotFoundError(`sender map entry ${id} not found`);
    this.#current = undefined;
    return entryFromRow(row);
  }
}

function validate(input: MapEntryInput): Omit<OperatorMapEntry, 'id' | 'createdBy' | 'updatedAt'> {
  const baseDomain = input.baseDomain?.trim().toLowerCase().replace(/\.$/, '') || null;
  const asn = input.asn ?? null;
  if ((baseDomain === null) === (asn === null)) throw new BadUserInputError('give exactly one of baseDomain and asn');
  if (baseDomain !== null) {
    const base = getDomain(baseDomain, { allowPrivateDomains: false });
    if (base === null) throw new BadUserInputError(`baseDomain "${baseDomain}" is not a registrable domain`);
    if (base !== baseDomain) throw new BadUserInputError(`baseDomain "${baseDomain}" is not a base domain: use "${base}" (the map names base domains of reverse DNS names)`);
  }
  if (asn !== null && (!Number.isInteger(asn) || asn < 1 || asn > 2_147_483_647)) throw new BadUserInputError('asn must be an integer from 1 to 2147483647');
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_NAME) throw new BadUserInputError(`name must be 1 to ${MAX_NAME} characters`);
  if (!SENDER_TYPES.includes(input.type)) throw new BadUserInputError(`type must be one of ${SENDER_TYPES.join(', ')}`);
  const comment = input.comment?.trim() || null;
  if (comment !== null && comment.length > MAX_COMMENT) throw new BadUserInputError(`comment is longer than ${MAX_COMMENT} characters`);
  return { baseDomain, asn, name, type: input.type, comment };
}

function entryFromRow(row: EntryRow): OperatorMapEntry {
  return {
    id: row.id,
    baseDomain: row.base_domain,
    asn: row.asn === null ? null : Number(row.asn),
    name: row.name,
    type: row.type as SenderType,
    comment: row.comment,
    createdBy: row.created_by,
    updatedAt: new Date(row.updated_at),
  };
}
