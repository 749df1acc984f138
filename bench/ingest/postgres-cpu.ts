import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU seconds used so far by a PostgreSQL server: the postmaster and its live children
 * (backends, WAL writer, checkpointer), read from /proc. Linux only; undefined elsewhere.
 */
export function postgresCpuSeconds(dataDirectory: string): number | undefined {
  try {
    const postmaster = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [postmaster, ...children].reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  } catch {
    return undefined;
  }
}

function processCpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0; // exited in the meantime
  }
}
