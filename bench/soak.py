"""`make soak`: the closing minutes of a call under load, through the faults a deployment meets,
then a ledger of what the portal was told against what its database holds.

The portal is served as deployed, from its own everything: a PostgreSQL server of the soak's
own (a fresh ``initdb`` on a private port, so restarting it touches nothing else), two gunicorn
processes on two ports with ``DEBUG`` off sharing the machine's Redis for the page cache, the
database task backend with a ``manage.py worker``, and a real SMTP server on 127.0.0.1.

The driver (asyncio and httpx) signs in one applicant for each of many organisations; each
saves every answer and submits in the two minutes before a closing time that passes during
the run, several in the closing second. Assessors declare and score another call meanwhile,
and anonymous readers read the collection through both web processes. On a schedule written
into the results: PostgreSQL is restarted, the SMTP server is stopped for a minute, and the
worker is killed with SIGKILL while it renders a newly published edition.

Afterwards the ledger checks every save answered as saved is in the database with its text,
every acknowledged submission has its frozen copy and exactly one receipt (received once by
the SMTP server), every refused one was refused with the closing-time message and its draft
kept, no organisation's answers hold another's, and no response was a 500. Results go to
``bench/results/soak.json`` and ``soak.md``. Only 127.0.0.1 is touched, and it stops by itself.

    python -m bench.soak            # the full run (about ten minutes)
    python -m bench.soak --small    # a few users and every fault, about three minutes
"""

import argparse
import asyncio
import contextlib
import glob
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PASSWORD = "soak-password-1"  # noqa: S105 - the soak's own throwaway accounts
CLOSING_MESSAGE = "cannot be changed or submitted now. Your draft has been kept."


class SoakError(Exception):
    """The run could not go on (a person could not sign in, a process did not start)."""


@dataclass
class Plan:
    """How big the run is and when things happen (seconds after the load starts)."""

    applicants: int = 60
    assessors: int = 6
    readers: int = 8
    criteria: int = 3
    close_after: float = 170.0
    closing_second: int = 8  # applicants who submit within half a second of the close
    web_workers: int = 2  # gunicorn workers in each of the two web processes
    timeout: float = 600.0  # everything stops by itself after this long
    faults: bool = True
    smtp_down_seconds: float = 60.0
    postgres_down_seconds: float = 5.0  # stopped, then started: requests meanwhile get a 503
    storage_down_seconds: float = 20.0  # the bucket refusing every connection
    collection_size: int = 20  # case studies in the published collection readers read
    edition_size: int = 8  # case studies in the edition the coordinator publishes

    @property
    def schedule(self):
        close = self.close_after
        return {
            "postgres_restart": round(close * 0.65, 1),  # in the closing minutes
            "smtp_down": round(close * 0.82, 1),  # receipts of the last submissions fail
            "smtp_up": round(close * 0.82 + self.smtp_down_seconds, 1),
            "publish_and_kill_worker": close + min(40, round(close * 0.2, 1)),
            "readers_stop": close + min(60, round(close * 0.3, 1)),
        }


SMALL = Plan(
    applicants=6,
    assessors=2,
    readers=2,
    close_after=50.0,
    closing_second=2,
    timeout=300.0,
    smtp_down_seconds=15.0,
    storage_down_seconds=10.0,
    collection_size=5,
    edition_size=3,
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- The soak's own PostgreSQL --------------------------------------------------------------


class Postgres:
    """A throwaway PostgreSQL server in a temporary folder on a private port, trust auth on
    127.0.0.1 only, run as the ``postgres`` user when the soak runs as root."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        found = next(
            iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)), None
        ) or shutil.which("pg_ctl")
        if found is None:
            raise SystemExit("PostgreSQL's pg_ctl was not found (apt-get install postgresql).")
        self.bin = Path(found).parent
        self.as_root = os.geteuid() == 0

    def _run(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, *command], check=check, capture_output=True, text=True, timeout=120
        )

    def start(self):
        data = self.folder / "data"
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            self.folder.parent.chmod(0o755)  # the postgres user must reach its folder
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"
        )
        self.data = data
        self._ctl("start")
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                  "postgres", "soak")  # fmt: skip

    def _ctl(self, action, *extra):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        return self._run(
            str(self.bin / "pg_ctl"), action, "-D", str(self.data), "-w", "-t", "60",
            "-l", str(self.folder / "server.log"), "-o", options, *extra,
        )  # fmt: skip

    def restart(self, down_seconds=0):
        """Stop (fast: open connections are cut), stay down, start again."""
        self._ctl("stop", "-m", "fast")
        time.sleep(down_seconds)
        self._ctl("start")

    def stop(self):
        self._ctl("stop", "-m", "immediate")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/soak"


# --- The mail server ------------------------------------------------------------------------


class MailServer:
    """An SMTP server on 127.0.0.1 that keeps every message; stopped and started for a fault."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        received = self.received

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                import email

                message = email.message_from_bytes(envelope.original_content)
                received.append((tuple(envelope.rcpt_tos), message["Subject"]))
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# --- The object store -----------------------------------------------------------------------


class ObjectStore:
    """An S3-compatible server on 127.0.0.1 (moto, in memory) behind a small TCP relay that can
    refuse every connection: the storage fails and comes back without losing what it holds."""

    BUCKET = "soak-media"

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()  # moto's own
        self.relay_port = free_port()  # what the portal is told
        self.refusing = threading.Event()
        self.process = None
        self.relay = None

    def start(self):
        log = open(self.folder / "moto.log", "w")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SoakError("the S3-compatible server did not start") from None
                time.sleep(0.2)
        import boto3

        boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.port}",
            region_name="us-east-1",
            aws_access_key_id="soak",
            aws_secret_access_key="soak",  # noqa: S106 - moto accepts any
        ).create_bucket(Bucket=self.BUCKET)
        self._start_relay()

    def _start_relay(self):
        store = self

        class Relay(socketserver.BaseRequestHandler):
            def handle(self):
                if store.refusing.is_set():
                    return  # the storage refuses: the connection closes at once
                upstream = socket.create_connection(("127.0.0.1", store.port))
                pumps = [
                    threading.Thread(target=_pump, args=(self.request, upstream), daemon=True),
                    threading.Thread(target=_pump, args=(upstream, self.request), daemon=True),
                ]
                for pump in pumps:
                    pump.start()
                for pump in pumps:
                    pump.join()
                upstream.close()

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.relay = socketserver.ThreadingTCPServer(("127.0.0.1", self.relay_port), Relay)
        self.relay.daemon_threads = True
        threading.Thread(target=self.relay.serve_forever, daemon=True).start()

    def environment(self):
        return {
            "MEDIA_BUCKET": self.BUCKET,
            "MEDIA_ENDPOINT_URL": f"http://127.0.0.1:{self.relay_port}",
            "MEDIA_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "soak",
            "AWS_SECRET_ACCESS_KEY": "soak",
        }

    def stop(self):
        if self.relay is not None:
            self.relay.shutdown()
            self.relay.server_close()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


