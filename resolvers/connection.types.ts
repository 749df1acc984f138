import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ description: 'Where a page of a connection ends (Relay).' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
}

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
 * and its resolver takes `first: Int` and `after: String`, with the cost of `first` counted by
 * src/graphql/query-cost.ts.
 */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, options: ConnectionOptions) {
  const name = options.name ?? nodeType.name;

  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
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
