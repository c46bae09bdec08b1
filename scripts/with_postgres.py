#!/usr/bin/env python3
"""Run a command against PostgreSQL.

If DATABASE_URL already names a PostgreSQL server, the command runs against it. Otherwise
a throw-away server is started: initdb in a temporary directory, a free port on
127.0.0.1, stopped and removed afterwards. PostgreSQL refuses to run as root, so when
this runs as root the server runs as the `postgres` user.

    python scripts/with_postgres.py pytest -x
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def postgres_bindir() -> Path:
    try:
        out = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(out) / "initdb").exists():
            return Path(out)
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    sys.exit("PostgreSQL is not installed (no initdb found). On Debian: apt-get install postgresql")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(command: list[str]) -> int:
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return subprocess.call(command)

    bindir = postgres_bindir()
    workdir = Path(tempfile.mkdtemp(prefix="natverk-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(workdir, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, log = workdir / "data", workdir / "server.log"
    port = free_port()

    def pg(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, stdout=subprocess.DEVNULL)

    try:
        pg(str(bindir / "initdb"), "-D", str(data), "-U", "natverk", "--auth=trust",
           "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        pg(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        # The database the URL names, for commands and benchmarks (tests make their own).
        pg(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "natverk",
           "natverk")  # fmt: skip
        print(f"PostgreSQL {bindir.parent.name} started on port {port}.", flush=True)
        env = dict(os.environ, DATABASE_URL=f"postgres://natverk@127.0.0.1:{port}/natverk")
        return subprocess.call(command, env=env)
    finally:
        if (data / "postmaster.pid").exists():
            pg(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