def _pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


# --- Processes ------------------------------------------------------------------------------


def environment(pg, mail, ports, folder, redis_url, store):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    return (
        env
        | store.environment()
        | {
            "DATABASE_URL": pg.url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "PORTAL_URL": f"http://127.0.0.1:{ports[0]}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "TASKS_BACKEND": "database",
            "REDIS_URL": redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "5",
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "REMINDERS_EVERY_MINUTES": "0.25",
            "MAIL_FIRST_RETRY_MINUTES": "0.25",
            "TASK_RUNNING_TIMEOUT_MINUTES": "0.25",
            "RENDER_RETRY_MINUTES": "0.1",
            "LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }
    )


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, timeout=600, **kwargs,
    )  # fmt: skip


def start_web(env, port, workers, folder):
    log = open(folder / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "dpulo_portal.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def start_worker(env, folder):
    log = open(folder / "worker.log", "a")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--interval", "0.5"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def redis_url():
    """The machine's Redis (database 7, emptied first), or "" when none answers."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as probe:
            probe.sendall(b"SELECT 7\r\nFLUSHDB\r\n")
            probe.recv(100)
        return "redis://127.0.0.1:6379/7"
    except OSError:
        return ""


# --- The data -------------------------------------------------------------------------------


def seed(plan, closes_at):
    """Organisations with one applicant each, the call closing during the run, a call in
    assessment with assessors (each with an authenticator), and a published collection."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import roles
    from accounts.models import Membership, Organisation
    from accounts.services import grant_role
    from bench import data
    from eoi import application, assessment
    from eoi.models import Call, Criterion

    now = timezone.now()
    closing = Call.objects.create(
        slug="soak-closing",
        title="The call that closes during the soak",
        summary="Saved and submitted under load.",
        guidance="Guidance.",
        run_by="Strengthening DPULOs Programme",
        contact_email="programme@example.org",
        opens_at=now - timedelta(days=30),
        closes_at=closes_at,
        page_limit=3,
    )
    for position in range(1, plan.criteria + 1):
        Criterion.objects.create(
            call=closing, position=position, title=f"Question {position}", word_guidance=250
        )
    for number in range(plan.applicants):
        organisation = Organisation.objects.create(
            name=f"Soak DPULO {number}",
            kind=Organisation.Kind.DPULO,
            region=Organisation.Region.LONDON,
            run_by_disabled_people=True,
        )
        person = data.user(f"applicant-{number}@soak.example", f"Applicant {number}")
        person.set_password(PASSWORD)
        person.save()
        grant_role(person, roles.APPLICANT)
        Membership.objects.create(user=person, organisation=organisation)

    # A call in assessment: each assessor declares and scores every expression of interest.
    manager = data.user("manager@soak.example", "Soak manager", roles.PROGRAMME_MANAGER)
    assessed = data.call(
        "soak-assessed",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        written=plan.criteria,
    )
    before = now - timedelta(days=3)
    for number in range(4):
        organisation, person = data.applicant("soak-assessed", number, "london")
        eoi = application.start(assessed, organisation, by=person, now=before)
        for criterion in assessed.criteria.all():
            application.save_answer(
                eoi, criterion, text="We work with disabled people. " * 30, version=0,
                by=person, now=before,
            )  # fmt: skip
        application.submit(eoi, by=person, now=before)
    people = []
    for number in range(plan.assessors):
        person = data.user(f"assessor-{number}@soak.example", f"Assessor {number}", roles.ASSESSOR)
        person.set_password(PASSWORD)
        person.save()
        TOTPDevice.objects.create(user=person, name="Soak", confirmed=True)
        people.append(person.pk)
    assessment.assign(assessed, people, by=manager)
    assessment.open_assessment(assessed, by=manager)

    edition = data.collection_edition("Soak collection")
    data.grow_collection(edition, plan.collection_size)
    from collection import tasks

    tasks.render_edition.call(edition.pk)  # its PDFs in the bucket, for readers to download
    draft_edition(plan)
    return closing


DRAFT_TITLE = "Soak edition published under load"


def draft_edition(plan):
    """A coordinator (with an authenticator) and a draft edition of case studies taken through
    every step to signed off by both, for the coordinator to publish during the run."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import roles
    from accounts.models import Organisation
    from bench import data
    from casestudies import scoping, signoff, workflow, writing
    from casestudies.models import SignOff
    from collection import editions
    from demo import case_study_template

    coordinator = data.user("coordinator@soak.example", "Soak coordinator", roles.COORDINATOR)
    coordinator.set_password(PASSWORD)
    coordinator.save()
    TOTPDevice.objects.create(user=coordinator, name="Soak", confirmed=True)
    template = case_study_template.seed()
    dpulo = Organisation.objects.create(
        name="Soak case-study DPULO",
        kind=Organisation.Kind.DPULO,
        region=Organisation.Region.LONDON,
        run_by_disabled_people=True,
    )
    draft = editions.create(DRAFT_TITLE, by=coordinator)
    draft.introduction = "Published by the coordinator while the soak runs."
    draft.save()
    for number in range(plan.edition_size):
        title = f"Soak case study {number}"
        case_study = scoping.propose(
            {
                "title": title,
                "dpulo": dpulo,
                "commissioner_name": f"Soak council {number}",
                "commissioner_contact_name": "Pat Jones",
                "commissioner_contact_role": "Head of commissioning",
                "commissioner_contact_email": f"pat.{number}@council.soak.example",
                "region": Organisation.Region.LONDON,
                "areas": ["social_care"],
                "kinds_of_work": ["reserved_contracts"],
                "summary": "A council and a DPULO working together.",
            },
            template=template,
            by=coordinator,
        )
        workflow.transition(case_study, "agree", by=coordinator)
        for index, (section, _) in enumerate(writing.answers_by_section(case_study)):
            text = f"{title}: what happened in part {index + 1}. " + "We worked together. " * 40
            writing.save_answer(case_study, section, text.strip(), version=0, by=coordinator)
        workflow.transition(case_study, "submit", by=coordinator)
        workflow.transition(case_study, "approve", by=coordinator)
        for party in SignOff.Party.values:
            signoff.record(case_study, party, name="Pat", role="Head", method="recorded")
        editions.add(draft, case_study)
    return draft


def publish_edition(title, slug, number_of_case_studies):
    """A new edition, published as editions.publish does: its render queued for the worker and
    the collection pages' cache emptied once it commits."""
    from django.db import transaction
    from django.utils import timezone

    from bench import data
    from collection import caching, tasks
    from collection.models import Edition

    with transaction.atomic():
        edition = Edition.objects.create(
            title=title,
            slug=slug,
            status=Edition.Status.PUBLISHED,
            published_at=timezone.now(),
            introduction="Published while the soak runs.",
        )
        data.grow_collection(edition, number_of_case_studies)
        transaction.on_commit(lambda: tasks.render_edition.enqueue(edition.pk))
        transaction.on_commit(caching.collection_changed)
    return edition


def totp(email):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token.time = time.time()
    return f"{token.token():0{device.digits}d}"


def in_django(function, *args):
    """Run ORM work from the driver, taking a fresh connection if the database restarted."""
    from django.db import OperationalError, close_old_connections, connection

    for attempt in range(20):
        close_old_connections()
        try:
            return function(*args)
        except OperationalError:
            connection.close()
            if attempt == 19:
                raise
            time.sleep(0.5)
    return None


# --- The driver -----------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Record:
    kind: str
    status: int
    seconds: float
    at: float


@dataclass
class Ledger:
    """What the portal told the driver, to check against the database afterwards."""

    saved: dict = field(default_factory=dict)  # (organisation, page) -> last text acknowledged
    saves_acknowledged: int = 0
    refused_saves: list = field(default_factory=list)
    submitted: dict = field(default_factory=dict)  # organisation -> seconds after the close
    refused_late: dict = field(default_factory=dict)  # organisation -> seconds after the close
    other_refusals: list = field(default_factory=list)
    assessments_submitted: int = 0


class Driver:
    def __init__(self, plan, ports, closes_at_monotonic, mail):
        import httpx

        self.httpx = httpx
        self.plan = plan
        self.ports = ports
        self.close = closes_at_monotonic
        self.started = time.monotonic()
        self.records = []
        self.ledger = Ledger()
        self.errors_500 = []
        self.busy_pages = 0  # 503s: the "service is busy" page, the database or storage down
        self.mail = mail

    def client(self, number):
        port = self.ports[number % len(self.ports)]
        return self.httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", timeout=60, follow_redirects=False
        )

    async def request(self, client, kind, method, url, data=None, tries=30):
        """One request, tried again (as a person would, a second later) while the service is
        busy (503) or cannot be reached. Every attempt is recorded."""
        for _ in range(tries):
            began = time.monotonic()
            try:
                response = await client.request(method, url, data=data)
            except self.httpx.TransportError:
                self.records.append(Record(kind, 0, time.monotonic() - began, began))
                await asyncio.sleep(1)
                continue
            self.records.append(Record(kind, response.status_code, time.monotonic() - began, began))
            if response.status_code >= 500 and response.status_code != 503:
                self.errors_500.append(f"{method} {url}: {response.status_code}")
            if response.status_code != 503:
                return response
            self.busy_pages += 1
            if "Sorry, the service is busy" not in response.text or "Traceback" in response.text:
                self.errors_500.append(f"{method} {url}: 503 without the portal's busy page")
            await asyncio.sleep(1)
        return response

    async def form(self, client, kind, url, fields, *, with_version=False):
        page = await self.request(client, f"{kind} page", "GET", url)
        data = dict(fields)
        data["csrfmiddlewaretoken"] = CSRF.search(page.text).group(1)
        if with_version:
            data["version"] = VERSION.search(page.text).group(1)
        return await self.request(client, kind, "POST", url, data=data)

    async def sign_in(self, client, email, second_factor=False):
        response = await self.form(
            client, "sign in", "/sign-in/", {"username": email, "password": PASSWORD}
        )
        if response.status_code != 302:
            raise SoakError(f"{email} could not sign in: status {response.status_code}")
        if second_factor:
            code = await asyncio.to_thread(in_django, totp, email)
            response = await self.form(client, "sign-in code", "/sign-in/code/", {"code": code})
            if response.status_code != 302:
                raise SoakError(f"{email}'s code was refused: status {response.status_code}")

    # Applicants ---------------------------------------------------------------------------

    async def applicant(self, number, submit_at):
        slug = "soak-closing"
        marker = f"ORG-{number}"
        async with self.client(number) as client:
            await asyncio.sleep(random.uniform(0, 15))
            await self.sign_in(client, f"applicant-{number}@soak.example")
            await self.request(client, "task list", "GET", f"/calls/{slug}/apply/")
            pages = [
                (
                    "organisation",
                    f"/calls/{slug}/apply/organisation/",
                    {
                        "organisation_name": f"Soak DPULO {number}",
                        "organisation_region": "london",
                        "organisation_website": "",
                        "organisation_summary": f"{marker} is run by and for disabled people.",
                    },
                    "organisation_summary",
                ),
                *[
                    (
                        f"criterion {position}",
                        f"/calls/{slug}/apply/criteria/{position}/",
                        {"text": f"{marker} answers question {position}." + " Our work." * 40},
                        "text",
                    )
                    for position in range(1, self.plan.criteria + 1)
                ],
                (
                    "contact",
                    f"/calls/{slug}/apply/contact/",
                    {
                        "contact_name": f"Contact {number}",
                        "contact_role": "Chair",
                        "contact_email": f"applicant-{number}@soak.example",
                        "contact_phone": "",
                    },
                    "contact_email",
                ),
            ]
            for page, url, fields, kept in pages:
                await self.save(client, number, page, url, fields, kept)
                await asyncio.sleep(random.uniform(0.5, 3))
            # In the closing minutes, one more change to the first answer, then submit.
            await asyncio.sleep(max(0, submit_at - 20 - time.monotonic()))
            page, url, fields, kept = pages[1]
            fields = {"text": f"{marker} changed its first answer at the last minute. Done."}
            await self.save(client, number, page, url, fields, kept)
            await asyncio.sleep(max(0, submit_at - time.monotonic()))
            response = await self.form(
                client, "submit", f"/calls/{slug}/apply/declaration/", {"confirm": "on"}
            )
            after_close = time.monotonic() - self.close
            if response.status_code == 302 and "/confirmation/" in response.headers["location"]:
                self.ledger.submitted[number] = after_close
            elif CLOSING_MESSAGE in response.text:
                self.ledger.refused_late[number] = after_close
            else:
                self.ledger.other_refusals.append((number, response.status_code))

    async def save(self, client, number, page, url, fields, kept):
        response = await self.form(client, "save", url, fields, with_version=True)
        if response.status_code == 302:
            self.ledger.saved[(number, page)] = fields[kept]
            self.ledger.saves_acknowledged += 1
        else:
            late = CLOSING_MESSAGE in response.text
            self.ledger.refused_saves.append((number, page, "closed" if late else "other"))

    # Assessors and readers ----------------------------------------------------------------

    async def assessor(self, number):
        async with self.client(number) as client:
            await asyncio.sleep(random.uniform(0, 10))
            await self.sign_in(client, f"assessor-{number}@soak.example", second_factor=True)
            queue = await self.request(client, "assessor queue", "GET", "/assess/")
            for reference in sorted(set(re.findall(r"/assess/([A-Z0-9-]+)/declare/", queue.text))):
                await self.form(
                    client, "declare", f"/assess/{reference}/declare/", {"has_conflict": "no"}
                )
                page = await self.request(client, "assess page", "GET", f"/assess/{reference}/")
                scores = {
                    f"score_{pk}": str(random.randint(1, 3))
                    for pk in set(re.findall(r'name="score_(\d+)"', page.text))
                }
                comments = {name.replace("score", "comment"): "Evidence given." for name in scores}
                response = await self.form(
                    client,
                    "score",
                    f"/assess/{reference}/",
                    {**scores, **comments, "action": "submit"},
                )
                if response.status_code == 302:
                    self.ledger.assessments_submitted += 1
                await asyncio.sleep(random.uniform(1, 5))

    async def reader(self, number, stop):
        paths = [
            "/",
            "/collection/",
            "/collection/case-studies/",
            "/collection/case-studies/?q=transport",
            "/collection/editions/benchmark-collection/pdf/",
        ]
        async with self.client(number) as client:
            while not stop.is_set() and time.monotonic() - self.started < self.plan.timeout:
                path = random.choice(paths)
                await self.request(client, f"read {path.split('?')[0]}", "GET", path)
                await asyncio.sleep(random.uniform(0.2, 1.0))


