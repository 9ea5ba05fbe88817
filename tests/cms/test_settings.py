import sqlite3
import threading

from cms.settings.base import tune_sqlite


def test_sqlite_files_take_the_write_lock_first_and_wait_for_it():
    config = tune_sqlite({"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/db.sqlite3"})
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_other_databases_are_left_alone():
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "boportal"}
    assert tune_sqlite(dict(postgres)) == postgres
    memory = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    assert "OPTIONS" not in tune_sqlite(dict(memory))


def test_immediate_transactions_let_two_writers_both_succeed(tmp_path):
    """The failure it prevents: two deferred read-then-write transactions, one refused."""
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE t (n INTEGER)")
    errors = []
    barrier = threading.Barrier(2)

    def write():
        connection = sqlite3.connect(path, timeout=20, isolation_level=None)
        try:
            barrier.wait()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("SELECT count(*) FROM t").fetchone()
            connection.execute("INSERT INTO t VALUES (1)")
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT count(*) FROM t").fetchone()[0] == 2
