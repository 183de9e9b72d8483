"""Runs a command and writes its peak resident memory in bytes to a file.

Usage: peak_rss.py PEAK_FILE PROGRAM [ARG...]

The command is forked from this small interpreter and waited for with wait4, so the figure is
ru_maxrss of that one process. Spawned straight from a large test process instead, the child
would inherit the test process's high-water mark at exec (Linux carries the old address space's
peak into the new one), and every measurement would read as big as the test runner.
Exits with the command's status (128 + the signal when it was killed).
"""
import os
import sys

peak_file, program = sys.argv[1], sys.argv[2]
pid = os.fork()
if pid == 0:
    try:
        os.execv(program, sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(peak_file, "w") as f:
    f.write(str(usage.ru_maxrss * 1024))
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