# --- Faults ---------------------------------------------------------------------------------


async def wait_until(moment):
    await asyncio.sleep(max(0, moment - time.monotonic()))


async def healthy(ports, since, limit=120):
    """Seconds from ``since`` until every web process answers /healthz with 200."""
    import httpx

    waiting = set(ports)
    recovered = {}
    async with httpx.AsyncClient(timeout=5) as client:
        while waiting and time.monotonic() - since < limit:
            for port in list(waiting):
                try:
                    response = await client.get(f"http://127.0.0.1:{port}/healthz")
                    if response.status_code == 200:
                        waiting.discard(port)
                        recovered[port] = round(time.monotonic() - since, 2)
                except httpx.TransportError:
                    pass
            await asyncio.sleep(0.2)
    return recovered


async def restart_postgres(pg, ports, faults, start, down_seconds):
    began = time.monotonic()
    await asyncio.to_thread(pg.restart, down_seconds)
    back = time.monotonic()
    recovered = await healthy(ports, back)
    faults.append(
        {
            "fault": "PostgreSQL restarted",
            "at_seconds": round(began - start, 1),
            "database_down_seconds": round(back - began, 2),
            "every_web_process_serving_after_seconds": max(recovered.values(), default=None),
            "by_port": recovered,
        }
    )


