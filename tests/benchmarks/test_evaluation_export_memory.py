"""The evaluation's XLSX export at a département's scale: wall time and peak resident
memory of a process that only loads the frames and writes the workbook (issue 9 targets:
under 60 s and under 1 GB, streamed writing).

Two child processes: the first builds the frames from the seeded demo generator and
pickles them (generating half a million answer objects costs more memory than the export
itself and ``ru_maxrss`` never goes down); the second loads them, notes its resident peak,
writes the workbook to a file (``build_evaluation_xlsx_to``, as it is produced), and
reports the time (wall and CPU: the machine may be shared) and the peak again. Reported,
never asserted beyond sanity.

    CERCLE_BENCH_LARGE=1 .venv/bin/pytest tests/benchmarks/test_evaluation_export_memory.py -s -p no:cacheprovider
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LARGE = os.environ.get("CERCLE_BENCH_LARGE") == "1"
SITUATIONS = 100_000 if LARGE else 600
ANSWERS_RANGE = (8, 13) if LARGE else (3, 9)  # about 5 answers per situation overall when large
ROOT = Path(__file__).resolve().parents[2]

BUILD = """
import pickle, sys
from conference.evaluation.demo_data import demo_rows
from conference.evaluation.frames import to_frames
rows = demo_rows(seed=7, situations=int(sys.argv[2]), answers_range=(int(sys.argv[3]), int(sys.argv[4])))
with open(sys.argv[1], "wb") as out:
    pickle.dump((to_frames(rows), len(rows.answers)), out, protocol=pickle.HIGHEST_PROTOCOL)
"""

EXPORT = """
import json, os, pickle, resource, sys, time
from exports.evaluation_workbook import build_evaluation_xlsx_to
with open(sys.argv[1], "rb") as source:
    frames, answers = pickle.load(source)
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started, cpu = time.perf_counter(), time.process_time()
build_evaluation_xlsx_to(sys.argv[2], frames, key=b"bench")
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[2], "rb") as written:
    start = written.read(2).decode()
print(json.dumps({"situations": len(frames.referrals), "answers": answers, "seconds": round(seconds, 1),
                  "cpu_seconds": round(cpu, 1), "loaded_mb": round(loaded / 1024), "peak_mb": round(peak / 1024),
                  "file_mb": round(os.path.getsize(sys.argv[2]) / 2**20, 1), "zip": start}))
"""


def test_xlsx_export_time_and_peak_resident_memory(tmp_path):
    frames = tmp_path / "frames.pickle"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", BUILD, str(frames), str(SITUATIONS), *map(str, ANSWERS_RANGE)],
                   check=True, cwd=ROOT, env=env, timeout=3600)
    done = subprocess.run([sys.executable, "-c", EXPORT, str(frames), str(tmp_path / "evaluation.xlsx")], check=True,
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n[evaluation] XLSX of {figures['situations']} situations and {figures['answers']} answers: "
          f"{figures['seconds']} s ({figures['cpu_seconds']} s of CPU), resident peak {figures['peak_mb']} MB "
          f"(frames alone {figures['loaded_mb']} MB), file {figures['file_mb']} MB")
    assert figures["zip"] == "PK" and figures["situations"] == SITUATIONS
    assert figures["peak_mb"] >= figures["loaded_mb"] > 0
