/**
 * Where a transport lets the subscription hub write a subscription's results directly: the hub
 * serializes each result once per group of identical subscriptions and hands the same JSON text to
 * every sink, instead of every subscriber serializing it again. GraphQL over WebSocket gives one per
 * operation (see src/http/graphql-route.ts); without one, results are yielded as objects.
 */
export interface SubscriptionSink {
  /** Sends one result, already JSON (a graphql-ws `next` payload). False when it was not written (a slow consumer closed instead). */
  send(resultJson: string): boolean;
  /** False once the connection ended (closed, or its credential revoked): nothing more is sent. */
  isOpen(): boolean;
}