async def mail_outage(mail, down_at, up_at, faults, start):
    await wait_until(down_at)
    mail.stop()
    await wait_until(up_at)
    mail.start()
    faults.append(
        {
            "fault": "SMTP server stopped, then started",
            "at_seconds": round(down_at - start, 1),
            "down_seconds": round(up_at - down_at, 1),
        }
    )


def _queued_or_failed():
    from mail.models import Message

    return Message.objects.exclude(status=Message.Status.SENT).count()


def _render_task_state(edition_id):
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.filter(task_path__endswith="render_edition").order_by(
        "-enqueued_at"
    )
    found = task.filter(args_kwargs__args=[edition_id]).first()
    return found.status if found else None


def _rendered(edition_id):
    from collection.models import Edition

    return Edition.objects.get(pk=edition_id).pdf_rendered_at is not None


def _draft():
    from collection.models import Edition

    return Edition.objects.get(title=DRAFT_TITLE)


async def kill_worker_mid_render(soak, driver, faults, start):
    """The coordinator publishes an edition through one web process; both show it at once
    (the shared cache). The worker is SIGKILLed once it is rendering and a new one started;
    how long until the edition's files are complete?"""
    import httpx

    draft = await asyncio.to_thread(in_django, _draft)
    async with httpx.AsyncClient(timeout=30) as client:
        before = [
            (await client.get(f"http://127.0.0.1:{port}/collection/")).text for port in soak.ports
        ]
        # number 0: the first web process
        async with driver.client(0) as coordinator:
            await driver.sign_in(coordinator, "coordinator@soak.example", second_factor=True)
            page = await driver.request(
                coordinator, "edition page", "GET", f"/collection/manage/{draft.pk}/"
            )
            published = await driver.request(
                coordinator,
                "publish",
                "POST",
                f"/collection/manage/{draft.pk}/publish/",
                data={"csrfmiddlewaretoken": CSRF.search(page.text).group(1)},
            )
        if published.status_code != 302 or "/collection/editions/" not in published.headers.get(
            "location", ""
        ):
            raise SoakError(f"the coordinator could not publish: {published.status_code}")
        seen = [
            DRAFT_TITLE in (await client.get(f"http://127.0.0.1:{port}/collection/")).text
            for port in soak.ports
        ]
    edition = draft
    began = time.monotonic()
    while await asyncio.to_thread(in_django, _render_task_state, edition.pk) != "RUNNING":
        if time.monotonic() - began > 120:
            raise SoakError("the worker never started rendering the edition")
        await asyncio.sleep(0.1)
    soak.worker.send_signal(signal.SIGKILL)
    soak.worker.wait(timeout=30)
    killed = time.monotonic()
    soak.worker = start_worker(soak.env, soak.folder)
    while not await asyncio.to_thread(in_django, _rendered, edition.pk):
        if time.monotonic() - killed > 300:
            break
        await asyncio.sleep(1)
    faults.append(
        {
            "fault": "worker killed with SIGKILL while rendering an edition",
            "at_seconds": round(killed - start, 1),
            "rendered_after_seconds": round(time.monotonic() - killed, 1),
            "edition_id": edition.pk,
            "published_through_one_web_process_seen_at_once_through_both": all(seen),
            "both_processes_served_the_collection_before": all(bool(text) for text in before),
        }
    )
    return edition


