"""A year of a large town, inserted in bulk: raw multi-row INSERTs on SQLite, COPY on PostgreSQL.

Column values come from the model fields themselves (`get_db_prep_save`), so encrypted and JSON columns hold what
the application would have written; constant columns are prepared once, varying ones per row.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction

ROME = ZoneInfo("Europe/Rome")
CHANNELS = (("whatsapp", 60), ("email", 20), ("telegram", 10), ("webform", 10))
HOURS = [h for h in range(24) for _ in range(10 if 8 <= h < 18 else 2 if 6 <= h < 23 else 1)]


def _insert(model: type[models.Model], varying: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows given as tuples of the `varying` field names; other columns take their field default."""
    fields = [f for f in model._meta.concrete_fields]
    by_name = {f.name: f for f in fields}
    constant = {}
    for f in fields:
        if f.name in varying:
            continue
        if f.has_default():
            constant[f.name] = f.get_db_prep_save(f.get_default(), connection)
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            varying_now = f.get_db_prep_save(datetime.now(ROME), connection)
            constant[f.name] = varying_now
        elif f.null:
            constant[f.name] = None
        elif f.blank:
            constant[f.name] = f.get_db_prep_save("", connection)
        else:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
    columns = [by_name[n].column for n in varying] + [by_name[n].column for n in constant]
    tail = tuple(constant.values())
    prep = [by_name[n] for n in varying]
    count = 0
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        raw = connection.connection
        with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(tuple(f.get_db_prep_save(v, connection) for f, v in zip(prep, row)) + tail)
                count += 1
    else:
        sql = f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) VALUES ({", ".join("?" * len(columns))})'
        raw = connection.connection
        batch: list[tuple] = []
        for row in rows:
            batch.append(tuple(f.get_db_prep_save(v, connection) for f, v in zip(prep, row)) + tail)
            if len(batch) >= 20000:
                raw.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            raw.executemany(sql, batch)
            count += len(batch)
    return count


def _reset_sequences(models_: list[type[models.Model]]) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cur.execute(sql)


def _moment(rng: random.Random, day: datetime) -> datetime:
    return day + timedelta(hours=rng.choice(HOURS), minutes=rng.randrange(60), seconds=rng.randrange(60))


