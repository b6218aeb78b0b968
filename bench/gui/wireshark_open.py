#!/usr/bin/env python3
"""Times the Qt Wireshark GUI opening a capture, for bench/gui/run-window.sh.

    wireshark_open.py FILE [--timeout SECONDS]

Starts `wireshark -r FILE` offscreen (QT_QPA_PLATFORM=offscreen, a throw-away HOME so the
user's profile and recent files are untouched) with bench/gui/wireshark_loaded.lua, which
prints a line when the first pass (Wireshark dissects every frame on open) reaches the last
frame. Prints, in milliseconds from the start of the process:
  dissected: the Lua line came (every frame dissected once);
  settled:   the process's CPU time stopped growing after that (the packet list built, the
             window idle): the last 100 ms poll where it grew by more than one clock tick;
and its CPU seconds (user+sys) at settled and its peak RSS (VmHWM) in MB. Then it ends
the process it started. Standard library only.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
POLL_S = 0.1
IDLE_POLLS = 10  # settled: one second without CPU growth
TICK = os.sysconf("SC_CLK_TCK")


def frame_count(path):
    out = subprocess.run(["capinfos", "-M", "-T", "-c", "-r", path], check=True,
                         capture_output=True, text=True).stdout
    return int(out.split("\t")[-1])


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return -1


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--timeout"):
        print("usage: wireshark_open.py FILE [--timeout SECONDS]", file=sys.stderr)
        return 2
    path, timeout = argv[1], float(argv[3]) if len(argv) == 4 else 600.0
    if not shutil.which("wireshark"):
        print("wireshark_open: the Qt Wireshark GUI is missing "
              "(scripts/install-deps.sh --bench installs wireshark-qt)", file=sys.stderr)
        return 1
    frames = frame_count(path)
    home = tempfile.mkdtemp(prefix="pxescope-wireshark-")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_RUNTIME_DIR=home, PXESCOPE_FRAMES=str(frames))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    lua = os.path.join(HERE, "wireshark_loaded.lua")
    start = time.monotonic()
    proc = subprocess.Popen(["wireshark", "-X", f"lua_script:{lua}", "-r", path], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    dissected = threading.Event()
    dissected_at = [None]

    def read_marker():
        for line in proc.stdout:
            if line.startswith("PXESCOPE_FIRST_PASS_DONE") and dissected_at[0] is None:
                dissected_at[0] = time.monotonic()
                dissected.set()

    threading.Thread(target=read_marker, daemon=True).start()
    try:
        if not dissected.wait(timeout) or proc.poll() is not None:
            print(f"wireshark_open: no first-pass line from Wireshark within {timeout:.0f} s "
                  f"(exit status {proc.poll()}) for {path}", file=sys.stderr)
            return 1
        last_cpu, settled, idle = cpu_ticks(proc.pid), time.monotonic(), 0
        while idle < IDLE_POLLS and time.monotonic() - start < timeout:
            time.sleep(POLL_S)
            cpu = cpu_ticks(proc.pid)
            if cpu - last_cpu > 1:
                settled, idle = time.monotonic(), 0
            else:
                idle += 1
            last_cpu = cpu
        print(f"frames:     {frames}")
        print(f"dissected:  {(dissected_at[0] - start) * 1000:.0f} ms")
        print(f"settled:    {(settled - start) * 1000:.0f} ms")
        print(f"cpu:        {last_cpu / TICK:.1f} s")
        print(f"rss peak:   {peak_rss_mb(proc.pid)} MB")
        return 0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