def _render_attempts(edition_id):
    from django_tasks_db.models import DBTaskResult

    return Counter(
        DBTaskResult.objects.filter(
            task_path__endswith="render_edition", args_kwargs__args=[edition_id]
        ).values_list("status", flat=True)
    )


async def storage_refuses(soak, faults, start, down_seconds):
    """The bucket refuses every connection while an edition is published: the edition must
    not be shown with files it does not have, its PDF address must answer (404 while it is
    being prepared, 503 for a file the storage cannot give), and once the storage is back the
    render is tried again and completes, its PDF streamed with its ETag by both processes."""
    import httpx

    soak.store.refusing.set()
    began = time.monotonic()
    edition = await asyncio.to_thread(
        in_django, publish_edition, "Soak edition published while storage is down",
        "refused-storage-edition", 6,
    )  # fmt: skip
    await asyncio.sleep(down_seconds)
    during = {}
    async with httpx.AsyncClient(timeout=30) as client:
        for port in soak.ports:
            base = f"http://127.0.0.1:{port}/collection/editions"
            page = await client.get(f"{base}/{edition.slug}/")
            pdf = await client.get(f"{base}/{edition.slug}/pdf/")
            older = await client.get(f"{base}/benchmark-collection/pdf/")
            during[port] = {
                "edition_page": page.status_code,
                "says_being_prepared": "being prepared" in page.text,
                "its_pdf": pdf.status_code,
                "an_older_pdf": older.status_code,
            }
        failed = (await asyncio.to_thread(in_django, _render_attempts, edition.pk))["FAILED"]
        soak.store.refusing.clear()
        back = time.monotonic()
        while not await asyncio.to_thread(in_django, _rendered, edition.pk):
            if time.monotonic() - back > 240:
                break
            await asyncio.sleep(0.5)
        rendered_after = round(time.monotonic() - back, 1)
        etags = {}
        for port in soak.ports:
            url = f"http://127.0.0.1:{port}/collection/editions/{edition.slug}/pdf/"
            first = await client.get(url)
            again = await client.get(url, headers={"If-None-Match": first.headers.get("etag", "")})
            etags[port] = {
                "status": first.status_code,
                "etag": first.headers.get("etag"),
                "repeat_status": again.status_code,
                "bytes": len(first.content),
            }
    sha256 = await asyncio.to_thread(
        in_django, lambda: type(edition).objects.get(pk=edition.pk).pdf_sha256
    )
    faults.append(
        {
            "fault": "storage refused every connection while an edition was published",
            "at_seconds": round(began - start, 1),
            "down_seconds": down_seconds,
            "render_attempts_failed_while_down": failed,
            "while_down": during,
            "rendered_after_storage_returned_seconds": rendered_after,
            "pdf_from_the_bucket_by_each_process": etags,
            "etag_is_the_files_sha256": all(
                (e["etag"] or "").strip('"') == sha256 for e in etags.values()
            ),
        }
    )
    soak.storage_edition = edition


# --- The run --------------------------------------------------------------------------------


