#!/usr/bin/env bash
# Serve the demo: the background-task worker and the development server together.
set -euo pipefail
PY="${PY:-.venv/bin/python}"
PORT="${PORT:-8000}"

"$PY" manage.py db_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

cat <<BANNER

  Boportal demo: http://127.0.0.1:$PORT/
  Admin:         http://127.0.0.1:$PORT/admin/   (admin / ${DEMO_PASSWORD:-demo})
  Task worker:   running, log in var/worker.log
  Stop with Ctrl+C.

BANNER
"$PY" manage.py runserver "127.0.0.1:$PORT"
