#!/usr/bin/env python3
"""Measure the memory and disk a Champion Hub install needs, on SQLite and on PostgreSQL.

Usage:

    python3 scripts/footprint.py --binary target/release/champion-hub \
        [--sizes 10000,100000] [--learners 100000] [--requests 200] [--budget 60] \
        [--pg-url postgres://postgres@127.0.0.1:5432] [--work /tmp/footprint] [--keep]

What it does, for each catalog size N in --sizes:

1. Generates a catalog file of N resources in the exchange format (the shared spec's JSON
   Schema and rules), deterministically: words drawn by a Zipf distribution over the seed
   catalog's vocabulary and clinical terms, as `server/benches/search.rs` does, at the seed
   catalog's text lengths (title, summary, and a Markdown body on the same share of resources
   as the seed), three items per resource, a quiz on every module series, providers, terms,
   costs, credits and a few pathways. `champion-hub import` is the validity check: it refuses
   an invalid file and lists every problem.
2. On SQLite and on PostgreSQL (a fresh database named `footprint_*` on --pg-url):
   - times `champion-hub import FILE` under `/usr/bin/time -v` (wall time, peak RSS);
   - starts `champion-hub serve --no-seed` on a free port with its own data directory and
     times it until `GET /healthz` answers (the listener opens once the search index is built);
   - sends --requests searches (`/api/v1/search`) and as many browse requests
     (`/api/v1/resources`), one at a time, each kind stopping early after --budget seconds
     (browse is slow on large catalogs), then reads the server's VmRSS and VmHWM from /proc
     and the CPU it uses while idle over 10 seconds;
   - records the SQLite file and its -wal as the hub left them, and the file alone once a
     checkpoint has folded the log in ("settled"), or `pg_database_size`; and the size of the
     search index directory.
3. On the smallest size only, adds --learners learner accounts by SQL in bulk, each with 10
   progress rows, 3 bookmarks and 1 quiz attempt. One real account is made first with
   `champion-hub user add`, and its `password_hash` string is reused for every row, so the
   sizes are those of real rows. It records the database's growth (settled size after minus
   before) and serves again to read the RSS with the learners present.
4. Prints a Markdown table and writes everything to WORK/results.json. PostgreSQL databases
   and working files it made are removed at the end (unless --keep).

Needs: Python 3.11 (standard library only), /usr/bin/time, psql, and a PostgreSQL that the
--pg-url user may create databases on. Nothing here changes the repository.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_CATALOG = REPO / "server" / "seed" / "catalog.json"

KINDS = [
    "module_series",
    "recorded_session",
    "course",
    "fellowship",
    "certificate_program",
    "organization",
    "program",
    "guide",
]
# The clinical words of server/benches/generated/mod.rs, ahead of the seed catalog's own words.
WORDS = """palliative care pain dyspnea breathlessness nausea vomiting constipation delirium
depression anxiety serious illness communication news goals advance planning hospice family
caregiver grief bereavement spiritual chaplain nurse physician social work pediatric adult
oncology gynecologic surgery surgical cardiology heart failure renal dementia frailty opioid
methadone symptom management assessment prognosis ethics consent decision shared
interprofessional team champion leadership education simulation workshop module quiz fellowship
certificate program international policy equity rural telehealth outpatient inpatient
consultation home dying comfort sedation hydration""".split()
DISCIPLINES = ["nursing", "physician", "social-work", "chaplaincy", "pharmacy", "advanced-practice"]
SPECIALTIES = ["hospice-and-palliative-medicine", "gynecologic-oncology", "oncology", "cardiology",
               "nephrology", "geriatrics", "pediatrics", "surgery", "critical-care"]
TOPICS = ["pain", "dyspnea", "communication", "advance-care-planning", "ethics", "grief", "pediatrics",
          "serious-illness-communication", "symptom-management", "fellowship-training"]
TAGS = ["quizzes", "CME", "free", "case discussion guides", "palliative care champion", "webinar series",
        "toolkit", "handout", "simulation"]
FORMATS = ["on_demand", "live_online", "in_person", "hybrid"]
PROFESSIONS = ["Nurse", "Physician", "Social worker", "Chaplain", "Pharmacist", "Nurse practitioner", None]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luis",
         "Maya", "Nikhil", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tomas", "Uma", "Victor", "Wen", "Yara"]
LAST = ["Ruiz", "Okafor", "Nguyen", "Schmidt", "Haddad", "Kowalski", "Tanaka", "Silva", "Moreau", "Patel",
        "Johansson", "Mensah", "Rossi", "Cohen", "Larsen", "Ibrahim", "Fischer", "Walker", "Dubois", "Kim"]
# The query mix of server/benches/search.rs: lay words, abbreviations, typos, a prefix, phrases.
QUERIES = ["pain", "SOB", "bad news", "peds pain", "palative certifcate", "advance care planning",
           "opioid methadone", "grief support for families", "heart failure prognosis", "delirum", "CME",
           "communication workshop", "surgical palliative care", "team champion leadership",
           "dementia home hospice", "nausea vomiting", "goals of care conversation",
           "spiritual care chaplain", "renal", "pal"]
PASSWORD = "footprint-password-1"  # only for the throwaway account whose hash the learners share


# --- the catalog -------------------------------------------------------------------------------

class Text:
    """Zipf-distributed words over the seed catalog's vocabulary and the clinical words, as the
    project's search benchmark draws them, cut to a wanted number of characters."""

    def __init__(self, seed: dict, rng: random.Random):
        words: list[str] = []
        seen: set[str] = set()
        corpus = " ".join(
            str(r.get(key) or "") for r in seed["resources"] for key in ("title", "summary", "body")
        )
        for w in WORDS + [w.lower() for w in re.split(r"[^\w]+", corpus) if len(w) > 2]:
            if w not in seen and w.isascii() and w.isalpha():
                seen.add(w)
                words.append(w)
        self.words = words
        total = 0.0
        self.cumulative = []
        for rank in range(len(words)):
            total += 1.0 / (rank + 2.0)
            self.cumulative.append(total)
        self.rng = rng

    def words_of(self, chars: int) -> list[str]:
        out: list[str] = []
        length = -1
        total = self.cumulative[-1]
        while length < chars - 4:  # stops, on average, at about `chars`
            i = bisect.bisect_left(self.cumulative, self.rng.random() * total)
            w = self.words[min(i, len(self.words) - 1)]
            out.append(w)
            length += len(w) + 1
        return out

    def title(self, chars: int) -> str:
        title = " ".join(w.capitalize() if len(w) > 3 else w for w in self.words_of(chars))
        return title[0].upper() + title[1:]

    def sentences(self, chars: int) -> str:
        words = self.words_of(chars)
        out, start = [], 0
        while start < len(words):
            n = self.rng.randint(8, 18)
            s = " ".join(words[start:start + n])
            out.append(s[0].upper() + s[1:] + ".")
            start += n
        return " ".join(out)