class Soak:
    def __init__(self, plan, folder, restore=None):
        self.plan = plan
        self.restore = restore
        self.folder = Path(folder)
        self.pg = Postgres(self.folder / "postgres")
        self.mail = MailServer()
        self.store = ObjectStore(self.folder)
        self.ports = [free_port(), free_port()]
        self.processes = []
        self.worker = None
        self.storage_edition = None

    def __enter__(self):
        self.pg.start()
        self.mail.start()
        self.store.start()
        self.redis = redis_url()
        self.env = environment(self.pg, self.mail, self.ports, self.folder, self.redis, self.store)
        os.environ.update(self.env)  # the driver reads and writes the same database
        os.environ["DJANGO_SETTINGS_MODULE"] = "dpulo_portal.settings"
        if self.restore:  # a copy of staging (``make backup`` there), the soak's data on top
            manage(self.env, "restore", str(self.restore), "--media-root", str(self.folder / "m"))
        manage(self.env, "migrate", "--no-input")
        manage(self.env, "collectstatic", "--no-input")
        import django

        django.setup()
        return self

    def serve(self):
        for port in self.ports:
            self.processes.append(start_web(self.env, port, self.plan.web_workers, self.folder))
        self.worker = start_worker(self.env, self.folder)
        manage(self.env, "send_reminders", "--schedule", "--no-deliver")
        deadline = time.monotonic() + 60
        import urllib.request

        for port in self.ports:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)

    def __exit__(self, *exc):
        from django.db import connections

        connections.close_all()
        for process in [*self.processes, self.worker]:
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.mail.stop()
        self.store.stop()
        with contextlib.suppress(SoakError):
            self.pg.stop()
        return False


async def drive(soak, closes_at_monotonic, start):
    plan = soak.plan
    driver = Driver(plan, soak.ports, closes_at_monotonic, soak.mail)
    rng = random.Random(2026)
    close = closes_at_monotonic
    submit_times = []
    for number in range(plan.applicants):
        if number < plan.closing_second:  # spread over the second around the close
            submit_times.append(close - 0.5 + number / max(1, plan.closing_second - 1))
        else:
            submit_times.append(close - rng.uniform(2, min(110, plan.close_after - 25)))
    schedule = {name: start + seconds for name, seconds in plan.schedule.items()}
    faults = []
    jobs = [driver.applicant(n, submit_times[n]) for n in range(plan.applicants)]
    jobs += [driver.assessor(n) for n in range(plan.assessors)]
    reading = asyncio.Event()  # set when the readers stop
    jobs += [driver.reader(n, reading) for n in range(plan.readers)]
    edition = None

    async def stop_reading(after):
        await after
        await wait_until(schedule["readers_stop"])
        reading.set()

    if not plan.faults:
        jobs.append(stop_reading(asyncio.sleep(0)))
    else:

        async def postgres_fault():
            await wait_until(schedule["postgres_restart"])
            await restart_postgres(soak.pg, soak.ports, faults, start, plan.postgres_down_seconds)

        async def worker_and_storage_faults():
            nonlocal edition
            await wait_until(schedule["publish_and_kill_worker"])
            edition = await kill_worker_mid_render(soak, driver, faults, start)
            await storage_refuses(soak, faults, start, plan.storage_down_seconds)

        jobs += [
            postgres_fault(),
            mail_outage(soak.mail, schedule["smtp_down"], schedule["smtp_up"], faults, start),
            stop_reading(worker_and_storage_faults()),
        ]
    await asyncio.wait_for(asyncio.gather(*jobs), timeout=plan.timeout)
    # Let the outbox drain: messages that failed while the mail server was down are retried.
    drained_at = None
    while time.monotonic() - start < plan.timeout:
        if await asyncio.to_thread(in_django, _queued_or_failed) == 0:
            drained_at = time.monotonic()
            break
        await asyncio.sleep(2)
    smtp = next((f for f in faults if f["fault"].startswith("SMTP")), None)
    if smtp is not None:
        up = start + smtp["at_seconds"] + smtp["down_seconds"]
        smtp["every_message_delivered_after_seconds"] = (
            round(drained_at - up, 1) if drained_at else None
        )
    return driver, faults, edition


def refused_drafts_not_kept(ledger, organisations, eois):
    """The applicants whose submission was refused at the close and whose draft was not kept:
    no longer a draft, or without an answer they were told was saved. On a slow day some
    applicants are still writing when the call closes, so a refused draft may rightly hold
    fewer answers than the call has criteria."""
    from eoi.models import Answer, ExpressionOfInterest

    not_kept = []
    for number in ledger.refused_late:
        organisation = organisations.get(number)
        eoi = eois.get(organisation.pk) if organisation else None
        acknowledged = {
            int(page.split()[1])
            for saved_by, page in ledger.saved
            if saved_by == number and page.startswith("criterion")
        }
        if eoi is None:
            if acknowledged:
                not_kept.append(number)
            continue
        answered = set(
            Answer.objects.filter(expression_of_interest=eoi)
            .exclude(text="")
            .values_list("criterion__position", flat=True)
        )
        if eoi.status != ExpressionOfInterest.Status.DRAFT or not acknowledged <= answered:
            not_kept.append(number)
    return not_kept


