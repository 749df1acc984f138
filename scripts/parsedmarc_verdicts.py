"""parsedmarc's verdict on each report file named on stdin (one path a line), for compare-parsedmarc.

Prints one JSON line per file: {"file", "verdict": "accepted" | "refused", "records", "error"}.
"accepted" means parsedmarc read the file as an aggregate report. Offline: no DNS, no downloads.
"""

import json
import logging
import sys

import parsedmarc

logging.disable(logging.CRITICAL)


def verdict(path: str) -> dict:
    try:
        parsed = parsedmarc.parse_report_file(path, offline=True)
    except Exception as error:  # parsedmarc raises its own and third-party errors alike
        return {"file": path, "verdict": "refused", "records": 0, "error": f"{type(error).__name__}: {error}".strip()}
    if parsed.get("report_type") != "aggregate":
        return {"file": path, "verdict": "refused", "records": 0, "error": f"not an aggregate report ({parsed.get('report_type')})"}
    return {"file": path, "verdict": "accepted", "records": len(parsed["report"]["records"]), "error": None}


def main() -> None:
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            print(json.dumps(verdict(path)), flush=True)


if __name__ == "__main__":
    main()
