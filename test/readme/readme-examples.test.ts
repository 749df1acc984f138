import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSchema, NoDeprecatedCustomRule, OperationTypeNode, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { loadConfig, settingNames } from '../../src/config/config.js';
import { projectRoot } from '../../src/paths.js';
import { signatureHeader } from '../../src/webhooks/index.js';
import { webhookBody } from '../../src/webhooks/webhook-payload.js';
import { tlsReportJson } from '../fixtures/report-kinds.js';
import { cleanEnv } from '../support/cli.js';
import { datedReport } from '../support/dated-report.js';
import { startDemoApp, type DemoApp } from '../support/demo-app.js';
import { sampleAlert } from '../webhooks/sample-alert.js';
import { readmeBlocks, readmeShellCommands, type ShellCommand } from './readme-blocks.js';

const schema = buildSchema(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8'));
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const ciRun = readFileSync(join(projectRoot, '.ci', 'run'), 'utf8');

/** A day inside every example's window. */
const yesterday = () => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1));

let demo: DemoApp;
let work: string;
beforeAll(async () => {
  demo = await startDemoApp();
  work = mkdtempSync(join(tmpdir(), 'dmarc-readme-'));
}, 120_000);
afterAll(async () => {
  await demo?.t.close();
  rmSync(work, { recursive: true, force: true });
});