def check(driver, soak, edition):
    """The ledger against the database."""
    from accounts.models import Organisation
    from eoi.models import Answer, ExpressionOfInterest, Submission
    from mail.models import Message

    ledger = driver.ledger
    organisations = {
        int(o.name.rsplit(" ", 1)[1]): o
        for o in Organisation.objects.filter(name__startswith="Soak DPULO ")
    }
    eois = {
        e.organisation_id: e
        for e in ExpressionOfInterest.objects.filter(call__slug="soak-closing").select_related(
            "organisation"
        )
    }
    lost, mixed = [], []
    for (number, page), text in ledger.saved.items():
        eoi = eois.get(organisations[number].pk)
        if eoi is None:
            lost.append((number, page, "no expression of interest"))
            continue
        if page.startswith("criterion"):
            position = int(page.split()[1])
            answer = Answer.objects.filter(expression_of_interest=eoi, criterion__position=position)
            stored = answer.values_list("text", flat=True).first()
        elif page == "organisation":
            stored = eoi.organisation_summary
        else:
            stored = eoi.contact_email
        if (stored or "").strip() != text.strip():  # forms trim the ends, as people expect
            lost.append((number, page, "text differs"))
    for eoi in eois.values():
        number = int(eoi.organisation.name.rsplit(" ", 1)[1])
        texts = list(
            Answer.objects.filter(expression_of_interest=eoi).values_list("text", flat=True)
        )
        for text in [*texts, eoi.organisation_summary]:
            markers = set(re.findall(r"ORG-\d+", text or ""))
            if markers - {f"ORG-{number}"}:
                mixed.append(number)
    duplicates, missing_copies, missing_receipts = [], [], []
    received = Counter(driver.mail.received)
    for number in ledger.submitted:
        eoi = eois[organisations[number].pk]
        if not Submission.objects.filter(expression_of_interest=eoi).exists():
            missing_copies.append(number)
        receipts = Message.objects.filter(
            kind=Message.Kind.RECEIPT, subject__endswith=eoi.reference or "?"
        )
        sent = [m for m in receipts if m.status == Message.Status.SENT]
        on_server = (
            received[((f"applicant-{number}@soak.example",), receipts[0].subject)]
            if receipts
            else 0
        )
        if len(receipts) > 1 or on_server > 1:
            duplicates.append(number)
        if len(sent) != 1 or on_server != 1:
            missing_receipts.append(number)
    late_not_kept = refused_drafts_not_kept(ledger, organisations, eois)
    render = render_complete_once(edition.pk) if edition is not None else {}
    storage_render = (
        render_complete_once(soak.storage_edition.pk) if soak.storage_edition is not None else {}
    )
    return {
        "saves_acknowledged": ledger.saves_acknowledged,
        "pages_saved": len(ledger.saved),
        "saves_refused_after_the_close": sum(
            1 for *_, why in ledger.refused_saves if why == "closed"
        ),
        "saves_refused_otherwise": sum(1 for *_, why in ledger.refused_saves if why != "closed"),
        "lost_writes": len(lost),
        "lost_write_details": lost[:20],
        "organisations_with_mixed_answers": sorted(set(mixed)),
        "submissions_acknowledged": len(ledger.submitted),
        "submissions_acknowledged_in_the_closing_second": sum(
            1 for after in ledger.submitted.values() if -1 <= after <= 0
        ),
        "submissions_refused_after_the_close": len(ledger.refused_late),
        "submissions_refused_otherwise": ledger.other_refusals,
        "acknowledged_without_frozen_copy": missing_copies,
        "duplicate_receipts": len(duplicates),
        "receipts_missing_or_not_delivered_once": missing_receipts,
        "refused_without_draft_kept": late_not_kept,
        "assessments_submitted": ledger.assessments_submitted,
        "responses_500": driver.errors_500,
        "busy_pages_503_then_tried_again": driver.busy_pages,
        "edition_render": render,
        "edition_render_after_storage_refused": storage_render,
        "emails_in_outbox": Message.objects.count(),
        "emails_received_by_the_smtp_server": len(driver.mail.received),
    }


def stored_names(prefix):
    """The names in the storage (the bucket) starting with ``prefix``."""
    from django.core.files.storage import default_storage

    folder, start = prefix.rsplit("/", 1)
    _, files = default_storage.listdir(folder)
    return [f"{folder}/{name}" for name in files if name.startswith(start)]


def render_complete_once(edition_id):
    """Whether the edition, each of its case studies and each format has its file, and every
    file of the edition exists once (none left beside it by the killed render)."""
    from collection.models import Edition, Format

    edition = Edition.objects.get(pk=edition_id)
    case_studies = list(edition.case_studies.all())
    formats = list(Format.objects.filter(edition=edition))
    referenced = {edition.pdf.name, *(c.pdf.name for c in case_studies)}
    referenced |= {f.file.name for f in formats}
    referenced.discard("")
    on_disk = set(stored_names(f"editions/{edition.slug}"))
    expected_formats = len(case_studies) + 2  # large print of each and of the edition; EPUB
    expected_formats += sum(1 for c in case_studies if c.easy_read) + any(
        c.easy_read for c in case_studies
    )
    return {
        "rendered": edition.pdf_rendered_at is not None,
        "every_case_study_has_its_pdf": all(c.pdf for c in case_studies),
        "formats": len(formats),
        "formats_expected": expected_formats,
        "files_on_disk": len(on_disk),
        "files_referenced": len(referenced),
        "files_not_referenced": sorted(on_disk - referenced)[:10],
    }


def summarise(records):
    by_kind = defaultdict(list)
    statuses = Counter()
    for record in records:
        by_kind[record.kind].append(record)
        statuses[str(record.status)] += 1
    endpoints = {}
    for kind, items in sorted(by_kind.items()):
        times = sorted(item.seconds * 1000 for item in items if item.status not in (0, 503))
        endpoints[kind] = {
            "requests": len(items),
            "p50_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(times[math.ceil(0.95 * len(times)) - 1], 1) if times else None,
            "errors": dict(
                Counter(str(i.status) for i in items if i.status >= 400 or i.status == 0)
            ),
        }
    return endpoints, dict(statuses)


