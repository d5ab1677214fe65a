"""Load of an intake office: staff searching, opening person pages and saving intake forms.

Run by bench/load.py, which prepares the data, the accounts and the server. Each simulated
user signs in through both steps (password, then a TOTP code from its own authenticator).
Every request's end time, name, duration and outcome goes to the file ROLLCALL_BENCH_REQUESTS
names, so that load.py can report pages and searches once every user has signed in, and the
sign-in steps over the whole run.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from pathlib import Path

import pyotp
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

ACCOUNTS = json.loads(os.environ["ROLLCALL_BENCH_ACCOUNTS"])
QUERIES = json.loads(os.environ["ROLLCALL_BENCH_QUERIES"])
MAX_PERSON = int(os.environ["ROLLCALL_BENCH_MAX_PERSON"])
_next = iter(range(10**9))
_lock = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUESTS: list[tuple[float, str, float, str]] = []  # (ended at, name, ms, error or "")


@events.request.add_listener
def _keep(name, response_time, exception=None, **_) -> None:
    REQUESTS.append((time.time(), name, response_time, str(exception)[:200] if exception else ""))


@events.test_stop.add_listener
def _write(**_) -> None:
    if os.environ.get("ROLLCALL_BENCH_REQUESTS"):
        Path(os.environ["ROLLCALL_BENCH_REQUESTS"]).write_text(json.dumps(REQUESTS))


class Staff(FastHttpUser):
    """FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load tool shares the
    machine's two cores with the server, and costs it several times less CPU per request."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        with _lock:
            account = ACCOUNTS[next(_next) % len(ACCOUNTS)]
        page = self.client.get("/accounts/login/", name="sign in")
        token = CSRF.search(page.text).group(1)
        self.client.post("/accounts/login/", {"username": account["username"], "password": account["password"],
                                              "csrfmiddlewaretoken": token}, name="sign in")
        page = self.client.get("/accounts/two-factor/", name="sign in")
        token = CSRF.search(page.text).group(1)
        code = pyotp.TOTP(account["secret"]).now()
        self.client.post("/accounts/two-factor/", {"code": code, "csrfmiddlewaretoken": token}, name="sign in")

    @task(5)
    def search(self) -> None:
        self.client.get("/search/", params={"q": random.choice(QUERIES)}, name="search")

    @task(4)
    def person_page(self) -> None:
        with self.client.get(f"/persons/{random.randint(1, MAX_PERSON)}/", name="person page",
                             catch_response=True) as response:
            if response.status_code == 404:  # ids of merged or hidden persons: not an error of the server
                response.success()

    @task(1)
    def intake(self) -> None:
        page = self.client.get("/intake/", name="intake form")
        match = CSRF.search(page.text)
        if not match:
            return
        name = random.choice(QUERIES)
        form = {
            "csrfmiddlewaretoken": match.group(1), "name_1": name, "sex": "male", "ethnicity": "kazakh",
            "citizenship": "china", "home_place": "Nilka", "sensitivity": "1", "match": "new",
            "acts-TOTAL_FORMS": "3", "acts-INITIAL_FORMS": "0", "acts-MIN_NUM_FORMS": "0",
            "acts-MAX_NUM_FORMS": "10", "acts-0-type": "detention", "acts-0-when": "spring 2018",
            "acts-0-place": "Ghulja",
        }
        with self.client.post("/intake/", form, name="intake save", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"intake not saved ({response.status_code})")