// Every ```graphql block of the README, in order, as the demo admin.
describe('the GraphQL examples of README.md', () => {
  const examples = readmeBlocks('graphql');
  let values: Record<string, unknown>;

  beforeAll(async () => {
    const latest = await demo.t.graphql<{ reports: { edges: { node: { id: string } }[] } }>('{ reports(first: 1) { edges { node { id } } } }');
    const openAlert = await demo.t.graphql<{ alerts: { edges: { node: { id: string } }[] } }>('{ alerts(filter: { states: [OPEN] }, first: 1) { edges { node { id } } } }');
    const misconfigured = await demo.t.graphql<{ senders: { edges: { node: { id: string; name: string } }[] } }>(
      '{ senders(filter: { domain: "example.com", classification: MISCONFIGURED }, first: 1) { edges { node { id name } } } }',
    );
    // The variables an example may declare, by name, from the demo data.
    values = {
      email: demo.admin.email,
      password: demo.admin.password,
      reportId: latest.data!.reports.edges[0]!.node.id,
      modelId: demo.demo.model.id,
      alertId: openAlert.data!.alerts.edges[0]!.node.id,
      senderId: misconfigured.data!.senders.edges[0]!.node.id,
      content: datedReport({ org: 'README', id: 'readme-1', domain: 'example.com', begin: yesterday(), records: [{ ip: '192.0.2.10', count: 3, dkim: 'pass', spf: 'fail' }] }).toString(),
      after: null,
      tlsReport: tlsReportJson({ reportId: 'readme-tls', begin: yesterday(), failures: { 'certificate-expired': 2 } }),
    };
  });

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  // One test per block, in README order: a later example may use what an earlier one made.
  for (const example of examples) {
    const operation = parse(example.source).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    const name = operation.name?.value ?? example.source.replace(/\s+/g, ' ').slice(0, 60);
    it(`README.md:${example.line} ${name}`, async () => {
      // Valid, and nothing deprecated: a newcomer copies what the README shows.
      expect(validate(schema, parse(example.source), [...specifiedRules, NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
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

/**
 * How each shell command of the README is checked. `run`: this file runs it as written (against
 * the demo server for `localhost:4000`). Otherwise `where` names what runs it, or why nothing here
 * can, and `check` confirms what can be confirmed.
 */
interface ShellRule {
  readonly match: RegExp;
  readonly run?: true;
  readonly where?: string;
  readonly check?: (command: string) => void;
}

const shellRules: readonly ShellRule[] = [
  { match: /^curl -s localhost:4000\//, run: true },
  { match: /^npx dmarc-analytics create-user --email you@example\.com --role admin$/, run: true },
  { match: /^npm init -y && npm install graphql-ws ws$|^TOKEN=… node client\.mjs$/, where: 'the Node client test below (npm install replaced by links to this project\'s copies: tests reach no registry)' },
  {
    match: /^npx dmarc-analytics demo$/,
    where: 'test/demo/demo.test.ts, through npx on a fresh data folder',
    check: () => expect(readFileSync(join(projectRoot, 'test/demo/demo.test.ts'), 'utf8')).toContain("runNpx(['demo']"),
  },
  { match: /^npm install && npm test$/, where: '.ci/run, on a fresh clone', check: () => expect(ciRun).toMatch(/^npm install .*&& npm test$/m) },
  {
    match: /^npm install && npm start$/,
    where: 'npm start builds and runs `serve`, which test/cli/embedded-server.test.ts starts on a fresh data folder',
    check: () => {
      expect(packageJson.scripts.start).toBe('node bin/dmarc-analytics.js serve');
      expect(packageJson.scripts.prestart).toBe('npm run build');
    },
  },
  {
    match: /^npm (test|run [a-z:-]+)( -- .*)?$/,
    where: 'a developer\'s command (.ci/run runs lint, typecheck, test and test:shared or compare:parsedmarc)',
    check: (command) => expect(packageJson.scripts).toHaveProperty(/^npm (?:run )?([a-z:-]+)/.exec(command)![1]!),
  },
  {
    match: /^[A-Z][A-Z0-9_]*=\S+$/,
    where: 'a setting: the configuration reads it and accepts the value',
    check: (command) => {
      const [name, value] = command.split(/=(.*)/) as [string, string];
      expect(settingNames).toContain(name);
      expect(() => loadConfig({ [name]: value })).not.toThrow();
    },
  },
  { match: /^docker compose /, where: 'nowhere here: no Docker engine runs where the tests and CI run' },
  { match: /^geoipupdate /, where: "nowhere here: it needs a MaxMind account and MaxMind's servers" },
];

const ruleFor = (command: ShellCommand) => shellRules.find((rule) => rule.match.test(command.command));

describe('the shell examples of README.md', () => {
  const commands = readmeShellCommands();
  // The same command written twice (create-user) runs once.
  const runnable = commands.filter((c, index) => ruleFor(c)?.run && commands.findIndex((other) => other.command === c.command) === index);
  let env: Record<string, string>;

  beforeAll(async () => {
    env = { KEY: demo.demo.viewerKey!, INGEST_KEY: await demo.t.apiKey(Role.INGEST) };
    // The file the upload example sends.
    const report = datedReport({ org: 'README shell', id: 'readme-sh-1', domain: 'example.com', begin: yesterday(), records: [{ ip: '192.0.2.20', count: 5, dkim: 'pass', spf: 'pass' }] });
    writeFileSync(join(work, 'report.xml.gz'), gzipSync(report));
  });

  it('are each run by a test, or say what runs them', () => {
    expect(commands.length).toBeGreaterThanOrEqual(15);
    for (const command of commands) {
      const rule = ruleFor(command);
      expect(rule, `README.md:${command.line}: no test runs or accounts for \`${command.command}\``).toBeDefined();
      rule!.check?.(command.command);
    }
    expect(runnable.map((c) => c.command.split(' ').slice(0, 3).join(' '))).toEqual([
      'npx dmarc-analytics create-user',
      'curl -s localhost:4000/health/ready',
      'curl -s localhost:4000/graphql',
      'curl -s localhost:4000/reports',
    ]);
  });

  for (const command of runnable) {
    it(`README.md:${command.line} ${command.command.slice(0, 70)}`, async () => {
      const isCurl = command.command.startsWith('curl');
      const result = await runShell(command.command.replaceAll('localhost:4000', new URL(demo.t.app.url).host), {
        cwd: isCurl ? work : projectRoot,
        env: isCurl ? env : { DATABASE_URL: demo.t.database.url, NODE_ENV: 'test', npm_config_cache: join(work, 'npm-cache') },
      });
      expect(result.code, result.stderr).toBe(0);
      if (!isCurl) {
        expect(result.stdout).toMatch(/^created user you@example\.com \(admin\)/m);
        expect(result.stdout).toMatch(/^generated password \(shown only now\): \S{16,}$/m);
        return;
      }
      const body = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(body).not.toHaveProperty('errors');
      expect(body).not.toHaveProperty('error');
      if (command.command.includes('/health/ready')) expect(['ok', 'degraded']).toContain(body.status);
      if (command.command.includes('/graphql')) expect(body).toMatchObject({ data: { serverInfo: { version: expect.any(String), ready: true } } });
      if (command.command.includes('/reports')) expect(body).toMatchObject({ reports: [{ status: 'ingested', reportId: 'readme-sh-1', records: 1 }] });
    }, 60_000);
  }
});

describe('the JavaScript and JSON examples of README.md', () => {
  const [client, verifier] = readmeBlocks('js');

  it('has the subscription client and the signature check', () => {
    expect(client!.source).toContain("from 'graphql-ws'");
    expect(verifier!.source).toContain('function verify(');
  });

  it(`README.md:${client?.line} the Node client, saved as client.mjs where \`npm init -y\` made the package, prints the alert it receives`, async () => {
    const folder = join(work, 'client');
    mkdirSync(folder);
    const init = spawnSync('npm', ['init', '-y'], { cwd: folder, env: cleanEnv({ npm_config_cache: join(work, 'npm-cache') }), encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    // `npm install graphql-ws ws`, without the registry: this project's copies.
    mkdirSync(join(folder, 'node_modules'));
    for (const name of ['graphql-ws', 'ws']) symlinkSync(join(projectRoot, 'node_modules', name), join(folder, 'node_modules', name));
    const source = client!.source.replace('ws://127.0.0.1:4000/graphql', `${demo.t.app.url.replace('http', 'ws')}/graphql`);

    // Saved as client.js it fails: npm init -y made a CommonJS package. Hence .mjs.
    writeFileSync(join(folder, 'client.js'), source);
    const asJs = spawnSync(process.execPath, ['client.js'], { cwd: folder, encoding: 'utf8', timeout: 20_000 });
    expect(asJs.status).not.toBe(0);
    expect(asJs.stderr).toContain('Cannot use import statement outside a module');

    writeFileSync(join(folder, 'client.mjs'), source);
    const login = await demo.t.graphql<{ login: { token: string } }>('mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }', {
      email: demo.admin.email,
      password: demo.admin.password,
    });
    const subscribers = demo.t.app.services.subscriptions.subscriberCount;
    const child = spawn(process.execPath, ['client.mjs'], { cwd: folder, env: cleanEnv({ TOKEN: login.data!.login.token }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await expect.poll(() => demo.t.app.services.subscriptions.subscriberCount, { timeout: 20_000 }).toBeGreaterThan(subscribers);
      // A sender never seen for example.com, then detection: a NEW_SENDING_IP alert is raised.
      const content = datedReport({ org: 'README client', id: 'readme-js-1', domain: 'example.com', begin: yesterday(), records: [{ ip: '192.0.2.77', count: 40, dkim: 'fail', spf: 'fail' }] });
      const ingested = await demo.t.graphql('mutation($content: String!) { ingestReport(content: $content, encoding: XML) { reports { status } } }', { content: content.toString() });
      expect(ingested.errors).toBeUndefined();
      const detected = await demo.t.graphql<{ detectAnomalies: { newCount: number } }>('mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
      expect(detected.errors).toBeUndefined();
      await expect.poll(() => output, { timeout: 20_000 }).toContain("sourceIp: '192.0.2.77'");
      expect(output).toContain("kind: 'NEW_SENDING_IP'");
    } finally {
      child.kill();
    }
  }, 90_000);

  it(`README.md:${verifier?.line} the receiver's signature check accepts what the server signs, and nothing else`, async () => {
    const file = join(work, 'verify.mjs');
    writeFileSync(file, `${verifier!.source}\nexport { verify };\n`);
    const { verify } = (await import(pathToFileURL(file).href)) as { verify: (secret: string, header: string, rawBody: string, toleranceSeconds?: number) => boolean };
    const secret = 'whsec-readme-0123456789';
    const body = webhookBody('d-1', 'alert.raised', sampleAlert(), new Date(), []);
    const now = Math.floor(Date.now() / 1000);
    expect(verify(secret, signatureHeader(secret, now, body), body)).toBe(true);
    expect(verify(secret, signatureHeader(secret, now, body), body.replace('203.0.113.7', '203.0.113.8'))).toBe(false);
    expect(verify('another-secret-entirely', signatureHeader(secret, now, body), body)).toBe(false);
    expect(verify(secret, signatureHeader(secret, now - 600, body), body)).toBe(false); // a replay
  });

  it('the webhook payload example names only keys a delivery has', () => {
    const [example] = readmeBlocks('json');
    const payload = JSON.parse(webhookBody('d-1', 'alert.raised', sampleAlert(), new Date(), [])) as Record<string, unknown>;
    const [top, alert] = example!.source.split('"alert":');
    const keys = (text: string) => [...text.matchAll(/"(\w+)":/g)].map((m) => m[1]!);
    expect(keys(top!).sort()).toEqual(Object.keys(payload).filter((key) => key !== 'alert').sort());
    for (const key of keys(alert!)) expect(payload.alert).toHaveProperty(key);
  });
});

function runShell(command: string, options: { cwd: string; env: Record<string, string> }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('sh', ['-c', command], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
