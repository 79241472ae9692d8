#!/usr/bin/env python3
"""Figures for scripts/bench (standard library only).

  bench_report.py latency FILE [--skip N]
      FILE holds one JSON object a line with "took_ms" (telusur search --batch, baseline_xapian
      search); the first N lines (the warm-up pass) are ignored. Prints one line of
      key=value pairs: n, p50, p95, p99 (ms, nearest rank), qps (queries / summed took_ms),
      hits (queries with total > 0), errors (objects with "error").

  bench_report.py table METRICS.tsv [--title TEXT] [--size SIZE] [--note TEXT]...
                   [--jobs N] [--jemalloc yes]
      METRICS.tsv lines: system<TAB>metric<TAB>run<TAB>value. Prints one aligned table of the
      medians over runs, telusur next to the baseline with the ratio telusur / baseline, which
      way is better, and issue 8's target for telusur (set for 100k; p99 <= 40 ms at 1m).
      Figures of the system "ceiling" (baseline_xapian index-runs: the baseline's documents
      through Xapian's fastest write path, N threads) go into a note under the table.
"""

import json
import math
import statistics
import sys


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency(path, skip):
    took, hits, errors = [], 0, 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i < skip or not line.strip():
                continue
            obj = json.loads(line)
            took.append(float(obj["took_ms"]))
            if "error" in obj:
                errors += 1
            elif obj.get("total", 0) > 0:
                hits += 1
    took.sort()
    total = sum(took)
    qps = 1000.0 * len(took) / total if total > 0 else float("nan")
    print(
        f"n={len(took)} p50={percentile(took, 50):.4f} p95={percentile(took, 95):.4f} "
        f"p99={percentile(took, 99):.4f} qps={qps:.2f} hits={hits} errors={errors}"
    )


# metric key -> (label, format, better, issue 8's target for telusur): better says which way.
ROWS = [
    ("index_s", "indexing wall time (s)", "{:.2f}", "lower", ""),
    ("index_aps", "indexing articles/s", "{:.0f}", "higher", ""),
    ("index_mbps", "indexing MB/s", "{:.2f}", "higher", ">= 8"),
    ("index_cpu_s", "indexing CPU time, user+sys (s)", "{:.2f}", "lower", ""),
    ("index_rss_mb", "indexing peak RSS (MB)", "{:.0f}", "lower", "<= 1024"),
    ("index_mb", "index size on disk (MB)", "{:.1f}", "lower", ""),
    ("index_x_text", "index size / input text", "{:.2f}", "lower", "<= 1.5"),
    ("update_s", "update in place: wall time (s)", "{:.2f}", "lower", ""),
    ("update_aps", "update in place: articles/s", "{:.0f}", "higher", ""),
    ("update_rss_mb", "update in place: peak RSS (MB)", "{:.0f}", "lower", ""),
    ("p50", "search p50 (ms)", "{:.2f}", "lower", "<= 1.5"),
    ("p95", "search p95 (ms)", "{:.2f}", "lower", ""),
    ("p99", "search p99 (ms)", "{:.2f}", "lower", "<= 8"),
    ("qps", "search queries/s", "{:.0f}", "higher", ""),
    ("search_rss_mb", "search peak RSS (MB)", "{:.0f}", "lower", ""),
    ("hits", "queries with hits", "{:.0f}", "", ""),
    ("errors", "queries with errors", "{:.0f}", "", ""),
]


def table(path, title, notes, size, jobs="", jemalloc=""):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            system, metric, _run, value = parts
            values.setdefault((system, metric), []).append(float(value))

    def median(system, metric):
        v = values.get((system, metric))
        return statistics.median(v) if v else None

    rows = [("", "telusur", "baseline", "ratio", "better", "target")]
    for key, label, fmt, better, target in ROWS:
        if key == "p99" and size == "1m":
            target = "<= 40"
        t, b = median("telusur", key), median("baseline", key)
        if t is None and b is None:
            continue
        ratio = ""
        if t is not None and b not in (None, 0) and not math.isnan(t) and not math.isnan(b):
            ratio = f"{t / b:.2f}"
        rows.append(
            (
                label,
                fmt.format(t) if t is not None else "-",
                fmt.format(b) if b is not None else "-",
                ratio,
                better,
                target,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    print(title)
    for r in rows:
        print(
            f"  {r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  "
            f"{r[3]:>{widths[3]}}  {r[4]:<{widths[4]}}  {r[5]}".rstrip()
        )
    extra = [
        ("telusur-nofacets", "telusur without --facets"),
        ("baseline-nosnippets", "baseline without snippets"),
    ]
    for i, (system, label) in enumerate(extra):
        if median(system, "p50") is None:
            continue
        nos = {k: median(system, k) for k in ("p50", "p95", "p99", "qps")}
        line = (
            f"{label}: p50 {nos['p50']:.2f} ms, p95 {nos['p95']:.2f} ms, "
            f"p99 {nos['p99']:.2f} ms, {nos['qps']:.0f} queries/s"
        )
        if system == "telusur-nofacets" and median("telusur", "p50") is not None:
            line += (
                f"; --facets adds p50 {median('telusur', 'p50') - nos['p50']:+.2f} ms, "
                f"p99 {median('telusur', 'p99') - nos['p99']:+.2f} ms"
            )
        notes.insert(1 + i, line)
    c = {
        k: median("ceiling", k)
        for k in ("index_mbps", "index_cpu_s", "analysis_cpu_s", "write_cpu_s", "compact_s")
    }
    if c["index_mbps"] is not None:
        line = (
            f"ceiling, plain Xapian's fastest write path (the baseline's documents, {jobs or '?'} "
            f"threads writing runs of 200 merged by compaction{', jemalloc' if jemalloc else ''}): "
            f"{c['index_mbps']:.2f} MB/s, CPU {c['index_cpu_s']:.2f} s (TermGenerator "
            f"{c['analysis_cpu_s']:.2f} s, add_document + commit {c['write_cpu_s']:.2f} s), "
            f"final merge {c['compact_s']:.2f} s wall"
        )
        t = median("telusur", "index_mbps")
        if t is not None and c["index_mbps"]:
            line += f"; telusur / ceiling {t / c['index_mbps']:.2f}"
        notes.insert(1, line)
    for n in notes:
        print(f"  {n}")


def main(argv):
    if len(argv) >= 2 and argv[0] == "latency":
        skip = 0
        if len(argv) == 4 and argv[2] == "--skip":
            skip = int(argv[3])
        latency(argv[1], skip)
        return 0
    if len(argv) >= 2 and argv[0] == "table":
        title, notes, size, jobs, jemalloc, i = "", [], "", "", "", 2
        while i + 1 < len(argv):
            if argv[i] == "--jobs":
                jobs = argv[i + 1]
            elif argv[i] == "--jemalloc":
                jemalloc = argv[i + 1]
            elif argv[i] == "--title":
                title = argv[i + 1]
            elif argv[i] == "--size":
                size = argv[i + 1]
            elif argv[i] == "--note":
                notes.append(argv[i + 1])
            i += 2
        table(argv[1], title, notes, size, jobs, jemalloc)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
