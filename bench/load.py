"""The site under load, as an operator would try it: many visitors at once on a mix of
public pages, searches and calendar feeds, a client that adds a random query string to
every request to defeat the cache, and an editor who commits a change every second.

    .venv/bin/python bench/load.py [--seconds 60] [--connections 64] [--workers 4]
    .venv/bin/python scripts/with_postgres.py .venv/bin/python bench/load.py --postgres --import

Builds the national data set (reference data, the seed, `generate_demo --scale sweden`)
in SQLite (or, with --postgres, in the database DATABASE_URL names), serves it with
gunicorn and production settings (`bench/settings.py`, a file cache shared by the
workers), and drives it with wrk from Debian (`apt-get install wrk`) over loopback only:

1. the mix alone, with `--connections` connections for `--seconds` seconds;
2. the same with the cache-busting client (4 more connections from one address: random
   parameters on the networks page and network pages, searches for random words) and
   the editor;
3. with --import, the same again with page imports running one after another.

For each it prints requests per second, the median and 99th percentile latency, and the
errors: wrk's socket errors and non-2xx/3xx answers, and the 5xx the server logged. At
the end the edited page must show the editor's last change.
"""

import argparse
import atexit
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
SEARCHES = ["fonderna", "eu", "landsbygd", "skåne", "region", "malmö", "nätverk", "demo"]


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lua_paths(paths: list[str]) -> str:
    quoted = ",\n".join(json.dumps(p, ensure_ascii=False) for p in paths)
    return f"""
local paths = {{
{quoted}
}}
local counter = 0
request = function()
  counter = counter + 1
  -- Visitors from many addresses, as the proxy in front reports them.
  local visitor = "203.0.113." .. (counter % 200 + 1)
  local path = paths[(counter * 7919) % #paths + 1]
  return wrk.format("GET", path, {{["X-Forwarded-For"] = visitor}})
end
"""


BUSTER = """
local networks = {
__NETWORKS__
}
math.randomseed(os.time())
local letters = "abcdefghijklmnopqrstuvwxyzåäö"
local function word(n)
  local out = {}
  for i = 1, n do
    local k = math.random(1, 26)
    out[i] = letters:sub(k, k)
  end
  return table.concat(out)
end
local headers = {["X-Forwarded-For"] = "198.51.100.66"}
request = function()
  local choice = math.random(1, 3)
  if choice == 1 then
    return wrk.format("GET", "/natverk/?utm_source=" .. word(12) .. "&fbclid=" .. word(16), headers)
  elseif choice == 2 then
    local network = "/natverk/" .. networks[math.random(1, #networks)]
    return wrk.format("GET", network .. "/?x=" .. word(10), headers)
  else
    return wrk.format("GET", "/natverk/?q=" .. word(7), headers)
  end
end
"""


def buster_lua(slugs: list[str]) -> str:
    """The cache-busting client, asking for the given networks' pages."""
    return BUSTER.replace(
        "__NETWORKS__", ",\n".join(json.dumps(s, ensure_ascii=False) for s in slugs)
    )


def wrk(port: int, script: Path, connections: int, seconds: int) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", "--latency", "--timeout", "30s", "-t", "2" if connections > 2 else "1",
         "-c", str(connections), "-d", f"{seconds}s", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def wrk_figures(output: str) -> dict:
    def find(pattern, default="0"):
        match = re.search(pattern, output)
        return match.group(1) if match else default

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(find(r"(\d+) requests in")),
        "rps": float(find(r"Requests/sec:\s+([\d.]+)")),
        "p50": find(r"50%\s+(\S+)", "?"),
        "p99": find(r"99%\s+(\S+)", "?"),
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "non_2xx_3xx": int(find(r"Non-2xx or 3xx responses: (\d+)")),
    }


class Editor(threading.Thread):
    """Commits a change to a network every second, as someone in the back office does."""

    def __init__(self, slugs: list[str]):
        super().__init__(daemon=True)
        self.slugs = slugs
        self.stop = threading.Event()
        self.saves = 0
        self.last: tuple[str, str] | None = None

    def run(self) -> None:
        from django.db import connection

        from natverk.registry.models import Network

        while not self.stop.wait(1.0):
            slug = random.choice(self.slugs)
            network = Network.objects.get(slug=slug)
            network.audience = f"Ändrad {self.saves} {time.time():.0f}"
            network.save()
            self.saves += 1
            self.last = (slug, network.audience)
        connection.close()


class Importer(threading.Thread):
    """Imports a networks page again and again, each time with one word changed."""

    def __init__(self, env: dict, folder: Path):
        super().__init__(daemon=True)
        self.env, self.folder = env, folder
        self.stop = threading.Event()
        self.runs = 0
        self.failures = 0

    def run(self) -> None:
        seed = (PROJECT / "natverk/importing/seed/natverk.txt").read_bytes()
        while not self.stop.is_set():
            page = self.folder / "page.txt"
            page.write_bytes(
                seed.replace(
                    b"ambitionsniv\xc3\xa5.", f"ambitionsnivå (omgång {self.runs}).".encode(), 1
                )
            )
            result = subprocess.run(
                [sys.executable, "manage.py", "import_page", str(page)],
                cwd=PROJECT, env=self.env, capture_output=True,
            )  # fmt: skip
            self.runs += 1
            self.failures += result.returncode != 0


