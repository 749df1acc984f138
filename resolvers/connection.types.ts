import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ description: 'Where a page of a connection ends (Relay).' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page (an opaque cursor).' })
  endCursor!: string | null;
}

/**
 * The `after` argument of every connection. Cursors are opaque (src/pagination/cursor.ts): a client
 * passes back what it was given and never builds or reads one, so their format may change.
 */
export const AFTER_ARGUMENT = {
  nullable: true,
  description: 'The endCursor (or an edge cursor) of the previous page: opaque, pass it back as given.',
} as const;

export interface ConnectionOptions {
  /** GraphQL name prefix of the edge type (`${name}Edge`); the node class name by default. */
  readonly name?: string;
  readonly totalCountDescription: string;
}

/**
 * The one connection shape of the schema: `edges { cursor node }`, `pageInfo`, `totalCount`, served
 * from a service's `Page<T>` (src/pagination/page.ts). A list is declared as
 *
 *     @ObjectType({ description: 'A page of reports, newest first.' })
 *     export class ReportConnection extends ConnectionType(Report, { totalCountDescription: '...' }) {}
 *
 * and its resolver takes `first: Int` and `after: String` (AFTER_ARGUMENT), with the cost of
 * `first` counted by src/graphql/query-cost.ts. The service builds the page with `pageOf` and a
 * cursor codec (src/pagination/); `mapNodes` turns its views into the GraphQL type.
 */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, options: ConnectionOptions) {
  const name = options.name ?? nodeType.name;

  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String, { description: 'Where this node is in the list (opaque): pass as `after` to continue after it.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  // Never referenced by a resolver, so not a schema type itself (type-graphql 2 emits only reachable
  // types); the named subclasses inherit its fields.
  @ObjectType()
  abstract class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: options.totalCountDescription })
    totalCount!: number;
  }
  return Connection;
}
