"""Serve the web interface and API with gunicorn, a production WSGI server."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class RollcallServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from rollcall.wsgi import application

        return application


def run(host: str, port: int, workers: int = 3) -> None:
    print(f"Rollcall serving on http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    RollcallServer({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 60,
        # Longer than a person's pause between clicks: with gunicorn's 2 s, the server closed
        # idle connections just as clients sent their next request (a reset under load).
        "keepalive": 10,
        "accesslog": "-",
        "preload_app": True,
    }).run()
