"""gunicorn's configuration for Mansap: `gunicorn -c deploy/gunicorn.conf.py` (scripts/serve.sh, the systemd unit).

Everything a deployment changes comes from the environment (the same env file as Django's settings):
  GUNICORN_BIND                 where nginx reaches the application (default 127.0.0.1:8000)
  GUNICORN_WORKERS              worker processes (default 2 × cores + 1)
  GUNICORN_THREADS              threads per worker (default 1: sync workers)
  GUNICORN_TIMEOUT              seconds a request may take before its worker is restarted (default 120)
  GUNICORN_FORWARDED_ALLOW_IPS  the addresses of the proxies (nginx) whose X-Forwarded-* headers are believed
                                (default 127.0.0.1,::1: nginx on the same machine)
The application also needs MANSAP_TRUSTED_PROXIES=1 to take the client's address from X-Forwarded-For
(the login lock-out counts per address) and MANSAP_HTTPS=1 behind nginx ending TLS (settings.py).
"""

import multiprocessing
import os

wsgi_app = "mansap.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# An upload of IMPORT_MAX_BYTES over a slow line, or an export, may take a while; nginx buffers the
# request body before passing it on, so a worker is only busy once the whole body has arrived.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so they do not all restart at once):
# memory a long-lived process accumulates is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Only nginx's X-Forwarded-Proto/For are believed (forwarded_allow_ips); a client's own are not.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No access log here: nginx logs every request (with its timing and upstream); the application's
# own messages and errors go through Django's LOGGING to stderr (journald under systemd).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = False

# gunicorn 23+ opens a control socket in $HOME by default: two servers on one machine would fight for it.
control_socket_disable = True

proc_name = os.environ.get("GUNICORN_NAME", "mansap")
