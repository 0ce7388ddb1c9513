#!/usr/bin/env python3
"""Peer for `nadir bench scan`: the same header scan with pydicom.

Walks DIR recursively, reads every file with dcmread(stop_before_pixels=True), groups instances
by SeriesInstanceUID (the work `nadir scan` does before printing), and prints one JSON line:
{"files": N, "read": R, "errors": E, "series": S, "seconds": T, "cpu": C} where T is the wall time
of the walk + reads + grouping, measured with time.perf_counter(), and C the process CPU time of the
same span (time.process_time()); interpreter start-up and `import pydicom` are excluded from both.
"""
import json
import os
import sys
import time

import pydicom


def main():
    root = sys.argv[1]
    start = time.perf_counter()
    cpu_start = time.process_time()
    series = {}
    files = read = errors = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            files += 1
            try:
                ds = pydicom.dcmread(path, stop_before_pixels=True)
                uid = str(ds.SeriesInstanceUID)
                series.setdefault(uid, []).append(
                    (path, ds.get("InstanceNumber"), ds.get("ImagePositionPatient"), ds.get("SliceThickness")))
                read += 1
            except Exception:  # noqa: BLE001 - unreadable files are counted, as nadir does
                errors += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(json.dumps({"files": files, "read": read, "errors": errors, "series": len(series), "seconds": elapsed,
                      "cpu": cpu}))


if __name__ == "__main__":
    main()
