import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, OperationTypeNode, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { tlsReportJson } from '../fixtures/report-kinds.js';
import { datedReport } from '../graphql/dated-report.js';
import { startDemoApp, type DemoApp } from '../support/demo-app.js';

/** Every ```graphql block of the README, in order, with the line it starts on. */
function readmeExamples(): { line: number; source: string }[] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const examples: { line: number; source: string }[] = [];
  for (const match of readme.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)) {
    examples.push({ line: readme.slice(0, match.index).split('\n').length, source: match[1]! });
  }
  return examples;
}

const examples = readmeExamples();
const schema = buildSchema(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8'));

describe('the GraphQL examples of README.md', () => {
  let demo: DemoApp;
  let values: Record<string, unknown>;

  beforeAll(async () => {
    demo = await startDemoApp();
    const latest = await demo.t.graphql<{ reports: { edges: { node: { id: string } }[] } }>('{ reports(first: 1) { edges { node { id } } } }');
    const openAlert = await demo.t.graphql<{ alerts: { edges: { node: { id: string } }[] } }>('{ alerts(filter: { states: [OPEN] }, first: 1) { edges { node { id } } } }');
    const misconfigured = await demo.t.graphql<{ senders: { edges: { node: { id: string; name: string } }[] } }>(
      '{ senders(filter: { domain: "example.com", classification: MISCONFIGURED }, first: 1) { edges { node { id name } } } }',
    );
    const day = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1));
    // The variables an example may declare, by name, from the demo data.
    values = {
      email: demo.admin.email,
      password: demo.admin.password,
      reportId: latest.data!.reports.edges[0]!.node.id,
      modelId: demo.demo.model.id,
      alertId: openAlert.data!.alerts.edges[0]!.node.id,
      senderId: misconfigured.data!.senders.edges[0]!.node.id,
      content: datedReport({ org: 'README', id: 'readme-1', domain: 'example.com', begin: day, records: [{ ip: '192.0.2.10', count: 3, dkim: 'pass', spf: 'fail' }] }).toString(),
      after: null,
      tlsReport: tlsReportJson({ reportId: 'readme-tls', begin: day, failures: { 'certificate-expired': 2 } }),
    };
  }, 120_000);
  afterAll(() => demo?.t.close());

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  // One test per block, in README order: a later example may use what an earlier one made.
  for (const example of examples) {
    const operation = parse(example.source).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    const name = operation.name?.value ?? example.source.replace(/\s+/g, ' ').slice(0, 60);
    it(`README.md:${example.line} ${name}`, async () => {
      expect(validate(schema, parse(example.source)).map((e) => e.message)).toEqual([]);
      // Subscriptions are checked against the schema here; their delivery has its own tests.
      if (operation.operation === OperationTypeNode.SUBSCRIPTION) return;
      const variables: Record<string, unknown> = {};
      for (const definition of operation.variableDefinitions ?? []) {
        const variable = definition.variable.name.value;
        expect(values, `README.md:${example.line} declares $${variable}, which the test has no value for`).toHaveProperty(variable);
        variables[variable] = values[variable];
      }
      const result = await demo.t.graphql(example.source, variables);
      expect(result.errors, `README.md:${example.line}`).toBeUndefined();
      expect(Object.keys(result.data ?? {}).length).toBeGreaterThan(0);
    });
  }
});