def seed_lengths(seed: dict) -> dict:
    """The seed catalog's text lengths, which the generated catalog copies."""
    rs = seed["resources"]
    bodies = [len(r["body"]) for r in rs if r.get("body")]
    items = [i for r in rs for i in r.get("items", [])]
    return {
        "title": statistics.mean(len(r["title"]) for r in rs),
        "summary": statistics.mean(len(r["summary"]) for r in rs),
        "body_share": len(bodies) / len(rs),
        "body": statistics.mean(bodies),
        "body_over_all": sum(bodies) / len(rs),
        "item_title": statistics.mean(len(i["title"]) for i in items),
        "item_summary": statistics.mean(len(i.get("summary", "")) for i in items),
    }


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60].strip("-") or "resource"


def around(rng: random.Random, mean: float) -> int:
    """A length spread evenly between half and one and a half times `mean`."""
    return int(rng.uniform(0.5, 1.5) * mean)


def resource(i: int, text: Text, rng: random.Random, lengths: dict, orgs: list[str]) -> dict:
    kind = KINDS[i % len(KINDS)]
    title = text.title(around(rng, lengths["title"]))
    r: dict = {
        "slug": f"{slugify(title)}-{i}",
        "kind": kind,
        "title": title,
        "summary": text.sentences(around(rng, lengths["summary"])),
    }
    if rng.random() < lengths["body_share"]:
        body = around(rng, lengths["body"])
        r["body"] = (f"## Overview\n\n{text.sentences(body // 2)}\n\n"
                     f"## What you will learn\n\n- {text.sentences(body // 6)}\n"
                     f"- {text.sentences(body // 6)}\n\n{text.sentences(body // 6)}")
    r["url"] = f"https://www.example.org/education/{r['slug']}"
    if kind != "organization" and orgs:
        r["provider"] = rng.choice(orgs)
    r["audiences"] = ["pediatric"] if i % 3 == 0 else (["adult", "pediatric"] if i % 7 == 0 else ["adult"])
    r["disciplines"] = rng.sample(DISCIPLINES, rng.randint(1, 2))
    r["specialties"] = rng.sample(SPECIALTIES, 1)
    r["topics"] = rng.sample(TOPICS, rng.randint(1, 3))
    r["tags"] = rng.sample(TAGS, rng.randint(0, 3))
    if kind != "organization":
        r["format"] = rng.choice(FORMATS)
        r["duration_minutes"] = rng.randint(10, 600)
        if r["format"] in ("in_person", "hybrid"):
            r["location"] = rng.choice(["Boston, MA", "Chicago, IL", "Toronto, ON", "London, UK"])
        free = i % 2 == 0
        r["cost"] = {"free": free} if free else {"free": False, "currency": "USD",
                                                   "amount": float(rng.choice([95, 250, 1995])),
                                                   "notes": "Discounts for members of the society."}
        if i % 4 == 0:
            r["credits"] = [{"type": "AMA PRA Category 1 Credit(s)", "amount": float(rng.randint(1, 16))}]
    r["language"] = "en"
    if kind == "course":
        month = 1 + i % 12
        r["starts_on"] = f"2026-{month:02d}-13"
        r["ends_on"] = f"2026-{month:02d}-15"
        r["schedule"] = [
            {"title": f"Day {d}: {text.title(30)}", "starts_at": f"2026-{month:02d}-{12 + d}T09:00:00-05:00",
             "ends_at": f"2026-{month:02d}-{12 + d}T17:00:00-05:00"}
            for d in (1, 2, 3)
        ]
    if kind != "organization":
        r["items"] = [
            {"slug": f"part-{j}", "title": text.title(around(rng, lengths["item_title"])),
             "kind": "segment" if kind == "recorded_session" else "presentation",
             "summary": text.sentences(around(rng, lengths["item_summary"])),
             "duration_minutes": rng.randint(10, 20)}
            for j in (1, 2, 3)
        ]
        if kind == "module_series":
            r["items"].append({
                "slug": "check-your-understanding",
                "title": "Check your understanding",
                "kind": "quiz",
                "summary": "A short self-check on this series.",
                "quiz": {"pass_percent": 80, "questions": [
                    {"prompt": text.sentences(90) .rstrip(".") + "?",
                     "choices": [text.sentences(35) for _ in range(4)],
                     "answer": rng.randint(0, 3),
                     "explanation": text.sentences(110)}
                    for _ in range(3)
                ]},
            })
    r["status"] = "draft" if i % 50 == 49 else "published"
    if i % 500 == 1:
        r["featured"] = True
    return r


