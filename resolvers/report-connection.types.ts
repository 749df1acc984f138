import { ObjectType } from 'type-graphql';
import { ConnectionType } from './connection.types.js';
import { Report } from './report.types.js';

@ObjectType({ description: 'A page of reports, newest first (Relay connection).' })
export class ReportConnection extends ConnectionType(Report, { totalCountDescription: 'Reports matching the filters, on all pages.' }) {}
