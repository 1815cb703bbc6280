"""Fill the configured database with a national scale of synthetic record, fast.

Adds, beside whatever is already there (the seed record, usually): organisations, people
with the posts they held over twenty years, documents whose bodies are made of the
statements they carry, statements with their speakers, reviews with recommendations,
priorities, and the append-only status history of every priority and recommendation.
Defaults: 1,000,000 statements, 100,000 documents, 10,000 people, 1,000 tracked items
(half priorities, half recommendations) and 50,000 status updates. Usage:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oversight_scale \\
        .venv/bin/python bench/seed_scale.py

The shape follows the real record: statement text from bench/search.py's Zipf-spread
vocabulary with planted words, a few people who speak often, dates spread over 2005-2024,
every statement a verbatim span of its document (`body[start:end] == text`), and each
item's current status its latest update. PostgreSQL takes the rows by COPY, with the
secondary indexes of the big tables built after the load and a VACUUM ANALYZE at the end;
SQLite by bulk inserts. Each part's time is printed. Use a database of its own: the
script refuses one that already holds synthetic rows.
"""

import argparse
import datetime
import hashlib
import io
import itertools
import os
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.search import statement_texts  # noqa: E402
from people.models import Person  # noqa: E402

PREFIX = "synthetic"
RECORD_VERSION_BUMP = (
    "INSERT INTO oversight_recordversion (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = oversight_recordversion.version + 1"
)
FIRST_DAY = datetime.date(2005, 1, 1)
LAST_DAY = datetime.date(2024, 12, 31)
# Words of the seed record planted at a known share of synthetic statements, so that the
# load benchmark's searches find matches at seed scale and at full scale alike.
PLANTED = [("jury", 0.0001)]
CHUNK = 5_000  # documents per COPY batch
# The big tables whose secondary indexes are built after the load on PostgreSQL.
BULK_TABLES = [
    "documents_document",
    "documents_statement",
    "documents_statement_speakers",
    "oversight_statusupdate",
    "oversight_statusupdate_evidence_statements",
]
FIRST_NAMES = [
    "Amina",
    "Ben",
    "Carys",
    "Dev",
    "Elin",
    "Femi",
    "Grace",
    "Hamid",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Malik",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sana",
    "Tom",
    "Una",
    "Vikram",
    "Wen",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nash",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Young",
]
PLACES = [
    "Ashford",
    "Barnsley",
    "Calder",
    "Dunmore",
    "Eastfield",
    "Fenwick",
    "Glenholm",
    "Harrow",
    "Ingleby",
    "Kelso",
    "Langley",
    "Marston",
    "Northam",
    "Oakridge",
    "Penrith",
    "Redbourne",
    "Selby",
    "Thornbury",
    "Upton",
    "Westmere",
]
TITLES = [
    "Director of Children's Services",
    "Cabinet Member for Children and Families",
    "Chief Executive",
    "Leader of the Council",
    "Children's Services Commissioner",
    "Chair of the Safeguarding Board",
    "Head of Social Work",
    "Ofsted Inspector",
    "Minister for Children",
    "Assistant Director, Safeguarding",
]
ORGANISATION_KINDS = ["council"] * 6 + [
    "inspectorate",
    "government_department",
    "safeguarding_board",
]
DOCUMENT_KINDS = ["news_article"] * 5 + ["press_release"] * 3 + ["letter", "inspection_report"]
STATEMENT_KINDS = (
    ["direct_quote"] * 12 + ["reported"] * 5 + ["written_response"] * 2 + ["joint_statement"]
)
STATUSES = ["not_started", "in_progress", "achieved", "not_achieved", "superseded"]


def day_between(rng, first=FIRST_DAY, last=LAST_DAY):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


