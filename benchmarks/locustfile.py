"""The load generator's user for benchmarks/load.py (not run on its own).

One page per run, named by LOAD_PATH, requested as fast as the simulated
users can (no think time), signed in with the session cookie LOAD_SESSION
(made by load.py for a benchmark account, which has no password), behind a
pretend TLS proxy (X-Forwarded-Proto: https, as gunicorn sits in production).
A page that does not answer 200 counts as a failure, so a login redirect or
an error page can never pass for a fast page.
"""

import os

from locust import HttpUser, constant, task


class PageReader(HttpUser):
    wait_time = constant(0)
    path = os.environ["LOAD_PATH"]
    cookie = os.environ.get("LOAD_SESSION", "")

    def on_start(self):
        self.headers = {"X-Forwarded-Proto": "https"}
        if self.cookie:
            self.headers["Cookie"] = f"sessionid={self.cookie}"

    @task
    def read(self):
        with self.client.get(self.path, headers=self.headers, name=self.path, catch_response=True,
                             allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
