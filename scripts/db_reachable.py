"""Exit 0 when the PostgreSQL database in DATABASE_URL answers within two seconds."""

import os
import sys

import environ
import psycopg

config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
if "postgresql" not in config["ENGINE"]:
    sys.exit(1)
try:
    psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        connect_timeout=2,
    ).close()
except psycopg.Error:
    sys.exit(1)
