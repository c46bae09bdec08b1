"""gunicorn's settings for the site (`gunicorn --config config/gunicorn.py
config.wsgi:application`), each overridable from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: a request holds one for its duration; public pages come from the cache.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Renewed now and then, so that no worker grows without bound.
max_requests = 5000
max_requests_jitter = 500
# Only the proxy in front may say what the client's scheme was.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Headers of reasonable size only; larger ones are refused with 400 before Django.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The site writes one JSON line per request itself (core.observability).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