def server_log_figures(log: Path, since: int) -> dict:
    statuses: Counter = Counter()
    cache: Counter = Counter()
    refused: Counter = Counter()
    with log.open() as lines:
        lines.seek(since)
        for line in lines:
            if not line.startswith("{"):
                continue
            entry = json.loads(line)
            if entry.get("logger") == "natverk.request":
                statuses[entry["status"] // 100 * 100] += 1
                if entry["status"] >= 400:
                    refused[f"{entry['status']} {entry['route']}"] += 1
                if entry.get("page_cache"):
                    cache[entry["page_cache"]] += 1
    return {"server_5xx": statuses[500], "page_cache": dict(cache), "refused": dict(refused)}


def scenario(name, port, folder, env, log, args, *, busting, importing, paths_script, slugs):
    print(f"\n== {name} ==", flush=True)
    since = log.stat().st_size
    editor = importer = buster = None
    if busting:
        (folder / "buster.lua").write_text(buster_lua(slugs))
        buster = wrk(port, folder / "buster.lua", 4, args.seconds)
        editor = Editor(slugs)
        editor.start()
    if importing:
        importer = Importer(env, folder)
        importer.start()
    main = wrk(port, paths_script, args.connections, args.seconds)
    output, _ = main.communicate(timeout=args.seconds + 120)
    figures = wrk_figures(output)
    if buster is not None:
        busted, _ = buster.communicate(timeout=120)
        figures["buster"] = wrk_figures(busted)
    if editor is not None:
        editor.stop.set()
        editor.join(30)
        figures["editor_saves"] = editor.saves
    if importer is not None:
        importer.stop.set()
        importer.join(300)
        figures["imports"] = importer.runs
        figures["import_failures"] = importer.failures
    time.sleep(1)
    figures.update(server_log_figures(log, since))
    print(json.dumps(figures, ensure_ascii=False, indent=1), flush=True)
    if editor is not None and editor.last:
        # Pages out of date are served as they were for a while: how long until the
        # editor's last change shows?
        slug, audience = editor.last
        waited = time.monotonic()
        figures["last_change_shown_after_s"] = None
        while time.monotonic() - waited < 60:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/natverk/{slug}/") as page:
                if audience in page.read().decode():
                    figures["last_change_shown_after_s"] = round(time.monotonic() - waited, 1)
                    break
            time.sleep(0.5)
        print(f"the last change showed after {figures['last_change_shown_after_s']} s")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL")
    parser.add_argument("--import", dest="importing", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    folder = Path(tempfile.mkdtemp())
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    database = os.environ["DATABASE_URL"] if args.postgres else f"sqlite:///{folder}/b.sqlite3"
    env = dict(
        os.environ,
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE="bench.settings",
        CACHE_URL=f"filecache://{folder}/cache?max_entries=20000",
        NATVERK_PRIVATE_FILES=str(folder / "files"),
        PYTHONPATH=str(PROJECT),
        NATVERK_TRUSTED_PROXIES="1",
    )
    print(f"building the national data set in {database.split(':')[0]} …", flush=True)
    for command in (
        ["migrate"], ["load_reference"], ["load_seed"], ["generate_demo", "--scale", "sweden"],
    ):  # fmt: skip
        manage(*command, env=env)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                                           "CACHE_URL", "NATVERK_PRIVATE_FILES")})  # fmt: skip
    import django

    django.setup()
    from natverk.registry.models import Network

    slugs = list(Network.objects.filter(is_public=True).values_list("slug", flat=True)[:200])
    from natverk.demo.generator import demo_organisations

    # Every 37th organisation of the demo, as the same seed makes them.
    organisations = list(demo_organisations().values_list("slug", flat=True))[::37]

    paths = ["/", "/natverk/", "/en/natverk/", "/organisationer/", "/en/organisationer/"] * 4
    paths += [f"/natverk/{slug}/" for slug in slugs[:60]]
    paths += [f"/organisationer/{slug}/" for slug in organisations]
    paths += [f"/natverk/?q={word}" for word in SEARCHES] * 2
    paths += ["/natverk/?roll=alla&funktion=working_group", "/en/natverk/?q=eu"]
    paths += [f"/kalender/natverk/{slug}.ics" for slug in slugs[:20]]
    paths += [f"/kalender/organisation/{slug}.ics" for slug in organisations[:10]]
    (folder / "mix.lua").write_text(lua_paths(paths))

    port = free_port()
    log = folder / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
             "--log-level", "warning", "--backlog", "256"],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        for path in paths:  # the steady state: each page seen once since the last change
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}{urllib.parse.quote(path, safe='/?=&')}", timeout=60
                ).read()
            except OSError as error:
                print(f"warm-up: {path}: {error}")
        results = {}
        common = {"paths_script": folder / "mix.lua", "slugs": slugs}
        results["mix"] = scenario("the mix alone", port, folder, env, log, args,
                                  busting=False, importing=False, **common)  # fmt: skip
        results["busting"] = scenario(
            "the mix with a cache-busting client and an editor", port, folder, env, log,
            args, busting=True, importing=False, **common,
        )  # fmt: skip
        if args.importing:
            results["importing"] = scenario(
                "… and page imports running", port, folder, env, log, args,
                busting=True, importing=True, **common,
            )  # fmt: skip
    finally:
        server.terminate()
        server.wait(60)
    print("\nsummary:", json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
