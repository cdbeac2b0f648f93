#!/usr/bin/env python3
"""Times COUNT synchronous 8 KiB writes to a file: write, then fdatasync or fsync, one at a
time, as a commit does. Prints the median, p90, p99 and the rate for each way of syncing.

usage: bench/fsync/fsync_loop.py [--dir DIR] [--count N] [--size BYTES] [--probe]

Two patterns, because the store uses both: 'overwrite' rewrites the same block of a
preallocated file (what pg_test_fsync measures; only data changes), 'append' grows the file
by one block per write (a SQLite WAL or PostgreSQL WAL segment being filled; the size
changes too, so fdatasync must also write the inode).

--probe: 100 writes of each pattern with fdatasync only, on one line: what a commit's flush
costs at this moment (bench/load/run.sh prints it before each run, since on this shared
machine it changes from minute to minute).
"""
import argparse
import os
import statistics
import tempfile
import time


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def run(path, count, size, sync, append):
    block = os.urandom(size)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if not append:
            os.write(fd, block)
            os.fsync(fd)
        times = []
        for _ in range(count):
            if not append:
                os.lseek(fd, 0, os.SEEK_SET)
            start = time.perf_counter_ns()
            os.write(fd, block)
            sync(fd)
            times.append((time.perf_counter_ns() - start) / 1000)
    finally:
        os.close(fd)
        os.unlink(path)
    times.sort()
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="/tmp", help="directory of the test file (default /tmp)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--size", type=int, default=8192)
    parser.add_argument("--probe", action="store_true", help="100 fdatasync writes, one line")
    args = parser.parse_args()
    if args.probe:
        medians = []
        for append in (False, True):
            fd, path = tempfile.mkstemp(dir=args.dir, prefix="fsync-loop-")
            os.close(fd)
            medians.append(statistics.median(run(path, 100, args.size, os.fdatasync, append)))
        print(f"write+fdatasync medians: overwrite {medians[0]:.0f} us, append {medians[1]:.0f} us")
        return
    fs = os.popen(f"df -T {args.dir} | awk 'NR==2 {{print $1, $2}}'").read().strip()
    print(f"{args.count} x {args.size}-byte writes in {args.dir} ({fs})")
    for append in (False, True):
        for name, sync in (("fdatasync", os.fdatasync), ("fsync", os.fsync)):
            fd, path = tempfile.mkstemp(dir=args.dir, prefix="fsync-loop-")
            os.close(fd)
            t = run(path, args.count, args.size, sync, append)
            pattern = "append" if append else "overwrite"
            print(f"{pattern:9} write+{name:9}  median {statistics.median(t):7.0f} us  "
                  f"p90 {percentile(t, 90):7.0f} us  p99 {percentile(t, 99):7.0f} us  "
                  f"{1e6 / statistics.mean(t):6.0f}/s")


if __name__ == "__main__":
    main()