class Writer:
    """Appends rows to tables: COPY on PostgreSQL, batched INSERTs on SQLite."""

    def __init__(self):
        self.cursor = connection.cursor()
        self.postgresql = connection.vendor == "postgresql"

    def next_id(self, table):
        self.cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
        return self.cursor.fetchone()[0]

    def rows(self, table, columns, rows):
        quoted = ", ".join(f'"{column}"' for column in columns)
        if self.postgresql:
            with self.cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"
        rows = iter(rows)
        while batch := list(itertools.islice(rows, 10_000)):
            self.cursor.executemany(sql, batch)

    def checks_off(self):
        """On PostgreSQL, skip foreign-key triggers for this session's rows.

        The loader makes every reference point at a row it has written, and checking a
        million rows one by one would take longer than writing them. CHECK and UNIQUE
        constraints still apply.
        """
        if self.postgresql:
            self.cursor.execute("SET session_replication_role = replica")

    def record_changed(self):
        """Do what the triggers the replica role skipped would have: raise the record
        version and, on PostgreSQL, count each word's statements again (documents/
        migrations/0010), all at once rather than a million rows' worth of updates."""
        if self.postgresql:
            self.cursor.execute("SET session_replication_role = DEFAULT")
            self.cursor.execute("SELECT documents_statement_lexeme_recount()")
        self.cursor.execute(RECORD_VERSION_BUMP)

    def reset_sequences(self, tables):
        """Move PostgreSQL's id sequences past the ids given explicitly."""
        if not self.postgresql:
            return
        for table in tables:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )


@contextmanager
def indexes_built_after(writer, rebuild):
    """On PostgreSQL, drop the big tables' plain indexes and build them again afterwards.

    Indexes that back a constraint (primary keys, unique) stay: they check the rows.
    """
    if not (writer.postgresql and rebuild):
        yield
        return
    writer.cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [BULK_TABLES],
    )
    indexes = writer.cursor.fetchall()
    for name, _ in indexes:
        writer.cursor.execute(f'DROP INDEX "{name}"')
    yield
    writer.cursor.execute("SET maintenance_work_mem = '1GB'")
    for _, definition in indexes:
        writer.cursor.execute(definition)


def people_rows(writer, args, rng):
    """Write organisations, people and their posts.

    Return (people ids, organisation ids, posts): posts maps each person to the
    (title, started, ended or None) of each post they held.
    """
    first_org = writer.next_id("people_organisation")
    organisations = list(range(first_org, first_org + args.organisations))
    writer.rows(
        "people_organisation",
        ["id", "name", "short_name", "slug", "kind", "parent_id"],
        (
            (
                pk,
                f"{rng.choice(PLACES)} {PREFIX.title()} Council {n}",
                "",
                f"{PREFIX}-organisation-{n}",
                rng.choice(ORGANISATION_KINDS),
                None,
            )
            for n, pk in enumerate(organisations)
        ),
    )
    first_person = writer.next_id("people_person")
    people = list(range(first_person, first_person + args.people))
    writer.rows(
        "people_person",
        ["id", "name", "honorific", "post_nominals", "slug", "summary"],
        (
            (
                pk,
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                rng.choice(["", "", "", "Cllr", "Dr", "Sir", "Dame", "Lord"]),
                "",
                f"{PREFIX}-person-{n}",
                "A synthetic person, for the scale benchmark.",
            )
            for n, pk in enumerate(people)
        ),
    )

    posts = {person: [] for person in people}

    def roles():
        for person in people:
            started = day_between(rng, datetime.date(2000, 1, 1), datetime.date(2020, 1, 1))
            for title in rng.sample(TITLES, rng.randint(1, 3)):
                ended = started + datetime.timedelta(days=rng.randint(365, 8 * 365))
                still_held = ended > LAST_DAY
                posts[person].append((title, started, None if still_held else ended))
                yield (
                    title,
                    started,
                    "day",
                    None if still_held else ended,
                    "day",
                    10,
                    "",
                    rng.choice(organisations),
                    person,
                    None,
                )
                if still_held:
                    break
                started = ended

    writer.rows(
        "people_role",
        [
            "title",
            "started_on",
            "started_on_precision",
            "ended_on",
            "ended_on_precision",
            "precedence",
            "note",
            "organisation_id",
            "person_id",
            "source_id",
        ],
        roles(),
    )
    return people, organisations, posts