def write_catalog(path: Path, n: int, seed: dict) -> dict:
    """Writes a catalog of `n` resources to `path`; returns what it holds."""
    rng = random.Random(20261130 + n)
    text = Text(seed, rng)
    lengths = seed_lengths(seed)
    orgs: list[str] = []
    published: list[str] = []
    stats = {"resources": n, "items": 0, "quizzes": 0, "title": 0, "summary": 0, "body": 0}
    with path.open("w", encoding="utf-8") as f:
        f.write('{"format": "champion-hub-catalog", "version": 1, "resources": [\n')
        for i in range(n):
            r = resource(i, text, rng, lengths, orgs)
            if r["kind"] == "organization":
                orgs.append(r["slug"])
            elif r["status"] == "published":
                published.append(r["slug"])
            stats["items"] += len(r.get("items", []))
            stats["quizzes"] += sum(1 for it in r.get("items", []) if "quiz" in it)
            stats["title"] += len(r["title"])
            stats["summary"] += len(r["summary"])
            stats["body"] += len(r.get("body", ""))
            f.write(("" if i == 0 else ",\n") + json.dumps(r, ensure_ascii=False))
        pathways = [
            {"slug": f"starter-path-{p}", "title": f"Starter path {p + 1}",
             "summary": text.sentences(200), "steps": rng.sample(published, min(8, len(published)))}
            for p in range(min(10, len(published) // 8))
        ]
        f.write('\n], "pathways": ' + json.dumps(pathways) + "}\n")
    for key in ("title", "summary", "body"):
        stats[f"avg_{key}_chars"] = round(stats.pop(key) / n)
    stats["seed_avg_chars"] = {k: round(v, 2) for k, v in lengths.items()}
    stats["file_bytes"] = path.stat().st_size
    return stats


# --- running things ----------------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def mib(n: int | float | None) -> float | None:
    return None if n is None else round(n / 2**20, 1)


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Backend:
    """One database to measure: an SQLite file or a PostgreSQL database."""

    def __init__(self, kind: str, name: str, work: Path, pg_url: str):
        self.kind = kind
        self.dir = work / name
        self.dir.mkdir(parents=True, exist_ok=True)
        if kind == "sqlite":
            self.file = self.dir / "champion-hub.db"
            self.url = f"sqlite://{self.file}"
        else:
            self.pg_url = pg_url.rstrip("/")
            self.db = f"footprint_{name.replace('-', '_')}"
            self.psql("postgres", f"DROP DATABASE IF EXISTS {self.db}")
            self.psql("postgres", f"CREATE DATABASE {self.db}")
            self.url = f"{self.pg_url}/{self.db}"

    def psql(self, db: str, sql: str, stdin: str | None = None) -> str:
        out = subprocess.run(
            ["psql", f"{self.pg_url}/{db}", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
            input=stdin, text=True, capture_output=True,
        )
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {sql[:80]}: {out.stderr.strip()}")
        return out.stdout.strip()

    def query(self, sql: str) -> list[list[str]]:
        """Rows of `sql` as strings."""
        if self.kind == "sqlite":
            c = sqlite3.connect(self.file)
            try:
                return [[str(v) for v in row] for row in c.execute(sql)]
            finally:
                c.close()
        return [line.split("|") for line in self.psql(self.db, sql).splitlines() if line]

    def size(self) -> dict:
        """The database's size on disk, with the hub stopped. For SQLite: the file and its
        write-ahead log as the hub left them (`db_bytes`), then the file alone after a checkpoint
        has moved the log into it (`settled_bytes`). For PostgreSQL both are pg_database_size."""
        if self.kind == "postgres":
            size = int(self.psql(self.db, "SELECT pg_database_size(current_database())"))
            return {"db_bytes": size, "settled_bytes": size}
        wal_file = Path(f"{self.file}-wal")
        db = self.file.stat().st_size
        wal = wal_file.stat().st_size if wal_file.exists() else 0
        c = sqlite3.connect(self.file)
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        c.close()
        return {"db_bytes": db + wal, "sqlite_file_bytes": db, "sqlite_wal_bytes": wal,
                "settled_bytes": self.file.stat().st_size}

    def drop(self) -> None:
        if self.kind == "postgres":
            self.psql("postgres", f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")
        shutil.rmtree(self.dir, ignore_errors=True)


def hub(binary: Path, backend: Backend, *args: str, stdin: str | None = None, timeout: float = 1800) -> dict:
    """Runs one champion-hub command under /usr/bin/time -v; its wall time and peak RSS."""
    env = dict(os.environ, DATABASE_URL=backend.url, HUB_DATA_DIR=str(backend.dir / "data"), RUST_LOG="warn")
    timing = backend.dir / "time.txt"
    started = time.monotonic()
    out = subprocess.run(["/usr/bin/time", "-v", "-o", str(timing), str(binary), *args],
                         input=stdin, text=True, capture_output=True, env=env, timeout=timeout)
    seconds = time.monotonic() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing.read_text())
    if out.returncode != 0:
        raise RuntimeError(
            f"champion-hub {' '.join(args)} failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_rss_bytes": int(peak.group(1)) * 1024 if peak else None,
            "stderr": out.stderr.strip()[-500:]}


def get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def proc_status(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) * 1024
    return fields


def cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    parts = stat[stat.rindex(")") + 2:].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[round((len(values) - 1) * p)], 2)


def requests_mix(n: int, total: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """`n` search and `n` browse query strings: the benchmark's queries, filters and pages."""
    filters = ["", "kind=course", "kind=module_series,recorded_session", "audience=pediatric",
               "discipline=nursing", "topic=pain", "format=on_demand", "free=true", "credits=true",
               "kind=guide&audience=adult&free=false"]
    last_page = max(1, min(100_000, total // 12))
    searches, browses = [], []
    for i in range(n):
        q = urllib.parse.quote(QUERIES[i % len(QUERIES)])
        variants = ["", "&page=2", "&sort=newest", "&" + filters[1 + i % (len(filters) - 1)]]
        extra = variants[i // len(QUERIES) % len(variants)]
        searches.append(f"q={q}{extra}")
        f = filters[i % len(filters)]
        page = 1 if i % 3 == 0 else rng.randint(1, last_page if not f else max(1, last_page // 8))
        browses.append("&".join(x for x in (f, f"page={page}") if x))
    return searches, browses


def serve_and_measure(binary: Path, backend: Backend, requests: int, budget: float, total: int) -> dict:
    """Starts `serve --no-seed`, times it until /healthz answers, sends the request mix (each
    kind stops early once it has taken `budget` seconds), reads the process's memory and its
    idle CPU, and stops it."""
    port = free_port()
    data = backend.dir / "data"
    env = dict(os.environ, DATABASE_URL=backend.url, RUST_LOG="info,sqlx=warn")
    logfile = (backend.dir / "serve.log").open("a")
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(binary), "serve", "--no-seed", "--addr", f"127.0.0.1:{port}", "--data-dir", str(data)],
        env=env, stdout=logfile, stderr=logfile, cwd=backend.dir)
    base = f"http://127.0.0.1:{port}"
    result: dict = {}
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited with {proc.returncode}; see {backend.dir / 'serve.log'}")
            try:
                if get(f"{base}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() - started > 1200:
                raise RuntimeError("serve did not answer /healthz within 20 minutes")
            time.sleep(0.1)
        result["start_seconds"] = round(time.monotonic() - started, 2)
        after_start = proc_status(proc.pid)
        result["rss_after_start_bytes"] = after_start["VmRSS"]
        searches, browses = requests_mix(requests, total, random.Random(7))
        timings: dict[str, list[float]] = {"search": [], "browse": []}
        for kind, path, queries in (("search", "search", searches), ("browse", "resources", browses)):
            until = time.monotonic() + budget
            for q in queries:
                if time.monotonic() > until:
                    log(f"  {kind}: stopped after {len(timings[kind])} requests (the {budget:.0f} s budget)")
                    break
                t = time.monotonic()
                status, body = get(f"{base}/api/v1/{path}?{q}", timeout=300)
                timings[kind].append((time.monotonic() - t) * 1000)
                if status != 200:
                    raise RuntimeError(f"/api/v1/{path}?{q} answered {status}: {body[:300]!r}")
        _, body = get(f"{base}/api/v1/resources?per_page=1")
        result["published_total"] = json.loads(body)["total"]
        _, body = get(f"{base}/api/v1/search?q=palliative&per_page=1")
        result["search_total_palliative"] = json.loads(body)["total"]
        for kind, values in timings.items():
            result[f"{kind}_requests"] = len(values)
            result[f"{kind}_p50_ms"] = percentile(values, 0.5)
            result[f"{kind}_p95_ms"] = percentile(values, 0.95)
        status = proc_status(proc.pid)
        result["rss_bytes"] = status["VmRSS"]
        result["hwm_bytes"] = status["VmHWM"]
        cpu, t = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(10)
        result["idle_cpu_percent"] = round(100 * (cpu_seconds(proc.pid) - cpu) / (time.monotonic() - t), 1)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        logfile.close()
    result["index_bytes"] = dir_bytes(data / "search-index")
    return result


# --- learners ----------------------------------------------------------------------------------

def stamp(day: int, second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(1767225600 + day * 86400 + second)) + ".000Z"


def learner_rows(backend: Backend, learners: int, password_hash: str) -> dict[str, list[tuple]]:
    """The learners' rows: accounts, 10 progress rows, 3 bookmarks and 1 quiz attempt each, on
    published resources and their items (the ids read from this database)."""
    rng = random.Random(99)
    first_id = int(backend.query("SELECT COALESCE(MAX(id), 0) FROM accounts")[0][0]) + 1
    first_attempt = int(backend.query("SELECT COALESCE(MAX(id), 0) FROM quiz_attempts")[0][0]) + 1
    units: dict[int, list[str]] = {}
    for rid, slug in backend.query(
            "SELECT r.id, i.slug FROM resources r JOIN items i ON i.resource_id = r.id "
            "WHERE r.status = 'published' AND i.kind <> 'quiz' ORDER BY r.id, i.position"):
        units.setdefault(int(rid), []).append(slug)
    resources = sorted(units)
    quizzes = [(int(i), int(n)) for i, n in backend.query(
        "SELECT i.id, COUNT(*) FROM items i JOIN quiz_questions q ON q.item_id = i.id "
        "JOIN resources r ON r.id = i.resource_id WHERE r.status = 'published' GROUP BY i.id ORDER BY i.id")]
    if len(resources) < 4 or not quizzes:
        raise RuntimeError("the catalog has too few resources with items, or no quiz")
    rows: dict[str, list[tuple]] = {"accounts": [], "progress": [], "bookmarks": [], "quiz_attempts": []}
    for n in range(learners):
        aid = first_id + n
        day = rng.randint(0, 300)
        created = stamp(day, rng.randint(0, 86399))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows["accounts"].append((
            aid, f"learner{n}@hospital{n % 97}.example.org", name, password_hash, rng.choice(PROFESSIONS),
            rng.choice(DISCIPLINES + [None]), 0, created if n % 5 == 0 else None, None, created, created))
        # Three resources with all three units, and a fourth with one: ten progress rows.
        picked = rng.sample(resources, 4)
        for k, rid in enumerate(picked):
            for unit in units[rid][: 3 if k < 3 else 1]:
                done = rng.random() < 0.6
                at = stamp(day + k, rng.randint(0, 86399))
                rows["progress"].append((aid, rid, unit, "completed" if done else "in_progress", at,
                                         at if done else None, 0, None, at))
        for rid in rng.sample(resources, 3):
            at = stamp(day + 1, rng.randint(0, 86399))
            note = "Share with the team at the next huddle." if rng.random() < 0.2 else None
            rows["bookmarks"].append((aid, rid, note, at, at))
        item, questions = rng.choice(quizzes)
        answers = [rng.randint(0, 3) for _ in range(questions)]
        correct = rng.randint(0, questions)
        score = round(100 * correct / questions)
        rows["quiz_attempts"].append((first_attempt + n, aid, item, json.dumps(answers), correct, questions,
                                      score, int(score >= 80), stamp(day + 2, rng.randint(0, 86399))))
    return rows


COLUMNS = {
    "accounts": "id, email, name, password_hash, profession, discipline, is_admin, champion_since, "
                "disabled_at, created_at, updated_at",
    "progress": "account_id, resource_id, unit, status, started_at, completed_at, self_reported, "
                "reported_on, updated_at",
    "bookmarks": "account_id, resource_id, note, created_at, updated_at",
    "quiz_attempts": "id, account_id, item_id, answers, correct, questions, score_percent, passed, "
                     "submitted_at",
}


def add_learners(binary: Path, backend: Backend, learners: int) -> dict:
    """One real account through the binary, then `learners` more by SQL in bulk."""
    email = "footprint-admin@example.org"
    hub(binary, backend, "user", "add", email, "--name", "Footprint Admin", "--admin", stdin=PASSWORD + "\n")
    password_hash = backend.query(f"SELECT password_hash FROM accounts WHERE email = '{email}'")[0][0]
    rows = learner_rows(backend, learners, password_hash)
    started = time.monotonic()
    if backend.kind == "sqlite":
        c = sqlite3.connect(backend.file)
        c.execute("PRAGMA foreign_keys = ON")
        with c:  # one transaction
            for table, cols in COLUMNS.items():
                marks = ", ".join("?" for _ in cols.split(","))
                c.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows[table])
        c.close()
    else:
        for table, cols in COLUMNS.items():
            path = backend.dir / f"{table}.csv"
            with path.open("w", newline="") as f:
                csv.writer(f).writerows(["\\N" if v is None else v for v in row] for row in rows[table])
            backend.psql(backend.db, f"\\copy {table} ({cols}) FROM '{path}' WITH (FORMAT csv, NULL '\\N')")
            path.unlink()
        # Ids were given explicitly: move the identity sequences past them, as real sign-ups would.
        backend.psql(backend.db, " ".join(
            f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}));"
            for t in ("accounts", "quiz_attempts")) + " ANALYZE")
    return {"insert_seconds": round(time.monotonic() - started, 2),
            **{f"{table}_rows": len(r) for table, r in rows.items()}}


# --- the run -----------------------------------------------------------------------------------

def measure(binary: Path, kind: str, n: int, catalog: Path, args, learners_here: bool) -> list[dict]:
    backend = Backend(kind, f"{kind}-{n}", args.work, args.pg_url)
    results = []
    row: dict = {"backend": kind, "resources": n, "learners": 0}
    try:
        log(f"{kind} {n}: import")
        imported = hub(binary, backend, "import", str(catalog))
        row.update(import_seconds=imported["seconds"], import_peak_rss_bytes=imported["peak_rss_bytes"],
                   import_report=imported["stderr"])
        row.update(backend.size())
        log(f"{kind} {n}: serve")
        row.update(serve_and_measure(binary, backend, args.requests, args.budget, n))
        results.append(row)
        if learners_here and args.learners > 0:
            log(f"{kind} {n}: {args.learners} learners")
            before = backend.size()  # after the serve above, which may have written to the database
            with_learners: dict = {"backend": kind, "resources": n, "learners": args.learners}
            with_learners.update(add_learners(binary, backend, args.learners))
            with_learners.update(backend.size())
            with_learners["db_growth_bytes"] = with_learners["settled_bytes"] - before["settled_bytes"]
            log(f"{kind} {n}: serve with learners")
            with_learners.update(serve_and_measure(binary, backend, args.requests, args.budget, n))
            results.append(with_learners)
    except Exception as e:  # noqa: BLE001: one failed step is reported, the others still run
        log(f"{kind} {n}: FAILED: {e}")
        row["error"] = str(e)
        if row not in results:
            results.append(row)
    finally:
        if not args.keep:
            backend.drop()
    return results


def table(results: list[dict]) -> str:
    cols = [
        ("backend", "backend", str),
        ("resources", "resources", lambda v: f"{v:,}"),
        ("learners", "learners", lambda v: f"{v:,}"),
        ("import (s)", "import_seconds", str),
        ("import peak RSS (MiB)", "import_peak_rss_bytes", mib),
        ("database (MiB)", "db_bytes", mib),
        ("database settled (MiB)", "settled_bytes", mib),
        ("learners' growth (MiB)", "db_growth_bytes", mib),
        ("search index (MiB)", "index_bytes", mib),
        ("serve start (s)", "start_seconds", str),
        ("serve RSS (MiB)", "rss_bytes", mib),
        ("serve peak RSS (MiB)", "hwm_bytes", mib),
        ("idle CPU (%)", "idle_cpu_percent", str),
        ("searches: n, p50/p95 (ms)", "search_p50_ms", None),
        ("browses: n, p50/p95 (ms)", "browse_p50_ms", None),
    ]
    lines = ["| " + " | ".join(c[0] for c in cols) + " |",
             "|" + "|".join("---" if c[1] == "backend" else "---:" for c in cols) + "|"]
    for r in results:
        cells = []
        for _, key, fmt in cols:
            if fmt is None:
                kind = key.split("_")[0]
                v = r.get(key)
                cells.append("" if v is None else f"{r[f'{kind}_requests']}: {v} / {r[f'{kind}_p95_ms']}")
            else:
                v = r.get(key)
                cells.append("" if v is None else str(fmt(v)))
        if "error" in r:
            cells[-1] += f" (failed: {r['error'][:120]})"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, type=Path, help="the champion-hub binary to measure")
    parser.add_argument("--sizes", default="10000,100000", help="catalog sizes, comma-separated")
    parser.add_argument("--learners", type=int, default=100_000,
                        help="learner accounts added on the smallest size")
    parser.add_argument("--requests", type=int, default=200, help="searches, and browse requests, per server")
    parser.add_argument("--budget", type=float, default=60,
                        help="seconds each kind of request may take per server, after which it stops early")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432",
                        help="a PostgreSQL server (no database name) where footprint_* databases may be made")
    parser.add_argument("--work", type=Path, default=Path("/tmp/footprint"), help="working directory")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files made")
    args = parser.parse_args()
    binary = args.binary.resolve()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    seed = json.loads(SEED_CATALOG.read_text())
    out: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
        "binary": str(binary),
        "version": version,
        "machine": {"cores": os.cpu_count(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                    "kernel": platform.release(),
                    "postgres": subprocess.run(
                        ["psql", f"{args.pg_url}/postgres", "-qAtc", "SHOW server_version"],
                        capture_output=True, text=True).stdout.strip()},
        "catalogs": {},
        "results": [],
    }
    started = time.monotonic()
    for n in sizes:
        catalog = args.work / f"catalog-{n}.json"
        log(f"generating a catalog of {n} resources")
        out["catalogs"][str(n)] = write_catalog(catalog, n, seed)
        for kind in args.backends.split(","):
            out["results"] += measure(binary, kind, n, catalog, args, learners_here=n == sizes[0])
            (args.work / "results.json").write_text(json.dumps(out, indent=2) + "\n")
        if not args.keep:
            catalog.unlink()
    out["total_seconds"] = round(time.monotonic() - started)
    (args.work / "results.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"Champion Hub footprint, {out['date']}, {version}, {out['machine']['cores']} cores, "
          f"{out['machine']['memory_gib']} GiB, PostgreSQL {out['machine']['postgres']}\n")
    print(table(out["results"]))
    print(f"\nResults: {args.work / 'results.json'} (total {out['total_seconds']} s)")
    return 1 if any("error" in r for r in out["results"]) else 0


if __name__ == "__main__":
    sys.exit(main())
