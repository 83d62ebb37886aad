"""gunicorn settings for Vita: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`. Environment overrides below."""

import multiprocessing
import os

# A unix socket that only nginx reaches (the systemd unit makes /run/vita, group www-data).
bind = os.environ.get("GUNICORN_BIND", "unix:/run/vita/gunicorn.sock")
umask = 0o007  # the socket: read-write for the vita user and the www-data group, nobody else
# Sync workers: nginx buffers slow clients, so each worker only ever waits on the database.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = 30  # a worker silent for this long is killed and replaced
graceful_timeout = 30
keepalive = 2
# Recycle workers now and then (staggered), so that a slow leak never grows.
max_requests = 5000
max_requests_jitter = 500
# Trust X-Forwarded-* from nginx on the socket only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Client address (from nginx), request, status, bytes, referrer, user agent, time in ms.
access_log_format = '%({x-real-ip}i)s [%(t)s] "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(M)sms'

# gunicorn 24+ opens a control socket in $HOME by default; Vita does not use it (and the unit's home is read-only).
control_socket_disable = True
