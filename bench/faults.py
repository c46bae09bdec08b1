"""Email through faults: the mail server goes down, a worker is killed, the database is
restarted, all while a large sending is under way; nothing may be lost and nothing sent
twice except the message a killed worker was sending at that instant.

    .venv/bin/python bench/faults.py [--messages 6000] [--workers 2]

Starts its own PostgreSQL (initdb in a temporary folder, loopback only) and an SMTP
server (aiosmtpd) in this process that counts what arrives by Message-ID, queues the
messages, and runs the workers (`manage.py worker`) as systemd would: one that exits is
started again. When a third of the messages have arrived the SMTP server stops for five
seconds; at a half, one worker is killed with SIGKILL; at two thirds, PostgreSQL is
restarted. Prints what arrived, what was lost and what came twice, and how each message
ended in the database.
"""

import argparse
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("with_postgres", PROJECT / "scripts/with_postgres.py")
with_postgres = importlib.util.module_from_spec(spec)
spec.loader.exec_module(with_postgres)

QUEUE = """
from django.db import transaction
from natverk.core.outbox import email_queue
with transaction.atomic():
    for n in range({count}):
        email_queue(to=f"person{{n}}@example.se", kind="access.password_reset",
                    template="access/email/password_reset",
                    context={{"link": f"https://example.se/{{n}}"}})
"""
STATE = """
from collections import Counter
from natverk.core.models import OutgoingMessage
print(dict(Counter(OutgoingMessage.objects.values_list("status", flat=True))))
"""


class Counted:
    def __init__(self):
        self.ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.ids.append(str(message["Message-ID"]))
        return "250 OK"


class Postgres:
    def __init__(self, folder: Path):
        self.bindir = with_postgres.postgres_bindir()
        self.folder = folder
        self.port = with_postgres.free_port()
        self.run_as: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # The server runs as postgres, which must reach its folder.
            folder.parent.chmod(0o755)
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]

    def pg(self, *args: str) -> None:
        subprocess.run([*self.run_as, *args], check=True, stdout=subprocess.DEVNULL)

    def ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        data, log = str(self.folder / "data"), str(self.folder / "server.log")
        self.pg(str(self.bindir / "pg_ctl"), "-D", data, "-l", log, "-o", options,
                "-m", "fast", "-w", action)  # fmt: skip

    def start(self) -> str:
        self.pg(str(self.bindir / "initdb"), "-D", str(self.folder / "data"), "-U", "natverk",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.ctl("start")
        self.pg(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                "-U", "natverk", "natverk")  # fmt: skip
        return f"postgres://natverk@127.0.0.1:{self.port}/natverk"


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="natverk-faults-"))
    database = Postgres(folder / "pg")
    url = database.start()
    smtp_port = with_postgres.free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NATVERK_"))},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "CACHE_URL": f"filecache://{folder}/cache",
        "NATVERK_PRIVATE_FILES": str(folder / "files"),
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp_port),
        "DJANGO_EMAIL_TIMEOUT": "5",
        "NATVERK_MAIL_RETRY_SECONDS": "1",
        "NATVERK_MAIL_LEASE_SECONDS": "5",
        "NATVERK_WORKER_HEARTBEAT_SECONDS": "2",
        "NATVERK_TASK_WORKERS": str(args.workers),
        "NATVERK_ACCESS_LOG": "false",
        "PYTHONPATH": str(PROJECT),
    }
    counted = Counted()
    smtp = Controller(counted, hostname="127.0.0.1", port=smtp_port)
    workers: list[subprocess.Popen] = []
    restarts = 0
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], cwd=PROJECT,
                       env=env, check=True, capture_output=True)  # fmt: skip
        smtp.start()
        subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c",
                        QUEUE.format(count=args.messages)], cwd=PROJECT, env=env,
                       check=True, capture_output=True)  # fmt: skip
        log = (folder / "workers.log").open("w")

        def worker() -> subprocess.Popen:
            return subprocess.Popen([sys.executable, "manage.py", "worker", "--interval", "0.2"],
                                    cwd=PROJECT, env=env, stdout=log, stderr=log)  # fmt: skip

        workers = [worker() for _ in range(args.workers)]
        began = time.monotonic()
        faults = [
            (args.messages // 3, "mail server down for 5 s"),
            (args.messages // 2, "a worker killed (SIGKILL)"),
            (args.messages * 2 // 3, "PostgreSQL restarted"),
        ]
        deadline = began + 900
        while len(set(counted.ids)) < args.messages:
            if time.monotonic() > deadline:
                print("gave up after 15 minutes")
                break
            for number, process in enumerate(workers):
                if process.poll() is not None:  # as systemd's Restart=always does
                    workers[number] = worker()
                    restarts += 1
            if faults and len(counted.ids) >= faults[0][0]:
                _at, what = faults.pop(0)
                print(f"{time.monotonic() - began:6.1f} s, {len(counted.ids)} arrived: {what}",
                      flush=True)  # fmt: skip
                if what.startswith("mail"):
                    smtp.stop()
                    time.sleep(5)
                    smtp = Controller(counted, hostname="127.0.0.1", port=smtp_port)
                    smtp.start()
                elif what.startswith("a worker"):
                    workers[0].send_signal(signal.SIGKILL)
                else:
                    database.ctl("restart")
            time.sleep(0.05)
        elapsed = time.monotonic() - began
        state = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", STATE],
                               cwd=PROJECT, env=env, capture_output=True, text=True)  # fmt: skip
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        if smtp._thread is not None:
            smtp.stop()
        database.ctl("stop")
        shutil.rmtree(folder, ignore_errors=True)
    by_id = Counter(counted.ids)
    print(f"{args.messages} queued, {len(by_id)} arrived in {elapsed:.1f} s: "
          f"{args.messages - len(by_id)} lost, {sum(n - 1 for n in by_id.values())} twice; "
          f"workers started again after exiting: {restarts}")  # fmt: skip
    print(f"in the database: {state.stdout.strip()} {state.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main()
