"""The benchmark's own PostgreSQL database, dropped and made again on every run so figures
never depend on what a developer's or the tests' database holds."""

import psycopg2
from dj_database_url import parse


def recreate(base_url, name):
    config = parse(base_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmarks need PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    connection = psycopg2.connect(
        dbname=config["NAME"] or "postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    user = config["USER"] or ""
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    host = config["HOST"] or "127.0.0.1"
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{name}"
