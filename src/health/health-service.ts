import { withTimeout } from '../async/with-timeout.js';

export type DependencyState = 'UP' | 'DOWN' | 'NOT_CONFIGURED';

export interface DependencyStatus {
  readonly name: string;
  readonly status: DependencyState;
  /** A required dependency that is DOWN makes the instance unready (HTTP 503). */
  readonly required: boolean;
  readonly latencyMs: number | null;
  readonly message: string | null;
  readonly details: Record<string, unknown> | null;
}

export interface DependencyProbe {
  readonly name: string;
  readonly required: boolean;
  /** Undefined when the dependency is not configured. Throws when it is down. */
  readonly check: (() => Promise<Record<string, unknown> | void>) | undefined;
}

export interface Readiness {
  readonly ready: boolean;
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly dependencies: DependencyStatus[];
}

/**
 * Probes every dependency in parallel, each bounded by the same timeout. `/health/ready` is
 * anonymous and not rate-limited (orchestrators must always reach it), so an answer is reused for
 * `cacheMs` and callers arriving while a probe runs share it: a flood of readiness checks costs at
 * most one round of probes per `cacheMs`, not one per request against PostgreSQL and MongoDB.
 */
export class HealthService {
  private running: Promise<Readiness> | undefined;
  private last: { readonly at: number; readonly readiness: Readiness } | undefined;

  constructor(
    private readonly probes: readonly DependencyProbe[],
    private readonly timeoutMs: number,
    private readonly cacheMs = 1_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  readiness(): Promise<Readiness> {
    if (this.last && this.now() - this.last.at < this.cacheMs) return Promise.resolve(this.last.readiness);
    this.running ??= this.probeAll()
      .then((readiness) => {
        this.last = { at: this.now(), readiness };
        return readiness;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async probeAll(): Promise<Readiness> {
    const dependencies = await Promise.all(this.probes.map((probe) => this.probe(probe)));
    const requiredDown = dependencies.some((d) => d.required && d.status === 'DOWN');
    const anyDown = dependencies.some((d) => d.status === 'DOWN');
    return {
      ready: !requiredDown,
      status: requiredDown ? 'unavailable' : anyDown ? 'degraded' : 'ok',
      dependencies,
    };
  }

  private async probe(probe: DependencyProbe): Promise<DependencyStatus> {
    const base = { name: probe.name, required: probe.required };
    if (!probe.check) return { ...base, status: 'NOT_CONFIGURED', latencyMs: null, message: null, details: null };
    const started = performance.now();
    try {
      const details = await withTimeout(probe.check(), this.timeoutMs, 'no answer');
      return { ...base, status: 'UP', latencyMs: elapsed(started), message: null, details: details ?? null };
    } catch (error) {
      return { ...base, status: 'DOWN', latencyMs: elapsed(started), message: (error as Error).message, details: null };
    }
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
