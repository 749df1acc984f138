"""parsedmarc's verdict on each report file named on stdin (one path a line), for compare-parsedmarc.

Prints one JSON line per file: {"file", "verdict": "accepted" | "refused", "kind", "records", "error"}.
"kind" is parsedmarc's report_type ("aggregate", "failure", "smtp_tls"); "records" counts an
aggregate report's records, a TLS report's policies, and 1 for a failure report. Offline: no DNS,
no downloads.
"""

import json
import logging
import sys

import parsedmarc

logging.disable(logging.CRITICAL)


def entries(kind: str, report: dict) -> int:
    if kind == "aggregate":
        return len(report["records"])
    if kind == "smtp_tls":
        return len(report["policies"])
    return 1


def verdict(path: str) -> dict:
    try:
        parsed = parsedmarc.parse_report_file(path, offline=True)
    except Exception as error:  # parsedmarc raises its own and third-party errors alike
        return {"file": path, "verdict": "refused", "kind": None, "records": 0, "error": f"{type(error).__name__}: {error}".strip()}
    kind = parsed.get("report_type")
    return {"file": path, "verdict": "accepted", "kind": kind, "records": entries(kind, parsed["report"]), "error": None}


def main() -> None:
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            print(json.dumps(verdict(path)), flush=True)


if __name__ == "__main__":
    main()
