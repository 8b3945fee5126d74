"""The stack test (make test-stack, #18): the production stack on this machine, checked through nginx.

scripts/stack-test.sh runs this under scripts/with-postgres.sh (a throwaway PostgreSQL: DATABASE_URL). In a
temporary directory, on free loopback ports, it starts redis-server, two application servers
(`scripts/serve.sh web`: gunicorn with deploy/gunicorn.conf.py), one huey worker (`scripts/serve.sh worker`) and
nginx running deploy/nginx/mansap.conf itself (addresses, ports and paths substituted; TLS with a throwaway
certificate), DEBUG off, then checks through nginx what issue #18 lists. nginx adds a test-only header naming the
server that answered (X-Stack-Upstream, empty when nginx answered itself). Everything started is stopped at the
end, also on failure. Not collected by pytest (not under mansap/, no test_ prefix).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mansap.common.identifiers import make_iin  # noqa: E402 (the repository on the path first)

# The readiness probe (#18, mansap/common/health.py): database, queue, storage, migrations and cache, through nginx.
CHECK_READYZ = True
READYZ_PATH = "/readyz"

PASSWORD = "pw-{}"  # mansap.common.testing.make_user's passwords (stack/seed.py)
HEADER = ["iin", "last_name", "first_name", "middle_name", "birth_date", "sex", "program_code", "graduation_date",
          "gpa", "email", "phone"]  # fmt: skip
BIG_ROWS = int(os.environ.get("STACK_BIG_ROWS", "60000"))  # a file the worker takes seconds to check (6,000: 0.5 s)
DEAD_SECONDS = 10  # IMPORT_WORKER_DEAD_SECONDS: how long the reaper waits for a killed worker's heartbeat
UPSTREAM = "X-Stack-Upstream"


class StackFailure(AssertionError):
    pass


def check(condition: Any, message: str) -> None:
    if not condition:
        raise StackFailure(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def step(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def wrap(function: Callable[..., None]) -> Callable[..., None]:
        def run(*args: Any) -> None:
            started = time.monotonic()
            function(*args)
            print(f"  ok  {name} ({time.monotonic() - started:.1f} s)", flush=True)

        return run

    return wrap


class Stack:
    """The processes of the stack: each in its own process group, so stopping one stops its children too."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.env: dict[str, str] = {}

    def log(self, name: str) -> Path:
        return self.root / f"{name}.log"

    def start(self, name: str, command: list[str], port: int | None = None, **env: str) -> subprocess.Popen[bytes]:
        with open(self.log(name), "ab") as log:
            proc = subprocess.Popen(
                command, cwd=REPO, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.procs[name] = proc
        if port is not None:
            self.wait_for_port(name, port)
        return proc

    def wait_for_port(self, name: str, port: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise StackFailure(f"{name} stopped (exit {self.procs[name].returncode}): see its log")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                return
            time.sleep(0.2)
        raise StackFailure(f"{name} did not listen on {port} within {timeout} s")

    def run(self, name: str, command: list[str], timeout: float = 900, **env: str) -> None:
        """Run a command to its end (its whole process group stopped if it overruns the timeout)."""
        proc = self.start(name, command, **env)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise StackFailure(f"{' '.join(command)} took over {timeout} s: see {name}.log") from None
        self.procs.pop(name, None)
        check(code == 0, f"{' '.join(command)} failed (exit {code}): see {name}.log")

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop_all(self) -> None:
        for name in reversed(list(self.procs)):
            self.stop(name)


# ---- Configuration ------------------------------------------------------------------------------------------------
def nginx_site(root: Path, app_ports: list[int], http_port: int, https_port: int) -> str:
    """deploy/nginx/mansap.conf with this stack's addresses, ports and paths (each substitution must apply)."""
    site = (REPO / "deploy/nginx/mansap.conf").read_text()
    substitutions = [
        ("    server 127.0.0.1:8000;\n", "".join(f"    server 127.0.0.1:{p};\n" for p in app_ports)),
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen [::]:80;\n", ""),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("/etc/letsencrypt/live/mansap.example.edu/fullchain.pem", str(root / "tls.crt")),
        ("/etc/letsencrypt/live/mansap.example.edu/privkey.pem", str(root / "tls.key")),
        ("mansap.example.edu", "localhost"),
        ("/srv/mansap/var/static/", f"{root}/var/static/"),
        ("/var/log/nginx/mansap.access.log", str(root / "nginx-access.log")),
        ("/var/log/nginx/mansap.error.log", str(root / "nginx-error.log")),
    ]
    for old, new in substitutions:
        check(old in site, f"deploy/nginx/mansap.conf no longer has {old.strip()!r}: update stack/run_stack.py")
        site = site.replace(old, new)
    return site


def nginx_main(root: Path) -> str:
    temp = "\n".join(
        f"    {kind}_temp_path {root}/nginx-{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
user root;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    # Test only: which application server answered (empty when nginx answered itself).
    add_header {UPSTREAM} $upstream_addr always;
    include {root}/mansap.conf;
}}
"""


# ---- The client ---------------------------------------------------------------------------------------------------
class Browser:
    def __init__(self, base: str, ca: Path) -> None:
        self.base, self.ca = base, str(ca)  # the throwaway certificate, verified (given per request: requests
        self.session = requests.Session()  # would prefer REQUESTS_CA_BUNDLE to a session's `verify`)
        self.session.headers["Accept-Language"] = "en"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base + path, timeout=60, verify=self.ca, **kwargs)

    def csrf(self, path: str) -> str:
        response = self.get(path)
        check(response.status_code == 200, f"GET {path}: {response.status_code}")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        check(match, f"no CSRF token on {path}")
        return match.group(1) if match else ""

    def post(self, path: str, data: dict[str, Any], form: str | None = None, **kwargs: Any) -> requests.Response:
        """POST as the form on `form` (default: path) would; its page is read only for the first CSRF cookie, so
        that successive POSTs alternate between the servers as plain requests do."""
        if "csrftoken" not in self.session.cookies:
            self.csrf(form or path)
        return self.session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": self.session.cookies["csrftoken"], **data},
            headers={"Referer": self.base + (form or path)},
            timeout=120,
            verify=self.ca,
            allow_redirects=False,
            **kwargs,
        )

    def login(self, username: str, password: str) -> requests.Response:
        return self.post("/accounts/login/", {"username": username, "password": password})


def upstream(response: requests.Response) -> str:
    return response.headers.get(UPSTREAM, "")


def job_state(html: str) -> tuple[str, int, bool]:
    """(status, progress, can_retry) from an import job's status card (core/_import_status.html)."""
    icons = {
        "bi-check-circle-fill": "done",
        "bi-check2-square": "valid",
        "bi-exclamation-triangle-fill": "invalid",
        "bi-x-octagon-fill": "failed",
    }
    status = next((s for icon, s in icons.items() if icon in html), "running")
    match = re.search(r'aria-valuenow="(\d+)"', html)
    return status, int(match.group(1)) if match else -1, "/retry/" in html


def graduates_csv(rows: int, first: int) -> bytes:
    """`rows` graduates with distinct IINs: ten thousand serials per birth day, from day `first // 10000`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    born, seen, serial = dt.date(1995, 1, 1), set(), first
    while len(seen) < rows:
        day = born + dt.timedelta(days=serial // 10000)
        iin = make_iin(day, "M", serial % 10000)  # may move on to the next free serial: keep them distinct
        serial += 1
        if iin in seen:
            continue
        seen.add(iin)
        writer.writerow([iin, f"Стеков{serial}", "Арман", "", day.strftime("%d.%m.%Y"), "M", "6B06101",
                         "", "3,2", "", ""])  # fmt: skip
    return out.getvalue().encode()


# ---- The checks ---------------------------------------------------------------------------------------------------
class Checks:
    def __init__(self, stack: Stack, base: str, http_base: str, app_ports: list[int]) -> None:
        self.stack, self.base, self.http_base = stack, base, http_base
        self.servers = {f"127.0.0.1:{p}" for p in app_ports}
        self.ca = stack.root / "tls.crt"
        self.cc = Browser(base, self.ca)

    def poll(
        self, browser: Browser, path: str, until: Callable[[str, str], bool], timeout: float
    ) -> list[tuple[str, str]]:
        """GET path until `until(upstream, html)`; the (upstream, html) of every answer."""
        seen: list[tuple[str, str]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = browser.get(path)
            check(response.status_code == 200, f"GET {path}: {response.status_code}")
            seen.append((upstream(response), response.text))
            if until(upstream(response), response.text):
                return seen
            time.sleep(0.25)
        raise StackFailure(f"{path}: not there within {timeout} s; last {job_state(seen[-1][1]) if seen else None}")

    @step("liveness: the login page answered by both servers; HTTP redirected to HTTPS")
    def liveness(self) -> None:
        anonymous = Browser(self.base, self.ca)
        answers = [anonymous.get("/accounts/login/") for _ in range(4)]
        check(all(r.status_code == 200 for r in answers), [r.status_code for r in answers])
        check({upstream(r) for r in answers} == self.servers, f"answered by {[upstream(r) for r in answers]}")
        plain = requests.get(self.http_base + "/accounts/login/", allow_redirects=False, timeout=10)
        check(plain.status_code == 301 and plain.headers["Location"].startswith("https://"), plain.headers)

    @step("readiness: /readyz green on both servers (database, Redis queue and caches, storage, migrations); /healthz")
    def readyz(self) -> None:
        anonymous = Browser(self.base, self.ca)
        answers = [anonymous.get(READYZ_PATH) for _ in range(4)]
        for response in answers:
            check(response.status_code == 200, f"{READYZ_PATH}: {response.status_code} {response.text[:300]}")
            body = response.json()
            check(body["status"] == "ok", body)
            check({"database", "queue", "storage", "migrations", "cache"} <= set(body["checks"]), body)
        check({upstream(r) for r in answers} == self.servers, f"answered by {[upstream(r) for r in answers]}")
        check(all(r.headers.get("X-Request-ID") for r in answers), "an answer without its X-Request-ID")
        live = anonymous.get("/healthz")
        check(live.status_code == 200 and live.json() == {"status": "ok"}, live.text[:200])

    @step("static files from nginx; no media served by nginx")
    def static(self) -> None:
        response = self.cc.get("/static/css/mansap.css")
        check(response.status_code == 200, response.status_code)
        check(upstream(response) == "", f"served by {upstream(response)}, not nginx")
        check(
            response.content == (self.stack.root / "var/static/css/mansap.css").read_bytes(), "not the collected file"
        )
        media = self.cc.get("/media/imports/anything.csv")
        check(media.status_code == 404 and upstream(media) == "", (media.status_code, upstream(media)))

    @step("login, and the session valid on both servers")
    def session(self) -> None:
        response = self.cc.login("cc", PASSWORD.format("cc"))
        check(response.status_code == 302, f"login: {response.status_code}")
        pages = [self.cc.get("/org/imports/", allow_redirects=False) for _ in range(4)]
        check(all(p.status_code == 200 for p in pages), [p.status_code for p in pages])
        check(all("/accounts/logout/" in p.text for p in pages), "a page without the logged-in menu")
        check({upstream(p) for p in pages} == self.servers, f"answered by {[upstream(p) for p in pages]}")

    @step("a lock-out counted across both servers")
    def lockout(self) -> None:
        guesser = Browser(self.base, self.ca)
        failures = [guesser.login("rector", "wrong-password") for _ in range(3)]  # MANSAP_LOGIN_MAX_FAILURES=3
        check([f.status_code for f in failures][:2] == [200, 200], [f.status_code for f in failures])
        check(
            {upstream(f) for f in failures} == self.servers, f"failures answered by {[upstream(f) for f in failures]}"
        )
        locked = [guesser.login("rector", PASSWORD.format("rector")) for _ in range(2)]
        check([r.status_code for r in locked] == [429, 429], f"right password after the lock: {locked}")
        check({upstream(r) for r in locked} == self.servers, f"locked answers by {[upstream(r) for r in locked]}")
        counters = redis.Redis.from_url(self.stack.env["REDIS_URL"]).keys("mansap-throttle:*")
        check(counters, "no lock-out counter in Redis")

    @step("a body over the limit refused by nginx (413)")
    def too_large(self) -> None:
        body = b"x" * (23 * 1024 * 1024)  # client_max_body_size 22m
        try:
            response = self.cc.session.post(
                self.base + "/org/imports/new/",
                data=body,
                headers={"Content-Type": "text/csv"},
                timeout=60,
                verify=self.cc.ca,
            )
        except requests.ConnectionError as error:  # nginx may close before the client has sent it all
            raise StackFailure(f"no answer to the large body: {error}") from error
        check(response.status_code == 413, f"large body: {response.status_code}")
        check(upstream(response) == "", f"large body reached {upstream(response)}")

    def upload(self, name: str, data: bytes) -> tuple[str, str]:
        response = self.cc.post("/org/imports/new/", {}, files={"file": (name, data, "text/csv")})
        check(response.status_code == 302, f"upload {name}: {response.status_code} {response.text[:500]}")
        match = re.fullmatch(r"/org/imports/(\d+)/", response.headers["Location"])
        check(match, f"upload redirected to {response.headers['Location']}")
        return (match.group(1) if match else ""), upstream(response)

    @step("an import uploaded through one server, processed by the worker, seen through the other")
    def small_import(self) -> None:
        before = self.cc.get("/api/v1/students/").json()["count"]
        job, uploaded_by = self.upload("three.csv", graduates_csv(3, 900_000))
        status = f"/org/imports/{job}/status/"
        # Checked by the worker, and seen so through the server that did not take the upload.
        self.poll(self.cc, status, lambda up, html: job_state(html)[0] == "valid" and up != uploaded_by, 60)
        confirmed = self.cc.post(f"/org/imports/{job}/confirm/", {}, form=f"/org/imports/{job}/")
        check(confirmed.status_code == 302, f"confirm: {confirmed.status_code}")
        done = self.poll(self.cc, status, lambda up, html: job_state(html)[0] == "done", 60)
        check(done[-1][0] in self.servers, done[-1][0])
        counts = [self.cc.get("/api/v1/students/") for _ in range(2)]
        check([c.json()["count"] for c in counts] == [before + 3] * 2, [c.json()["count"] for c in counts])
        check({upstream(c) for c in counts} == self.servers, "the result not read through both servers")

    @step("a worker killed mid-job: the job failed by the reaper, re-run to success")
    def killed_worker(self) -> None:
        job, uploaded_by = self.upload("big.csv", graduates_csv(BIG_ROWS, 100_000))
        status = f"/org/imports/{job}/status/"

        def checking(up: str, html: str) -> bool:
            state, progress, _ = job_state(html)
            check(state == "running", f"the job finished before the worker was killed ({state}): raise STACK_BIG_ROWS")
            return progress > 0 and up != uploaded_by  # the worker's progress, through the other server

        self.poll(self.cc, status, checking, 60)
        self.stack.stop("worker", signal.SIGKILL)
        failed = self.poll(self.cc, status, lambda up, html: job_state(html)[0] == "failed", DEAD_SECONDS + 30)
        check(job_state(failed[-1][1])[2], "a failed job without the button to run it again")
        self.start_worker()
        retried = self.cc.post(f"/org/imports/{job}/retry/", {}, form=f"/org/imports/{job}/")
        check(retried.status_code == 302, f"retry: {retried.status_code}")
        self.poll(self.cc, status, lambda up, html: job_state(html)[0] == "valid", 120)

    def start_worker(self) -> None:
        self.stack.start("worker", ["scripts/serve.sh", "worker"], MANSAP_VAR_DIR=str(self.stack.root / "var-worker"))


def main() -> int:
    check(os.environ.get("DATABASE_URL", "").startswith("postgres"), "run me through scripts/stack-test.sh")
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="mansap-stack."))
    stack = Stack(root)
    failed = True
    try:
        redis_port, app_ports, http_port, https_port = free_port(), [free_port(), free_port()], free_port(), free_port()
        base = f"https://localhost:{https_port}"
        stack.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("MANSAP_", "GUNICORN_", "HUEY_", "REDIS_"))},
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "localhost",
            "MANSAP_VAR_DIR": str(root / "var"),
            "MEDIA_ROOT": str(root / "media"),
            "MANSAP_HTTPS": "1",
            "MANSAP_HSTS_SECONDS": "0",
            "MANSAP_BASE_URL": base,
            "CSRF_TRUSTED_ORIGINS": base,  # the Referer carries the port nginx listens on here
            "MANSAP_TRUSTED_PROXIES": "1",
            "MANSAP_LOGIN_MAX_FAILURES": "3",
            "MANSAP_LOGIN_MAX_FAILURES_PER_IP": "50",
            "IMPORT_WORKER_DEAD_SECONDS": str(DEAD_SECONDS),
            "HUEY_WORKERS": "1",
            "GUNICORN_WORKERS": "2",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",  # the logs shown on failure are complete
        }
        (root / "var").mkdir()
        redis_server = ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
                        "--appendonly", "no", "--dir", str(root)]  # fmt: skip
        stack.start("redis", redis_server, port=redis_port)
        phase = time.monotonic()
        stack.run("setup", ["scripts/serve.sh", "setup"])
        stack.run("seed", [sys.executable, "stack/seed.py"])
        print(f"  ok  setup: migrate, collectstatic, seed ({time.monotonic() - phase:.1f} s)", flush=True)
        # Each server and the worker with a var/ of its own, as on separate machines: what they share (sessions,
        # counters, job progress) must go through PostgreSQL and Redis, not files. Only MEDIA_ROOT is shared
        # (README "Production": NFS or the like), and nginx serves the static files setup collected into var/.
        for i, port in enumerate(app_ports):
            stack.start(
                f"app{i}",
                ["scripts/serve.sh", "web"],
                port=port,
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_NAME=f"mansap-stack-{i}",
                MANSAP_VAR_DIR=str(root / f"var-app{i}"),
            )
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost",
             "-keyout", str(root / "tls.key"), "-out", str(root / "tls.crt")],
            check=True, capture_output=True,
        )  # fmt: skip
        (root / "mansap.conf").write_text(nginx_site(root, app_ports, http_port, https_port))
        (root / "nginx.conf").write_text(nginx_main(root))
        stack.start(
            "nginx",
            ["/usr/sbin/nginx", "-e", str(root / "nginx-error.log"), "-c", str(root / "nginx.conf")],
            port=https_port,
        )
        checks = Checks(stack, base, f"http://127.0.0.1:{http_port}", app_ports)
        checks.start_worker()
        checks.liveness()
        if CHECK_READYZ:
            checks.readyz()
        checks.static()
        checks.session()
        checks.lockout()
        checks.too_large()
        checks.small_import()
        checks.killed_worker()
        failed = False
    except (StackFailure, subprocess.SubprocessError, requests.RequestException) as error:
        print(f"FAILED: {error}", file=sys.stderr)
    finally:
        stack.stop_all()
        if failed:
            for log in sorted(root.glob("*.log")):
                lines = log.read_text(errors="replace").splitlines()[-25:]
                print(f"---- {log.name} (last {len(lines)} lines)", *lines, sep="\n", file=sys.stderr)
        for leftover in stack.procs.values():
            print(f"still running: {leftover.pid}", file=sys.stderr)
        shutil.rmtree(root, ignore_errors=True)
    print(f"==> stack test {'FAILED' if failed else 'passed'} in {time.monotonic() - started:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