def markdown(result):
    ledger = result["ledger"]
    plan = result["plan"]
    caches = "sharing Redis" if result["redis"] else "no Redis: separate caches"
    rows = [
        ("Saves acknowledged", ledger["saves_acknowledged"]),
        (
            "Saves refused after the close (with the closing-time message) / otherwise",
            f"{ledger['saves_refused_after_the_close']} / {ledger['saves_refused_otherwise']}",
        ),
        ("Lost writes (goal 0)", ledger["lost_writes"]),
        (
            "Submissions acknowledged (in the closing second)",
            f"{ledger['submissions_acknowledged']} "
            f"({ledger['submissions_acknowledged_in_the_closing_second']})",
        ),
        (
            "Submissions refused after the close (draft not kept)",
            f"{ledger['submissions_refused_after_the_close']} "
            f"({len(ledger['refused_without_draft_kept'])})",
        ),
        ("Duplicate receipts (goal 0)", ledger["duplicate_receipts"]),
        (
            "Receipts not delivered exactly once (goal 0)",
            len(ledger["receipts_missing_or_not_delivered_once"]),
        ),
        (
            "Organisations holding another's answers (goal 0)",
            len(ledger["organisations_with_mixed_answers"]),
        ),
        ("Responses with status 500 (goal 0)", len(ledger["responses_500"])),
        (
            "Busy pages (503: the database or the storage not answering), then tried again",
            ledger["busy_pages_503_then_tried_again"],
        ),
        ("Assessments submitted", ledger["assessments_submitted"]),
        (
            "Emails in the outbox / received by the SMTP server",
            f"{ledger['emails_in_outbox']} / {ledger['emails_received_by_the_smtp_server']}",
        ),
    ]
    lines = [
        "# Soak: the closing minutes under load and faults",
        "",
        f"{plan['applicants']} applicants of as many organisations, {plan['assessors']} "
        f"assessors, {plan['readers']} readers; two gunicorn processes ({caches}), one worker, "
        f"PostgreSQL {result['postgres']}. The run took {result['seconds']} s.",
        "",
        "## The ledger",
        "",
        "| Check | Result |",
        "|---|---|",
        *[f"| {check} | {value} |" for check, value in rows],
        "",
        "## Faults",
        "",
    ]
    for fault in result["faults"]:
        details = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in fault.items() if k != "fault")
        lines.append(f"- **{fault['fault']}**: {details}")
    lines += [
        "",
        "## Requests by endpoint",
        "",
        "| Endpoint | Requests | p50 ms | p95 ms | Errors |",
        "|---|---|---|---|---|",
    ]
    for kind, figures in result["endpoints"].items():
        errors = ", ".join(f"{k}: {v}" for k, v in figures["errors"].items()) or "none"
        lines.append(
            f"| {kind} | {figures['requests']} | {figures['p50_ms']} | {figures['p95_ms']} "
            f"| {errors} |"
        )
    lines += [
        "",
        f"Statuses: {', '.join(f'{k}: {v}' for k, v in sorted(result['statuses'].items()))}",
        "",
    ]
    return "\n".join(lines)


def run(plan, *, write=True, restore=None):
    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="dpulo-soak-"))
    try:
        with Soak(plan, folder, restore=restore) as soak:
            from django.utils import timezone

            start = time.monotonic() + 5  # the load starts once everything is serving
            closes_at = timezone.now() + timedelta(seconds=plan.close_after + 5)
            in_django(seed, plan, closes_at)
            soak.serve()
            # The closing time in the driver's clock: seeded before serving, so measure again.
            closes_at_monotonic = time.monotonic() + (closes_at - timezone.now()).total_seconds()
            start = closes_at_monotonic - plan.close_after
            driver, faults, edition = asyncio.run(drive(soak, closes_at_monotonic, start))
            ledger = in_django(check, driver, soak, edition)
            endpoints, statuses = summarise(driver.records)
            version = in_django(_postgres_version)
            result = {
                "plan": asdict(plan) | {"schedule_seconds": plan.schedule},
                "seconds": round(time.monotonic() - began, 1),
                "redis": bool(soak.redis),
                "postgres": version,
                "ledger": ledger,
                "faults": faults,
                "endpoints": endpoints,
                "statuses": statuses,
            }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "soak.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
        (RESULTS / "soak.md").write_text(markdown(result))
    return result


def _postgres_version():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def failures(result):
    """The goals the run missed, in words (empty when it met them all)."""
    ledger = result["ledger"]
    found = []
    if ledger["lost_writes"]:
        found.append(f"{ledger['lost_writes']} lost writes")
    if ledger["duplicate_receipts"]:
        found.append(f"{ledger['duplicate_receipts']} duplicate receipts")
    if ledger["receipts_missing_or_not_delivered_once"]:
        found.append(
            f"receipts not delivered once: {ledger['receipts_missing_or_not_delivered_once']}"
        )
    if ledger["acknowledged_without_frozen_copy"]:
        found.append("acknowledged submissions without a frozen copy")
    if ledger["refused_without_draft_kept"]:
        found.append("refused submissions whose draft was not kept")
    if ledger["organisations_with_mixed_answers"]:
        found.append("answers mixed between organisations")
    if ledger["responses_500"]:
        found.append(f"{len(ledger['responses_500'])} responses with status 500")
    if ledger["submissions_refused_otherwise"]:
        found.append(
            f"submissions refused for another reason: {ledger['submissions_refused_otherwise']}"
        )
    for key, after in (
        ("edition_render", "the worker was killed"),
        ("edition_render_after_storage_refused", "the storage refused writes"),
    ):
        render = ledger[key]
        if render and not (
            render["rendered"]
            and render["every_case_study_has_its_pdf"]
            and render["formats"] == render["formats_expected"]
            and not render["files_not_referenced"]
        ):
            found.append(f"the edition's render after {after}: {render}")
    for fault in result["faults"]:
        if (
            fault["fault"].startswith("worker")
            and not fault["published_through_one_web_process_seen_at_once_through_both"]
        ):
            found.append("an edition published through one web process was not seen through both")
        if not fault["fault"].startswith("storage"):
            continue
        for port, seen in fault["while_down"].items():
            if not (seen["edition_page"] == 200 and seen["says_being_prepared"]):
                found.append(f"while storage was down, port {port} showed the edition as {seen}")
            if seen["its_pdf"] != 404 or seen["an_older_pdf"] != 503:
                found.append(f"while storage was down, port {port}'s PDFs answered {seen}")
        for port, pdf in fault["pdf_from_the_bucket_by_each_process"].items():
            if (pdf["status"], pdf["repeat_status"]) != (200, 304):
                found.append(f"port {port} did not stream the PDF with its ETag: {pdf}")
        if not fault["etag_is_the_files_sha256"]:
            found.append("a PDF's ETag was not its SHA-256")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="A few users and every fault.")
    parser.add_argument("--no-faults", action="store_true", help="Load only.")
    parser.add_argument(
        "--restore",
        metavar="BACKUP",
        help="Start from a copy of another deployment's data: a folder written by "
        "`make backup` there (staging, say), restored into the soak's own database.",
    )
    args = parser.parse_args(argv)
    # Stopped from outside (CI's timeout, Ctrl-C): still stop every server it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    plan = SMALL if args.small else Plan()
    if args.no_faults:
        plan.faults = False
    result = run(plan, write=not args.small, restore=args.restore)
    print(markdown(result))
    missed = failures(result)
    for line in missed:
        print(f"MISSED: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
