"""locust's user for bench_web.py: a staff member who logs in, then walks the mixed staff pages (issue #19).

Runs inside locust (requirements/bench.txt, its own virtualenv .venv-bench), not Django: bench_web.py passes
everything through the environment:
  BENCH_WEB_LOGINS    comma-separated staff logins, handed to the users in turn
  BENCH_WEB_PASSWORD  their password (the demo's)
  BENCH_WEB_PAGES     JSON list of [name, path]: the mixed pages, each one task of equal weight
  BENCH_WEB_WAIT      "MIN MAX" seconds a user thinks between two pages (locust's between())
  BENCH_WEB_USERS     how many users log in; once the last has, the statistics so far (the logins) are written
                      to BENCH_WEB_LOGIN_STATS (JSON) and reset, and the pages are measured for BENCH_WEB_MEASURE
                      seconds, then locust quits (its --run-time is only the outer bound). A login is one password
                      hash (PBKDF2, about a second of CPU): 50 at once would otherwise fill the measurement.
Each user also requests the login page anonymously (its own cookie-less session) as often as any one page: the
floor of a page, measured under the same load. A page that does not answer 200 is a failure (locust's errors).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from typing import Any

import gevent
from locust import HttpUser, between, task
from locust.clients import HttpSession

LOGINS = itertools.cycle(os.environ.get("BENCH_WEB_LOGINS", "cc").split(","))
PASSWORD = os.environ.get("BENCH_WEB_PASSWORD", "mansap-demo")
PAGES: list[tuple[str, str]] = [tuple(p) for p in json.loads(os.environ.get("BENCH_WEB_PAGES", '[["home", "/"]]'))]
WAIT = [float(x) for x in os.environ.get("BENCH_WEB_WAIT", "1 3").split()]
LOGIN = "/accounts/login/"
FLOOR = "login page (floor)"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
USERS = int(os.environ.get("BENCH_WEB_USERS", "1"))
MEASURE = float(os.environ.get("BENCH_WEB_MEASURE", "60"))
LOGIN_STATS = os.environ.get("BENCH_WEB_LOGIN_STATS", "")
logged_in = 0


def all_logged_in(environment: Any) -> None:
    """Keep the logins' figures, reset the statistics, and stop after MEASURE seconds of pages."""
    stats = environment.runner.stats
    if LOGIN_STATS:
        figures = {
            name: {
                "requests": entry.num_requests,
                "errors": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "max": entry.max_response_time,
            }
            for (name, _method), entry in stats.entries.items()
            if name.startswith("login:")
        }
        with open(LOGIN_STATS, "w") as f:
            json.dump(figures, f)
    stats.reset_all()
    gevent.spawn_later(MEASURE, environment.runner.quit)


def expect_ok(response: Any) -> None:
    if response.status_code != 200:
        response.failure(f"status {response.status_code}")
    else:
        response.success()


class StaffUser(HttpUser):
    wait_time = between(WAIT[0], WAIT[1])

    def on_start(self) -> None:
        self.username = next(LOGINS)
        self.anonymous = HttpSession(base_url=self.host, request_event=self.environment.events.request, user=self)
        form = self.client.get(LOGIN, name="login: form")
        match = TOKEN.search(form.text)
        with self.client.post(
            LOGIN,
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1) if match else ""},
            headers={"Referer": self.host + LOGIN},
            allow_redirects=False,
            name="login: POST",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username}: status {response.status_code}")
        global logged_in
        logged_in += 1
        if logged_in == USERS:
            all_logged_in(self.environment)

    @task
    def floor(self) -> None:
        with self.anonymous.get(LOGIN, name=FLOOR, catch_response=True) as response:
            expect_ok(response)

    @task(len(PAGES))
    def page(self) -> None:
        name, path = PAGES[self._next_page()]
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            expect_ok(response)

    def _next_page(self) -> int:
        """Pages in turn per user (each user starts at another one), so every page gets its share."""
        self._page = (getattr(self, "_page", hash(self.username + str(id(self)))) + 1) % len(PAGES)
        return self._page
