/** The SQL of webhook deliveries that the entity layer has no words for (delivery-store.ts, webhook-service.ts). */

/**
 * $1 now, $2 the lease's end, $3 the most to take: due deliveries of enabled webhooks, their attempt
 * counted and their due time moved to the end of the lease (SKIP LOCKED: concurrent senders take
 * different ones).
 */
export const claimDueDeliveriesSql = `
update "webhook_deliveries" d
   set "attempts" = d."attempts" + 1, "last_attempt_at" = $1, "next_attempt_at" = $2
  from "webhooks" w
 where w."id" = d."webhook_id"
   and d."id" in (select d2."id" from "webhook_deliveries" d2 join "webhooks" w2 on w2."id" = d2."webhook_id"
                   where d2."status" = 'PENDING' and d2."next_attempt_at" <= $1 and w2."enabled"
                   order by d2."next_attempt_at" limit $3
                   for update of d2 skip locked)
returning d."id", d."event_type", d."body", d."attempts", d."max_attempts", w."url", w."secret"`;

/** $1 webhook ids: the deliveries of each still PENDING. */
export const pendingDeliveryCountsSql = `select "webhook_id", count(*) as "pending" from "webhook_deliveries" where "status" = 'PENDING' and "webhook_id" = any($1::uuid[]) group by "webhook_id"`;
