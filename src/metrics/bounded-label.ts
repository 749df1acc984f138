/**
 * A label value chosen by clients (a GraphQL operation name), kept to a bounded set: Prometheus
 * keeps one series per distinct value, so a client sending a new name with every request would
 * grow the server's memory and Prometheus' without end. The first `max` well-formed names seen
 * keep their own series; any later one, and anything that is not a GraphQL name, shares OTHER.
 */
export class BoundedLabel {
  static readonly OTHER = '(other)';
  static readonly ANONYMOUS = '(anonymous)';
  readonly #known = new Set<string>();

  constructor(private readonly max: number) {}

  of(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return BoundedLabel.ANONYMOUS;
    if (this.#known.has(name)) return name;
    if (this.#known.size >= this.max || !GRAPHQL_NAME.test(name)) return BoundedLabel.OTHER;
    this.#known.add(name);
    return name;
  }
}

/** A GraphQL Name (spec §2.1.9), at most 64 characters. */
const GRAPHQL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