def titles_held(posts, speakers, day):
    """Return the titles the speakers held on `day`, as the role_titles trigger writes them.

    PostgreSQL keeps them beside each statement for search by role (documents/migrations/
    0006); the replica role this loader runs under skips the triggers that would.
    """
    held = {
        title
        for person in speakers
        for title, started, ended in posts[person]
        if started <= day and (ended is None or ended > day)
    }
    return " ".join(sorted(held)) or None


def statements_per_document(documents, statements, rng):
    """Return how many statements each document carries: 1 to 19, `statements` in all."""
    counts = [rng.randint(1, 19) for _ in range(documents)]
    while (difference := statements - sum(counts)) != 0:
        index = rng.randrange(documents)
        step = 1 if difference > 0 else -1
        if counts[index] + step >= 1:
            counts[index] += step
    return counts


def planted(texts, rng):
    """Put the PLANTED words into their share of `texts`."""
    for text in texts:
        for word, share in PLANTED:
            if rng.random() < share:
                text = f"{text[:-1]} {word}."
        yield text


def document_rows(writer, args, rng, people, organisations, posts):
    """Write documents, their statements and speakers; return the statement ids."""
    texts = planted(statement_texts(args.statements, rng), rng)
    counts = statements_per_document(args.documents, args.statements, rng)
    document_id = writer.next_id("documents_document")
    statement_id = first_statement = writer.next_id("documents_statement")
    loaded_at = timezone.now()
    # A few people speak often: speakers are drawn with a Zipf-like weight.
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(people) + 1)))
    number = 0
    for chunk_start in range(0, args.documents, CHUNK):
        documents, statements, speakers = [], [], []
        for index in range(chunk_start, min(chunk_start + CHUNK, args.documents)):
            published = day_between(rng)
            parts, offset = [], 0
            for _ in range(counts[index]):
                text = next(texts)
                said_on = published - datetime.timedelta(days=rng.randrange(4))
                kind = rng.choice(STATEMENT_KINDS)
                who = rng.choices(
                    people, cum_weights=weights, k=3 if kind == "joint_statement" else 1
                )
                who = list(dict.fromkeys(who))
                row = (
                    statement_id,
                    offset,
                    offset + len(text),
                    text,
                    f"{PREFIX}-{statement_id}",
                    kind,
                    said_on,
                    "day",
                    document_id,
                    loaded_at,  # as Statement.save() sets it: when it entered the record
                )
                if writer.postgresql:
                    row += (titles_held(posts, who, said_on),)
                statements.append(row)
                speakers += [(statement_id, person) for person in who]
                parts.append(text)
                offset += len(text) + 2
                statement_id += 1
            body = "\n\n".join(parts)
            documents.append(
                (
                    document_id,
                    f"Synthetic report {number}: {parts[0][:60]}",
                    f"{PREFIX}-document-{number}",
                    rng.choice(DOCUMENT_KINDS),
                    published,
                    "day",
                    "",
                    body,
                    "",
                    hashlib.sha256(body.encode()).hexdigest(),
                    "",
                    rng.choice(organisations),
                )
            )
            document_id += 1
            number += 1
        writer.rows(
            "documents_document",
            [
                "id",
                "title",
                "slug",
                "kind",
                "published_on",
                "published_on_precision",
                "url",
                "body",
                "source_file",
                "sha256",
                "note",
                "publisher_id",
            ],
            documents,
        )
        writer.rows(
            "documents_statement",
            [
                "id",
                "start",
                "end",
                "text",
                "reference",
                "kind",
                "said_on",
                "said_on_precision",
                "document_id",
                "recorded_at",
                *(["role_titles"] if writer.postgresql else []),
            ],
            statements,
        )
        writer.rows("documents_statement_speakers", ["statement_id", "person_id"], speakers)
    return range(first_statement, statement_id), document_id - 1


