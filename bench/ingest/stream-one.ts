/**
 * Streams one report file through our parser in a process of its own and prints one JSON
 * Measurement, with the process's maximum RSS: what a report of that size costs in memory,
 * unmixed with what the benchmark did before. Usage: node dist/bench/ingest/stream-one.js <file>
 */
import { parseWithOurs } from './parse-with-ours.js';

const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: stream-one.js <file>');
const measured = await parseWithOurs([file]);
process.stdout.write(`${JSON.stringify({ ...measured, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
