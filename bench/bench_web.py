"""Benchmark: the mixed staff pages, per request in-process and under gunicorn with locust, on PostgreSQL (#19).

    make bench-web
    scripts/with-postgres.sh sh -c '.venv/bin/python bench/bench_web.py --database-url "$DATABASE_URL"'
        [--graduates 20000] [--users 50] [--spawn-rate 10] [--run-time 60] [--wait "1 3"] [--repeat 7]
        [--skip-client] [--skip-locust] [--profile PAGE]

The web row of issue #19, as a benchmark (bounded in time), not a test. Against the database given (PostgreSQL
by design: `scripts/with-postgres.sh` makes a throwaway one; a second run on the same database reuses the demo):

1. migrate, and `seed_demo --graduates N` (20,000 by default) when the demo is not loaded;
2. redis-server on a free loopback port when it is installed, as production (REDIS_URL: the cache, the KPI
   cache, the attempt counters); DEBUG off;
3. **app time per request**: each mixed page (home, graduates list, journal, employment analytics, vacancies,
   survey campaigns) through django.test.Client, logged in as `cc` (whole university) and as `aigerim` (one
   department), median (range) of --repeat runs after an untimed one, with its queries and size, against the
   floor measured in the same run: the login page, anonymous. The mix's figure is the mean of the pages' medians;
4. **under load**: `scripts/serve.sh web` (gunicorn with deploy/gunicorn.conf.py, 2 sync workers) on a free port,
   then locust headless (bench/locustfile_web.py, from the bench virtualenv `.venv-bench`, requirements/bench.txt)
   for --run-time seconds: --users staff users (cc, rector, dean, aigerim, dana in turn) log in and walk the
   mixed pages, thinking --wait seconds between two, each also requesting the login page anonymously as often
   as any one page (the floor under the same load). Printed per page: requests, errors, req/s, p50/p95/p99 (ms);
   and the machine's load average before and after.

Everything started (redis, gunicorn, locust) is stopped at the end, also on failure; the logs go to a temporary
directory, removed afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchlib import PLAIN_STORAGES, REPO, measure_range, setup_django

sys.path.insert(0, str(REPO / "stack"))
from run_stack import Stack, StackFailure, free_port  # the stack test's process helpers

BENCH_PYTHON = Path(os.environ.get("BENCH_PYTHON", REPO / ".venv-bench/bin/python"))
LOCUSTFILE = REPO / "bench/locustfile_web.py"
CLIENT_USERS = ["cc", "aigerim"]
LOCUST_LOGINS = ["cc", "rector", "dean", "aigerim", "dana"]
FLOOR = "login page (floor)"
LOGIN_ALLOWANCE = 300  # seconds the users may take to log in before the measured --run-time (the outer bound)


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    return [
        ("home", reverse("home")),
        ("graduates", reverse("core:graduate_list")),
        ("journal", reverse("graduates:journal")),
        ("analytics", reverse("graduates:analytics")),
        ("vacancies", reverse("employers:vacancy_list")),
        ("surveys", reverse("surveys:campaign_list")),
    ]


def prepare(graduates: int) -> None:
    from django.core.management import call_command

    from mansap.core import demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s", flush=True)
    if demo.demo_institution() is not None:
        print("demo already loaded: reusing it")
        return
    started = time.perf_counter()
    call_command("seed_demo", graduates=graduates, verbosity=0)
    print(f"seed_demo --graduates {graduates}: {time.perf_counter() - started:.1f} s", flush=True)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# ---- 1. App time per request (in-process) -------------------------------------------------------------------------
def app_time(repeat: int, profile: str | None) -> None:
    from django.test import Client, override_settings
    from django.urls import reverse

    from mansap.core.models import User

    print(
        f"\n== app time per request (django.test.Client): median (range) wall ms of {repeat}, and the median CPU ms "
        f"of this process (what the machine's load does not add to); load {load()}"
    )
    header = (
        f"{'user':<8} {'page':<20} {'status':>6} {'median ms':>10} {'range ms':>12} {'CPU ms':>7} {'queries':>8} "
        f"{'KiB':>6} {'×floor':>7} {'CPU ×floor':>10}"
    )
    with override_settings(STORAGES=PLAIN_STORAGES, LANGUAGE_CODE="kk"):
        anonymous = Client()
        login = reverse("login")
        floor_cpu, (floor, low, high, queries, response) = with_cpu(repeat, lambda: anonymous.get(login))
        print(header)
        print("-" * len(header))
        print(
            f"{'-':<8} {FLOOR:<20} {response.status_code:>6} {floor:>10.1f} {f'{low:.1f}-{high:.1f}':>12} "
            f"{floor_cpu:>7.1f} {queries:>8} {len(response.content) / 1024:>6.0f} {'1.0':>7} {'1.0':>10}"
        )
        for username in CLIENT_USERS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            medians, cpus = [], []
            for name, url in pages():
                call = lambda url=url, client=client: client.get(url)  # noqa: E731
                cpu, (median, low, high, queries, response) = with_cpu(repeat, call)
                medians.append(median)
                cpus.append(cpu)
                print(
                    f"{username:<8} {name:<20} {response.status_code:>6} {median:>10.1f} {f'{low:.0f}-{high:.0f}':>12} "
                    f"{cpu:>7.1f} {queries:>8} {len(response.content) / 1024:>6.0f} {median / floor:>7.1f} "
                    f"{cpu / floor_cpu:>10.1f}"
                )
                if profile == name:
                    print_profile(call)
            mix, mix_cpu = statistics.mean(medians), statistics.mean(cpus)
            print(
                f"{username:<8} {'mix (mean)':<20} {'':>6} {mix:>10.1f} {'':>12} {mix_cpu:>7.1f} {'':>8} {'':>6} "
                f"{mix / floor:>7.1f} {mix_cpu / floor_cpu:>10.1f}"
            )


def with_cpu(repeat: int, call: Any) -> tuple[float, tuple[float, float, float, int, Any]]:
    """measure_range(repeat, call), and the median CPU milliseconds of this process per call (separate runs)."""
    wall = measure_range(repeat, call)
    cpu = []
    for _ in range(repeat):
        started = time.process_time()
        call()
        cpu.append((time.process_time() - started) * 1000)
    return statistics.median(cpu), wall


def print_profile(call: Any) -> None:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    print(out.getvalue())


# ---- 2. Under load: gunicorn and locust ---------------------------------------------------------------------------
def under_load(stack: Stack, args: argparse.Namespace) -> None:
    from mansap.core.demo import DEMO_PASSWORD

    if not BENCH_PYTHON.exists():
        sys.exit(f"{BENCH_PYTHON} is missing: run `make bench-web` (it installs requirements/bench.txt there)")
    root = stack.root
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MANSAP_VAR_DIR": str(root / "var"),
        "MEDIA_ROOT": str(root / "media"),
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_NAME": "mansap-bench-web",
        "LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "60",  # as deploy/mansap.env.example: a connection kept per worker
    }
    started = time.perf_counter()
    stack.run("setup", ["scripts/serve.sh", "setup"], **env)
    print(f"\n== serve.sh setup (compilemessages, migrate, collectstatic): {time.perf_counter() - started:.1f} s")
    stack.start("gunicorn", ["scripts/serve.sh", "web"], port=port, **env)
    prefix = root / "locust"
    locust_env = {
        "BENCH_WEB_LOGINS": ",".join(LOCUST_LOGINS),
        "BENCH_WEB_PASSWORD": DEMO_PASSWORD,
        "BENCH_WEB_PAGES": json.dumps(pages()),
        "BENCH_WEB_WAIT": args.wait,
        "BENCH_WEB_USERS": str(args.users),
        "BENCH_WEB_MEASURE": str(args.run_time),
        "BENCH_WEB_LOGIN_STATS": str(root / "logins.json"),
    }
    command = [
        str(BENCH_PYTHON), "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", base,
        "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", f"{args.run_time + LOGIN_ALLOWANCE}s",
        "--stop-timeout", "10",
        "--csv", str(prefix), "--only-summary", "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]  # fmt: skip
    before = load()
    print(
        f"== locust: {args.users} users ({', '.join(LOCUST_LOGINS)} in turn), spawn {args.spawn_rate}/s, "
        f"{args.run_time} s, think {args.wait} s; gunicorn {args.workers} workers at {base}; load {before}",
        flush=True,
    )
    logins = root / "logins.json"
    gunicorn_pid = stack.procs["gunicorn"].pid
    locust = stack.start("locust", command, **locust_env)

    def cpu_now() -> tuple[float, float, float]:
        """(wall, the gunicorn master's and workers' CPU seconds, the database server's)."""
        pg = cpu_seconds(postgres_pids(args.database_url))
        return time.monotonic(), cpu_seconds(descendants(gunicorn_pid)), pg

    deadline = time.monotonic() + args.run_time + LOGIN_ALLOWANCE + 60
    cpu_start: tuple[float, float, float] | None = None  # when the pages' window opens (the last login)
    while locust.poll() is None and time.monotonic() < deadline:
        if cpu_start is None and logins.exists():
            cpu_start = cpu_now()
        time.sleep(0.2)
    if locust.poll() is None:
        stack.stop("locust")
        raise StackFailure(f"locust overran its bound: see {root / 'locust.log'}")
    cpu_end = cpu_now()
    if locust.returncode != 0:
        print((root / "locust.log").read_text(errors="replace")[-3000:], file=sys.stderr)
        raise StackFailure(f"locust failed (exit {locust.returncode})")
    print(f"load average before / after: {before} / {load()}")
    if not logins.exists() or cpu_start is None:
        print(f"not every user logged in within {LOGIN_ALLOWANCE} s: the figures below include the logins")
    else:
        for name, x in json.loads(logins.read_text()).items():
            print(
                f"{name}: {x['requests']} requests, {x['errors']} errors, p50 {x['p50']:.0f} ms, "
                f"p95 {x['p95']:.0f} ms, max {x['max']:.0f} ms (while the users logged in; not in the table)"
            )
        print(f"then {args.run_time} s of pages:")
    served = report(prefix)
    if cpu_start is not None and served:
        wall, app, database = (end - start for start, end in zip(cpu_start, cpu_end, strict=True))
        print(
            f"CPU in the pages' window ({wall:.0f} s, {served} requests): gunicorn workers {app:.1f} s = "
            f"{app / served * 1000:.1f} ms a request ({app / wall * 100:.0f}% of one core); PostgreSQL "
            f"{database:.1f} s = {database / served * 1000:.1f} ms a request. The 2 cores are shared with whatever "
            "else runs (the load average above)"
        )


# ---- CPU time of processes (Linux /proc), to tell the application's cost from the machine's load ------------------
def _stat(pid: int) -> list[str]:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, ... utime (11) ... cstime (14)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def postgres_pids(database_url: str) -> list[int]:
    """The database server's processes (the postmaster listening on the URL's port and its backends, which serve
    the gunicorn workers); [] when it is not a local PostgreSQL started with `-p PORT` (with-postgres.sh's)."""
    port = urlsplit(database_url).port
    marker = f"\0-p\0{port}\0"
    postmasters = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _comm(int(entry.name)) == "postgres" and marker in _cmdline(int(entry.name))
    ]
    return [q for p in postmasters for q in descendants(p)]


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    # utime + stime, and cutime + cstime: the CPU of children that ended (a backend closed, a worker replaced),
    # which the parent that reaped them carries on.
    return sum(int(f[11]) + int(f[12]) + int(f[13]) + int(f[14]) for pid in pids if (f := _stat(pid))) / ticks