def tracked_rows(writer, args, rng, people, statement_ids, last_document):
    """Write reviews, priorities, recommendations and every status update with its evidence."""
    documents = range(last_document - args.documents + 1, last_document + 1)
    reviews_count = max(1, args.items // 100)
    first_review = writer.next_id("oversight_review")
    reviews = list(range(first_review, first_review + reviews_count))
    writer.rows(
        "oversight_review",
        [
            "id",
            "title",
            "slug",
            "published_on",
            "published_on_precision",
            "summary",
            "author_id",
            "report_id",
        ],
        (
            (
                pk,
                f"Synthetic review {n}",
                f"{PREFIX}-review-{n}",
                day_between(rng),
                "day",
                "",
                rng.choice(people),
                rng.choice(documents),
            )
            for n, pk in enumerate(reviews)
        ),
    )
    priorities_count = args.items // 2
    commissioners = rng.sample(people, max(1, priorities_count // 10))
    histories = []  # (kind, item id, [updates])
    first_update = update_id = writer.next_id("oversight_statusupdate")
    updates_each = args.updates // args.items
    extra = args.updates - updates_each * args.items

    def history(item_number):
        """Return this item's updates, dated in order, the last one its current status."""
        nonlocal update_id
        count = updates_each + (1 if item_number < extra else 0)
        day = day_between(rng, FIRST_DAY, datetime.date(2016, 1, 1))
        status = "not_started"
        rows = []
        for n in range(count):
            day += datetime.timedelta(days=rng.randint(1, 90))
            day = min(day, LAST_DAY)
            if n and rng.random() < 0.4:
                status = rng.choice(STATUSES[1:] if n > 2 else STATUSES[:2])
            recorded = datetime.datetime.combine(
                day + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 30])),
                datetime.time(9 + rng.randrange(8), rng.randrange(60)),
                tzinfo=datetime.UTC,
            )
            cites = rng.random() < 0.85
            corrects = rows[-1][0] if rows and rng.random() < 0.02 else None
            rows.append(
                (
                    update_id,
                    status,
                    rng.choice(["red", "amber", "amber", "green"]),
                    day,
                    f"Synthetic assessment {n + 1} of {count}.",
                    recorded,
                    corrects,
                    "" if cites else "Reported at a meeting; no published paper.",
                    rng.choice(statement_ids) if cites else None,
                )
            )
            update_id += 1
        # The current status is the latest by (as_of, recorded_at, id), as the service says.
        latest = max(rows, key=lambda row: (row[3], row[5], row[0]))
        return rows, latest

    first_priority = writer.next_id("oversight_priority")
    priorities = []
    for n in range(priorities_count):
        pk = first_priority + n
        rows, latest = history(n)
        histories.append(("priority", pk, rows))
        due = day_between(rng, datetime.date(2008, 1, 1), datetime.date(2026, 12, 1)).replace(day=1)
        due_by = (due + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        commissioner = commissioners[n % len(commissioners)]
        priorities.append(
            (
                pk,
                latest[1],
                latest[2],
                latest[3],
                len(rows),
                f"{PREFIX}-priority-{n}",
                1000 + n // len(commissioners),
                f"Synthetic priority {n}",
                "Improve the service, as the commissioner asked.",
                due,
                "month",
                due_by,
                commissioner,
                rng.choice(documents),
            )
        )
    writer.rows(
        "oversight_priority",
        [
            "id",
            "status",
            "rag",
            "status_as_of",
            "version",
            "slug",
            "number",
            "title",
            "description",
            "due_on",
            "due_on_precision",
            "due_by",
            "commissioner_id",
            "source_id",
        ],
        priorities,
    )
    first_recommendation = writer.next_id("oversight_recommendation")
    recommendations = []
    for n in range(args.items - priorities_count):
        pk = first_recommendation + n
        rows, latest = history(priorities_count + n)
        histories.append(("recommendation", pk, rows))
        outcome = rng.choice(["recommended"] * 17 + ["ruled_out"] * 2 + ["rejected"])
        recommendations.append(
            (
                pk,
                latest[1],
                latest[2],
                latest[3],
                len(rows),
                f"R{n}",
                "Appoint someone to make the service safe.",
                outcome,
                "",
                rng.choice(documents),
                reviews[n % len(reviews)],
            )
        )
    writer.rows(
        "oversight_recommendation",
        [
            "id",
            "status",
            "rag",
            "status_as_of",
            "version",
            "reference",
            "text",
            "outcome",
            "response",
            "source_id",
            "review_id",
        ],
        recommendations,
    )
    writer.rows(
        "oversight_statusupdate",
        [
            "id",
            "status",
            "rag",
            "as_of",
            "note",
            "recorded_at",
            "corrects_id",
            "no_evidence_reason",
            "priority_id",
            "recommendation_id",
        ],
        (
            row[:8] + ((pk, None) if kind == "priority" else (None, pk))
            for kind, pk, rows in histories
            for row in rows
        ),
    )
    writer.rows(
        "oversight_statusupdate_evidence_statements",
        ["statusupdate_id", "statement_id"],
        ((row[0], row[8]) for _, _, rows in histories for row in rows if row[8]),
    )
    return update_id - first_update


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument(
        "--items", type=int, default=1_000, help="priorities and recommendations, half each"
    )
    parser.add_argument("--updates", type=int, default=50_000, help="status updates in all")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument(
        "--no-seed-record", action="store_true", help="do not load the shipped record first"
    )
    args = parser.parse_args()
    if not args.documents <= args.statements or not args.items <= args.updates:
        parser.error("need at least one statement a document and one update an item")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not args.no_seed_record:
        call_command("load_seeds", verbosity=0, stdout=io.StringIO())
    print(f"migrate and the seed record: {time.perf_counter() - started:.1f} s")
    seed_scale(args)


def seed_scale(args, *, out=print):
    """Add the synthetic rows `args` asks for to the database, printing each part's time."""
    rng = random.Random(args.seed)
    started = time.perf_counter()

    def part(label, since):
        now = time.perf_counter()
        out(f"{label}: {now - since:.1f} s", flush=True)
        return now

    if Person.objects.filter(slug__startswith=f"{PREFIX}-").exists():
        sys.exit("This database already holds synthetic rows; use a fresh one.")
    out(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    step = started
    writer = Writer()
    writer.checks_off()
    people, organisations, posts = people_rows(writer, args, rng)
    step = part(f"{args.people:,} people, their posts, {args.organisations} organisations", step)
    with indexes_built_after(writer, rebuild=not connection.in_atomic_block):
        statement_ids, last_document = document_rows(
            writer, args, rng, people, organisations, posts
        )
        step = part(f"{args.documents:,} documents, {args.statements:,} statements", step)
        updates = tracked_rows(writer, args, rng, people, statement_ids, last_document)
        step = part(f"{args.items:,} priorities and recommendations, {updates:,} updates", step)
    step = part("indexes built", step)
    writer.reset_sequences(
        [
            "people_organisation",
            "people_person",
            "people_role",
            "documents_document",
            "documents_statement",
            "documents_statement_speakers",
            "oversight_review",
            "oversight_priority",
            "oversight_recommendation",
            "oversight_statusupdate",
            "oversight_statusupdate_evidence_statements",
        ]
    )
    writer.record_changed()
    if writer.postgresql and not connection.in_atomic_block:
        writer.cursor.execute("VACUUM ANALYZE")
    else:
        writer.cursor.execute("ANALYZE")
    part("VACUUM ANALYZE" if writer.postgresql else "ANALYZE", step)
    part("Total", started)


if __name__ == "__main__":
    main()
