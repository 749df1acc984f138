import { Field, Int, ObjectType } from 'type-graphql';
import { Report } from './report.types.js';

@ObjectType()
export class ReportEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Report)
  node!: Report;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'A page of reports, newest first (Relay connection).' })
export class ReportConnection {
  @Field(() => [ReportEdge])
  edges!: ReportEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Reports matching the filters, on all pages.' })
  totalCount!: number;
}