def report(prefix: Path) -> int:
    """Print locust's figures per request name; the number of requests served."""
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    header = (
        f"{'request':<22} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'×floor p50':>10}"
    )
    print(header)
    print("-" * len(header))
    floor = next((float(r["50%"]) for r in rows if r["Name"] == FLOOR), 0.0)
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
        if row["Request Count"] == "0":
            continue
        p50 = float(row["50%"] or 0)
        ratio = f"{p50 / floor:.1f}" if floor else ""
        print(
            f"{name:<22} {row['Request Count']:>9} {row['Failure Count']:>7} {float(row['Requests/s']):>7.1f} "
            f"{p50:>8.0f} {float(row['95%'] or 0):>8.0f} {float(row['99%'] or 0):>8.0f} "
            f"{float(row['Max Response Time'] or 0):>8.0f} {ratio:>10}"
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with open(failures, newline="") as f:
            for row in csv.DictReader(f):
                print(f"  error: {row['Method']} {row['Name']}: {row['Error']} × {row['Occurrences']}")
    return next((int(r["Request Count"]) for r in rows if r["Name"] == "Aggregated"), 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--graduates", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load (default %(default)s)")
    parser.add_argument("--wait", default="1 3", help="seconds a user thinks between pages: MIN MAX (%(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default %(default)s)")
    parser.add_argument("--skip-client", action="store_true", help="no in-process timing")
    parser.add_argument("--skip-locust", action="store_true", help="no gunicorn/locust run")
    parser.add_argument("--profile", metavar="PAGE", help="print a cProfile of one in-process request of PAGE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, locust's CSV)")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        print(f"warning: {args.database_url or 'no database URL'} is not PostgreSQL (the web row is measured on it)")
    if not args.database_url:
        sys.exit("give --database-url (or run under scripts/with-postgres.sh)")

    stack = Stack(Path(tempfile.mkdtemp(prefix="mansap-bench-web.")))
    stack.env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MANSAP_", "GUNICORN_", "HUEY_", "REDIS_"))},
        "DATABASE_URL": args.database_url,
        "PYTHONUNBUFFERED": "1",
    }
    try:
        if shutil.which("redis-server"):
            redis_port = free_port()
            stack.start(
                "redis",
                ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "", "--appendonly",
                 "no", "--dir", str(stack.root)],
                port=redis_port,
            )  # fmt: skip
            stack.env["REDIS_URL"] = os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            print(f"redis-server on {redis_port}: the cache, as production")
        else:
            print("no redis-server: the per-process cache (production uses Redis)")
        os.environ["DEBUG"] = "false"
        os.environ["MANSAP_VAR_DIR"] = str(stack.root / "var")
        setup_django(args.database_url)
        prepare(args.graduates)
        from mansap.core.models import Student

        print(f"{Student.objects.graduates().count():,} graduates; {os.cpu_count()} cores; load {load()}")
        if not args.skip_client:
            app_time(args.repeat, args.profile)
        if not args.skip_locust:
            under_load(stack, args)
    finally:
        stack.stop_all()
        if args.keep:
            print(f"kept {stack.root}")
        else:
            shutil.rmtree(stack.root, ignore_errors=True)


if __name__ == "__main__":
    main()
