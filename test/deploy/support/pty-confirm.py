"""Runs a command on a pseudo-terminal (as an operator at a terminal would) and answers its first `[y/N]`
question with `y`, but only once the test allows it: on the question it creates PROMPTED, then waits (at
most 60 s) for GO to exist. Prints everything the command wrote and exits with its exit code.

    python3 pty-confirm.py PROMPTED GO COMMAND ARG...
"""
import os
import pty
import sys
import time

prompted, go, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
output = b""
answered = False
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    output += chunk
    if not answered and b"[y/N]" in output:
        open(prompted, "w").close()
        deadline = time.time() + 60
        while not os.path.exists(go) and time.time() < deadline:
            time.sleep(0.05)
        os.write(fd, b"y\n")
        answered = True
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(output)
sys.exit(os.waitstatus_to_exitcode(status))
