"""Times parsedmarc's report parsing on the files named on stdin (one path a line).

Prints one JSON line: {"reports": n, "records": r, "seconds": s, "cpu_seconds": c, "peak_rss_kb": k}:
reports of any kind (aggregate, failure, SMTP TLS) and the aggregate reports' records. Offline, so
no DNS or GeoIP lookups are timed: only what parsedmarc does to read and normalize a report.
"""

import json
import resource
import sys
import time

import parsedmarc


def main() -> None:
    paths = [line.strip() for line in sys.stdin if line.strip()]
    # First call loads parsedmarc's lazy resources (public suffix list, maps): keep it out of the timing.
    if paths:
        parsedmarc.parse_report_file(paths[0], offline=True)
    reports = 0
    records = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    for path in paths:
        parsed = parsedmarc.parse_report_file(path, offline=True)
        reports += 1
        if parsed["report_type"] == "aggregate":
            records += len(parsed["report"]["records"])
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"reports": reports, "records": records, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_kb": peak}))


if __name__ == "__main__":
    main()