def seed(scale: float, today: datetime, seed_value: int = 7) -> dict[str, Any]:
    """Returns the municipality and counts. Everything lies in the 365 days up to and including today."""
    from django.contrib.auth import get_user_model

    from sportello.cases.models import Case, Category, Department, OfficeCalendar
    from sportello.citizens.models import Citizen
    from sportello.conversations.models import Conversation, Message
    from sportello.municipalities.models import ChannelAccount, Municipality, StaffMembership
    from sportello.survey.models import SurveyInvitation, SurveyResponse

    rng = random.Random(seed_value)
    n_conv, n_msg = int(100_000 * scale), int(1_000_000 * scale)
    n_case, n_survey, n_citizens = int(20_000 * scale), int(10_000 * scale), int(40_000 * scale)
    town = Municipality.objects.create(slug="grande", name="Comune di Grande Città")
    OfficeCalendar.objects.create(municipality=town, province="LI",
                                  hours={str(d): [["09:00", "13:00"]] + ([["15:30", "17:30"]] if d in (1, 3) else [])
                                         for d in range(5)})
    accounts = {kind: ChannelAccount.objects.create(municipality=town, channel=kind, label=kind) for kind, _ in CHANNELS}
    weights = [w for _, w in CHANNELS]
    User = get_user_model()
    operators = [User.objects.create_user(f"op{i}", first_name=f"Operatore {i}") for i in range(12)]
    StaffMembership.objects.bulk_create([StaffMembership(user=u, municipality=town) for u in operators])
    departments = [Department.objects.create(municipality=town, code=f"d{i}", name=f"Servizio {i}") for i in range(8)]
    categories = [Category.objects.create(department=d, code=f"c{j}", name=f"Categoria {j}", target_hours=20)
                  for d in departments for j in range(3)]

    with transaction.atomic():
        _insert(Citizen, ["id", "municipality", "display_name"],
                ((i, town.pk, f"Cittadino {i}") for i in range(1, n_citizens + 1)))
        start_day = datetime.combine(today.date() - timedelta(days=364), time(), ROME)
        conversations: list[tuple] = []
        for pk in range(1, n_conv + 1):
            kind = rng.choices(CHANNELS, weights)[0][0]
            opened = _moment(rng, start_day + timedelta(days=rng.randrange(365)))
            opened = min(opened, today - timedelta(minutes=5))
            closed = rng.random() < 0.9
            conversations.append((pk, town.pk, accounts[kind].pk, rng.randrange(1, n_citizens + 1),
                                  "closed" if closed else "open", opened, None if closed else opened))
        per_conv = max(2, n_msg // n_conv)
        last_at: dict[int, datetime] = {}

        def messages() -> Iterator[tuple]:
            mid = 0
            for pk, _town, _acc, _cit, _state, opened, _w in conversations:
                at = opened
                operator = rng.choice(operators).pk
                for k in range(per_conv):
                    mid += 1
                    inbound = k % 2 == 0
                    at = at + timedelta(minutes=rng.randrange(1, 600 if not inbound else 120))
                    at = min(at, today)
                    yield (mid, town.pk, pk, "in" if inbound else "out", "text", "", at, at,
                           None if inbound else operator, "received" if inbound else "delivered")
                last_at[pk] = at
        _insert(Message, ["id", "municipality", "conversation", "direction", "kind", "text", "sent_at", "created_at",
                          "author", "status"], messages())
        _insert(Conversation, ["id", "municipality", "account", "citizen", "state", "created_at", "waiting_since",
                               "last_message_at"],
                (c[:6] + (c[6], last_at.get(c[0], c[5])) for c in conversations))
        cases = []
        for number, conv in enumerate(rng.sample(conversations, n_case), start=1):
            category = rng.choice(categories)
            created = conv[5] + timedelta(minutes=30)
            resolved = created + timedelta(hours=rng.randrange(1, 24 * 12)) if rng.random() < 0.85 else None
            if resolved and resolved > today:
                resolved = None
            cases.append((number, town.pk, f"{created.year}/{number}", created.year, number, category.department_id,
                          category.pk, conv[0], conv[3], "Segnalazione", "resolved" if resolved else "in_progress",
                          created, resolved, created + timedelta(days=5)))
        _insert(Case, ["id", "municipality", "reference", "year", "number", "department", "category", "conversation",
                       "citizen", "title", "state", "created_at", "resolved_at", "due_at"], cases)
        surveyed = rng.sample(conversations, n_survey)
        _insert(SurveyInvitation, ["id", "municipality", "conversation", "citizen", "account", "channel", "trigger",
                                   "sent_at", "state", "answered_at"],
                ((i, town.pk, c[0], c[3], c[2], _kind(accounts, c[2]), "conversation_closed", last_at[c[0]],
                  "answered", last_at[c[0]]) for i, c in enumerate(surveyed, start=1)))
        _insert(SurveyResponse, ["id", "invitation", "municipality", "conversation", "channel", "overall",
                                 "waiting_time", "competence", "courtesy", "created_at"],
                ((i, i, town.pk, c[0], _kind(accounts, c[2]), rng.randint(1, 5), rng.randint(1, 5), rng.randint(2, 5),
                  rng.randint(3, 5), last_at[c[0]]) for i, c in enumerate(surveyed, start=1)))
    _reset_sequences([Citizen, Message, Conversation, Case, SurveyInvitation, SurveyResponse])
    counts = {"messages": Message.objects.count(), "conversations": len(conversations), "cases": len(cases),
              "survey_responses": n_survey}
    return {"municipality": town, "departments": departments, "counts": counts}


def _kind(accounts: dict[str, Any], account_id: int) -> str:
    return next(k for k, a in accounts.items() if a.pk == account_id)
