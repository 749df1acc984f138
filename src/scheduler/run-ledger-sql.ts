/** The SQL of the run ledger (run-ledger.ts): the job_runs table. */

/** Every column of a run as toView reads it. */
const RUN_COLUMNS = `"id", "job_name", "slot", "outcome", "worker", "started_at", "heartbeat_at", "finished_at", "duration_ms", "progress", "progress_message", "error"`;

/** $1 job, $2 the heartbeat age (ms) after which a RUNNING run's worker is taken for dead: those runs ABANDONED; returns their slots. */
export const abandonStaleRunsSql = `
UPDATE "job_runs" SET "outcome" = 'ABANDONED', "finished_at" = now(),
  "error" = 'the worker running it stopped (' || "worker" || ', no heartbeat for ' || $2::text || ' ms)'
WHERE "job_name" = $1 AND "slot" IS NOT NULL AND "outcome" = 'RUNNING'
  AND "heartbeat_at" < now() - make_interval(secs => $2::double precision / 1000)
RETURNING "slot"`;

/** $1 job, $2 slot, $3 worker: a RUNNING row, or nothing when the slot is RUNNING or SUCCEEDED already (job_runs_one_per_slot). Returns the id. */
export const claimSlotSql = `
INSERT INTO "job_runs" ("job_name", "slot", "outcome", "worker") VALUES ($1, $2, 'RUNNING', $3)
ON CONFLICT ("job_name", "slot") WHERE "outcome" IN ('RUNNING', 'SUCCEEDED') DO NOTHING RETURNING "id"`;

/** $1 job, $2 slot: the run that holds it. */
export const slotHolderSql = `SELECT "outcome", "worker" FROM "job_runs" WHERE "job_name" = $1 AND "slot" = $2 AND "outcome" IN ('RUNNING', 'SUCCEEDED') LIMIT 1`;

/** $1 job, $2 slot, $3 worker: a run that found its slot done. Returns the id. */
export const recordSkippedSql = `
INSERT INTO "job_runs" ("job_name", "slot", "outcome", "worker", "finished_at", "duration_ms", "error")
VALUES ($1, $2, 'SKIPPED', $3, now(), 0, 'slot already done') RETURNING "id"`;

/** $1 run id, $2 progress (or null), $3 progress message (or null). */
export const heartbeatSql = `
UPDATE "job_runs" SET "heartbeat_at" = now(), "progress" = coalesce($2, "progress"), "progress_message" = coalesce($3, "progress_message")
WHERE "id" = $1 AND "outcome" = 'RUNNING'`;

/** $1 run id, $2 outcome, $3 error, $4 result (JSON). */
export const finishRunSql = `
UPDATE "job_runs" SET "outcome" = $2, "finished_at" = now(), "duration_ms" = round(extract(epoch from now() - "started_at") * 1000),
  "error" = $3, "result" = $4::jsonb, "progress" = CASE WHEN $2 = 'SUCCEEDED' THEN 1 ELSE "progress" END
WHERE "id" = $1`;

/** $1 before: the runs that finished earlier. */
export const purgeFinishedRunsSql = `DELETE FROM "job_runs" WHERE "outcome" <> 'RUNNING' AND "finished_at" < $1`;

/** $1 job names, $2 runs per job: the newest runs of each. */
export const recentRunsSql = `
SELECT r.* FROM unnest($1::text[]) AS j(name)
CROSS JOIN LATERAL (SELECT ${RUN_COLUMNS} FROM "job_runs" WHERE "job_name" = j.name ORDER BY "started_at" DESC, "id" LIMIT $2) r`;

/** $1 job names: the latest FAILED or ABANDONED run of each. */
export const lastFailuresSql = `
SELECT DISTINCT ON ("job_name") ${RUN_COLUMNS} FROM "job_runs"
WHERE "job_name" = ANY($1::text[]) AND "outcome" IN ('FAILED', 'ABANDONED') ORDER BY "job_name", "started_at" DESC`;

/** $1 job names, $2 the heartbeat age (ms) of a live run: the runs in progress. */
export const runningSql = `
SELECT DISTINCT ON ("job_name") ${RUN_COLUMNS} FROM "job_runs"
WHERE "job_name" = ANY($1::text[]) AND "outcome" = 'RUNNING' AND "heartbeat_at" >= now() - make_interval(secs => $2::double precision / 1000)
ORDER BY "job_name", "started_at" DESC`;

/** $1 job names: when each one's latest run started and its latest finished run ended (SKIPPED runs did no work and are left out). */
export const lastTimesSql = `
SELECT "job_name", max("started_at") AS "started_at", max("finished_at") FILTER (WHERE "outcome" IN ('SUCCEEDED', 'FAILED', 'ABANDONED')) AS "finished_at"
FROM "job_runs" WHERE "job_name" = ANY($1::text[]) AND "outcome" <> 'SKIPPED' GROUP BY "job_name"`;

/** $1 job names: the end of each one's latest SUCCEEDED run. */
export const lastSuccessesSql = `
SELECT "job_name", max("finished_at") AS "finished_at" FROM "job_runs"
WHERE "job_name" = ANY($1::text[]) AND "outcome" = 'SUCCEEDED' GROUP BY "job_name"`;
