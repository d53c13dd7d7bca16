"""`flask seed national`: a deterministic synthetic national dataset, for load tests and EXPLAIN.

All 35 labour market regions with their WSP, ~150 WSP advisers, ~600 ADs, ~1,500 employers
(one with 3,000 Wajong employees), 70,000 employees with their contracts and ADs, and five
years of history: ~100,000 contract-end notices and ~80,000 refill requests in every state,
each with the workflow events the real workflow would have written (portal/workflows.py),
plus the state the regie clock leaves behind (open contract-end prompts, reminders and
escalations on overdue items, with their job marks).

Built with bulk inserts (PostgreSQL: COPY; other databases: SQLAlchemy Core executemany), not
through the service functions: those are far too slow for a million rows. Same seed, same
scale and same day give the same data (`random.Random(seed)`; dates are relative to today).
"""
from __future__ import annotations

import bisect
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, insert, select, update

from portal.auth.passwords import hash_password
from portal.clock import due_date, escalation_date
from portal.extensions import db
from portal.formatting import local_date, local_today
from portal.models import (
    OUTCOMES,
    PLAN_SERVICES,
    CaseworkerAssignment,
    ContractEndNotice,
    ContractEndPrompt,
    Employee,
    Employment,
    JobMark,
    Location,
    Municipality,
    Organisation,
    RefillRequest,
    Region,
    User,
    WorkflowEvent,
    user_regions,
)
from portal.regions import import_regions, packaged_csv_text
from portal.workflows import NOTICE_WORKFLOW, REFILL_WORKFLOW

# Sizes at scale 1.0.
ORGANISATIONS = 1_500
EMPLOYEES = 70_000
BIG_EMPLOYER_EMPLOYEES = 3_000
WSP_ADVISERS = 150
ADS = 600
ADMINS = 2
HISTORY_YEARS = 5

BIG_EMPLOYER = ("Facilitair Bedrijf Nederland B.V.", "fbnederland.example")
BIG_EMPLOYER_CITIES = ("Amsterdam", "Utrecht", "Rotterdam")

# Rough size of the labour market regions (the large cities); every other region weighs 1.
REGION_WEIGHTS = {"AM18": 4.0, "AM22": 4.0, "AM21": 3.5, "AM13": 3.0, "AM28": 2.2, "AM19": 1.6, "AM25": 1.7,
                  "AM26": 1.5, "AM27": 1.6, "AM05": 1.8, "AM02": 1.8, "AM01": 1.7, "AM30": 1.8, "AM15": 1.7}
BIG_CITIES = {"Amsterdam": 12, "Rotterdam": 10, "'s-Gravenhage": 9, "Utrecht": 8, "Eindhoven": 5, "Groningen": 5,
              "Tilburg": 4, "Almere": 4, "Breda": 4, "Nijmegen": 4, "Apeldoorn": 3, "Arnhem": 3, "Haarlem": 3,
              "Enschede": 3, "Amersfoort": 3, "Zaanstad": 3, "'s-Hertogenbosch": 3, "Zwolle": 3, "Leiden": 3,
              "Maastricht": 3, "Dordrecht": 3, "Leeuwarden": 3, "Zoetermeer": 2, "Alkmaar": 2, "Venlo": 2}

FIRST_NAMES = [
    "Daan", "Sem", "Lieke", "Noah", "Tess", "Milan", "Yara", "Luuk", "Fleur", "Bram", "Iris", "Thijs", "Noor",
    "Jesse", "Sara", "Ravi", "Mila", "Owen", "Lina", "Kevin", "Emma", "Lucas", "Julia", "Finn", "Sophie", "Levi",
    "Anna", "Mohammed", "Zoë", "Ryan", "Eva", "Jayden", "Saar", "Stijn", "Lotte", "Ayoub", "Nina", "Ruben", "Amira",
    "Tim", "Femke", "Bas", "Esmee", "Joris", "Fatima", "Koen", "Sanne", "Mees", "Ilse", "Dewi", "Hamza", "Roos",
    "Wouter", "Maud", "Gijs", "Demi", "Youssef", "Lisa", "Niels", "Vera",
]
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden",
    "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Kaya", "Yilmaz", "El Amrani", "Öztürk", "Bosman",
    "Kuipers", "Veenstra", "Postma", "Wijaya", "Tahiri",
]
JOBS = [
    ("Medewerker groenvoorziening", 24), ("Medewerker logistiek", 32), ("Facilitair medewerker", 20),
    ("Medewerker schoonmaak", 16), ("Administratief medewerker", 28), ("Medewerker keuken", 24),
    ("Productiemedewerker", 32), ("Medewerker magazijn", 30), ("Medewerker postkamer", 20),
    ("Medewerker kinderopvang", 18), ("Medewerker winkel", 24), ("Medewerker recreatie", 20),
    ("Medewerker zorg en welzijn", 24), ("Medewerker ICT-beheer", 32), ("Medewerker wasserij", 24),
]
SECTORS = [
    "Groenvoorziening", "Logistiek", "Zorggroep", "Facilitaire Diensten", "Schoonmaakbedrijf", "Catering",
    "Bouwbedrijf", "Metaalbewerking", "Supermarkten", "Kinderopvang", "Recreatie", "Drukkerij", "Wasserij",
    "Transport", "Installatietechniek", "Hoveniers", "Bakkerij", "Verpakkingen", "Kwekerij", "Autoservice",
]
FORMS = ["B.V.", "B.V.", "B.V.", "Groep B.V.", "Stichting", "N.V.", "& Zonen B.V."]
CERTIFYING_BODIES = ["Stichting PSO", "Kiwa", "DNV", "TÜV Nederland", "Lloyd's Register"]
PSO_LEVEL_CHOICES = ["aspirant", "basistrede", "trede_1", "trede_1", "trede_2", "trede_2", "trede_3"]
STREETS = ["Industrieweg", "Stationsstraat", "Havenweg", "Kerkstraat", "Dorpsstraat", "Nijverheidsweg",
           "Energieweg", "Marktplein", "Molenweg", "Spoorlaan", "Handelsweg", "Parallelweg"]
NOTES = {
    "notes_tasks": ["Orders picken en klaarzetten.", "Groen onderhouden in de wijk.", "Kantine en koffiecorner bijhouden.",
                    "Post sorteren en rondbrengen.", "Schoonmaken van kantoren volgens een vaste route."],
    "notes_strengths": ["Heel precies en betrouwbaar.", "Altijd op tijd, vrolijk in het team.",
                        "Werkt zelfstandig als de taak duidelijk is.", "Sterk in herhalend werk."],
    "notes_attention": ["Heeft moeite met drukte en veranderingen op het laatste moment.",
                        "Heeft rust nodig na de middag.", "Vraagt niet snel om hulp."],
    "notes_adaptations": ["Vaste begintijd en een vaste collega als maatje.", "Taakkaart per dag.",
                          "Rustige werkplek, geluiddempende koptelefoon.", "Jobcoach eens per twee weken."],
    "notes_next_roles": ["Werk met een vaste structuur, bijvoorbeeld in een magazijn.", "Buitenwerk in het groen.",
                         "Facilitair werk in een klein team."],
    "notes_wishes": ["Wil graag buiten blijven werken.", "Wil dicht bij huis werken.", "Wil meer uren werken.",
                     "Wil een opleiding volgen naast het werk."],
}
REASON_BY_CONTRACT = {
    "temporary": (["temp_no_work", "temp_match", "employee_wants_change", "other"], [60, 25, 10, 5]),
    "agency": (["temp_no_work", "temp_match", "employee_wants_change", "reorganisation"], [55, 25, 10, 10]),
    "trial_placement": (["trial_ended", "temp_match", "other"], [80, 15, 5]),
    "permanent": (["mutual_agreement", "dismissal", "illness", "reorganisation", "employee_wants_change"],
                  [30, 15, 20, 20, 15]),
}
OUTCOME_CHOICES = (list(OUTCOMES), [35, 25, 10, 20, 10])
PLAN_CHOICES = (list(PLAN_SERVICES), [30, 25, 20, 15, 10])
WITHDRAW_NOTES = ["Het contract wordt toch verlengd.", "Er is toch werk gevonden op een andere afdeling.",
                  "Per abuis gemeld."]
CANDIDATE_NOTES = ["Twee kandidaten uit ons bestand, gesprekken volgende week.",
                   "Een kandidaat met ervaring in vergelijkbaar werk.", "Drie kandidaten voorgesteld, één proefplaatsing."]
NOT_FILLED_REASONS = ["Geen geschikte kandidaat binnen de gewenste termijn.", "De werkgever koos een eigen kandidaat.",
                      "De functie bleek niet passend voor de doelgroep."]

WORKING_HOURS_UTC = (6, 16)


class NationalSeedRefused(RuntimeError):
    """The national dataset is only loaded into an empty, non-production database."""


@dataclass
class LoadResult:
    counts: dict[str, int]
    seconds: float
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (what, e-mail, detail)


# --- bulk writing -------------------------------------------------------------------------

class _Bulk:
    """Buffers rows per table and writes them in dependency order: COPY on PostgreSQL,
    Core executemany elsewhere. Every row of a table must have the same keys."""

    FLUSH_EVERY = 20_000

    def __init__(self, session, tables):
        self.session = session
        self.connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.tables = list(tables)  # dependency order
        self.buffers = {t.name: [] for t in self.tables}
        self.counts = {t.name: 0 for t in self.tables}
        self.defaults = {t.name: _scalar_defaults(t) for t in self.tables}

    def add(self, table, values: dict) -> None:
        buffer = self.buffers[table.name]
        buffer.append({**self.defaults[table.name], **values})
        if len(buffer) >= self.FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        for table in self.tables:
            rows = self.buffers[table.name]
            if not rows:
                continue
            if self.postgres:
                self._copy(table, rows)
            else:
                for start in range(0, len(rows), 5_000):
                    self.connection.execute(insert(table), rows[start:start + 5_000])
            self.counts[table.name] += len(rows)
            self.buffers[table.name] = []

    def _copy(self, table, rows) -> None:
        columns = list(rows[0])
        raw = self.connection.connection.driver_connection
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([_naive_utc(row[c]) for c in columns])


def _scalar_defaults(table) -> dict:
    """Python-side scalar defaults (COPY would leave those columns NULL)."""
    defaults = {}
    for column in table.columns:
        if column.primary_key:
            continue
        if column.default is not None and getattr(column.default, "is_scalar", False):
            defaults[column.name] = column.default.arg
        elif column.nullable and column.server_default is None:
            defaults[column.name] = None
    return defaults


def _naive_utc(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


# --- the generator ------------------------------------------------------------------------

class _Generator:
    def __init__(self, session, scale: float, seed: int, password_hash: str):
        self.session = session
        self.scale = scale
        self.rng = random.Random(seed)  # deterministic test data, not security  # nosec B311
        self.password_hash = password_hash
        self.today = local_today()
        # Midnight UTC of today: the same seed, scale and day give the same data, whatever the hour.
        self.now = datetime(self.today.year, self.today.month, self.today.day, tzinfo=timezone.utc)
        self.window_start = self.today - timedelta(days=365 * HISTORY_YEARS + 1)
        self.config = current_app.config
        self.ids = {}
        self._due_cache: dict[tuple[str, date], date] = {}
        # Dependency order of the inserts.
        # Dependency order of the inserts. Organisations point at an admin (pso_verified_by_id) and
        # employer users at their organisation: the staff (admins included) are flushed first.
        self.T = {
            "organisations": Organisation.__table__, "locations": Location.__table__, "users": User.__table__,
            "user_regions": user_regions, "employees": Employee.__table__,
            "caseworker_assignments": CaseworkerAssignment.__table__, "employments": Employment.__table__,
            "contract_end_notices": ContractEndNotice.__table__, "refill_requests": RefillRequest.__table__,
            "workflow_events": WorkflowEvent.__table__, "contract_end_prompts": ContractEndPrompt.__table__,
            "job_marks": JobMark.__table__,
        }
        for name, table in self.T.items():
            if "id" in table.c:
                self.ids[name] = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        self.bulk = _Bulk(session, self.T.values())

    # helpers
    def next_id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def n(self, base: int, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale))

    def moment(self, day: date) -> datetime:
        """A moment during working hours (UTC) on `day`, never in the future."""
        rng = self.rng
        value = datetime(day.year, day.month, day.day, rng.randint(*WORKING_HOURS_UTC), rng.randint(0, 59),
                         rng.randint(0, 59), tzinfo=timezone.utc)
        return min(value, self.now - timedelta(minutes=rng.randint(1, 90)))

    def after(self, start: datetime, low_days: float, high_days: float) -> datetime:
        """A later moment, during working hours when it is a day or more later."""
        delta = timedelta(days=self.rng.uniform(low_days, high_days))
        later = start + delta
        if delta >= timedelta(days=1):
            later = later.replace(hour=self.rng.randint(*WORKING_HOURS_UTC), minute=self.rng.randint(0, 59))
        return max(later, start + timedelta(minutes=self.rng.randint(5, 120)))

    def due(self, setting: str, entered_at: datetime) -> date:
        """portal.clock.due_date, remembered per local day (the same answer for the whole day)."""
        key = (setting, local_date(entered_at))
        if key not in self._due_cache:
            self._due_cache[key] = due_date(setting, entered_at)
        return self._due_cache[key]

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def weighted_index(self, cumulative: list[float]) -> int:
        return bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1])

    # ------------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        self.reference_data()
        self.staff()
        self.bulk.flush()
        self.organisations()
        self.people()
        self.bulk.flush()
        return dict(self.bulk.counts)

    def reference_data(self) -> None:
        self.regions = list(self.session.scalars(select(Region).order_by(Region.code)))
        municipalities = list(self.session.scalars(select(Municipality).order_by(Municipality.code)))
        self.municipalities_by_region = {r.id: [] for r in self.regions}
        for m in municipalities:
            self.municipalities_by_region[m.region_id].append(m)
        self.municipality_by_name = {m.name: m for m in municipalities}
        self.region_of_municipality = {m.id: m.region_id for m in municipalities}
        for region in self.regions:
            slug = _slug(region.name)
            self.session.execute(
                update(Region).where(Region.id == region.id).values(
                    wsp_name=f"Werkgeversservicepunt {region.name}",
                    wsp_email=f"wsp@{slug}.example",
                    wsp_phone=f"0{self.rng.randint(10, 99)} {self.rng.randint(200, 899)} {self.rng.randint(1000, 9999)}",
                )
            )
        self.region_weight = [REGION_WEIGHTS.get(r.code, 1.0) for r in self.regions]
        self.region_cumulative = _cumulative(self.region_weight)

    def user(self, role: str, email: str, name: str, phone: str, organisation_id: int | None = None,
             created_at: datetime | None = None) -> int:
        user_id = self.next_id("users")
        self.bulk.add(self.T["users"], dict(
            id=user_id, email=email, name=name, phone=phone, role=role, organisation_id=organisation_id,
            password_hash=self.password_hash, session_version=1, is_enabled=True,
            created_at=created_at or self.moment(self.window_start), last_login_at=None,
        ))
        return user_id

    def staff(self) -> None:
        rng = self.rng
        self.admin_ids = [
            self.user("admin", f"beheer{i + 1}@servicepunt.example", self.name(), f"088 898 {2000 + i}")
            for i in range(ADMINS)
        ]
        # WSP advisers: every region at least one (when there are enough), more in the big regions.
        n_wsp = self.n(WSP_ADVISERS, minimum=10)
        home = list(range(len(self.regions))) if n_wsp >= len(self.regions) else []
        while len(home) < n_wsp:
            home.append(self.weighted_index(self.region_cumulative))
        home.sort()
        self.wsp_by_region: dict[int, list[int]] = {r.id: [] for r in self.regions}
        coordinators = set()
        for number, region_index in enumerate(home, start=1):
            region = self.regions[region_index]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            user_id = self.user("wsp", f"{_slug(first)}.{_slug(last)}.{number}@wsp.example", f"{first} {last}",
                                f"06 {rng.randint(10000000, 99999999)}")
            regions = [region]
            if rng.random() < 0.1:  # some advisers help out in a second region
                regions.append(self.regions[self.weighted_index(self.region_cumulative)])
            for position, extra in enumerate(dict.fromkeys(r.id for r in regions)):
                is_coordinator = position == 0 and extra not in coordinators
                coordinators.add(extra)
                self.bulk.add(self.T["user_regions"], dict(user_id=user_id, region_id=extra, is_coordinator=is_coordinator))
                self.wsp_by_region[extra].append(user_id)
        # Regions without an adviser (small scales) are served by the advisers of another region.
        all_wsp = [u for users in self.wsp_by_region.values() for u in users]
        for index, region in enumerate(self.regions):
            if not self.wsp_by_region[region.id]:
                user_id = all_wsp[index % len(all_wsp)]
                self.bulk.add(self.T["user_regions"], dict(user_id=user_id, region_id=region.id, is_coordinator=True))
                self.wsp_by_region[region.id].append(user_id)
        # ADs: regional teams; some carry a bigger caseload than others.
        n_ad = self.n(ADS, minimum=10)
        self.ads_by_region: dict[int, list[int]] = {r.id: [] for r in self.regions}
        self.ad_weights: dict[int, list[float]] = {r.id: [] for r in self.regions}
        for number in range(1, n_ad + 1):
            # Every region its own team when there are enough ADs; the rest by region size.
            if n_ad >= len(self.regions) and number <= len(self.regions):
                region = self.regions[number - 1]
            else:
                region = self.regions[self.weighted_index(self.region_cumulative)]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            user_id = self.user("ad", f"{_slug(first[0])}.{_slug(last)}{number}@uwv.example", f"{first} {last}",
                                f"088 898 {3000 + number:04d}")
            self.ads_by_region[region.id].append(user_id)
            self.ad_weights[region.id].append(rng.choice([0.6, 0.8, 1.0, 1.0, 1.2, 1.5, 2.5]))
        all_ads = [u for users in self.ads_by_region.values() for u in users]
        for index, region in enumerate(self.regions):
            if not self.ads_by_region[region.id]:
                self.ads_by_region[region.id] = [all_ads[index % len(all_ads)], all_ads[(index + 1) % len(all_ads)]]
                self.ad_weights[region.id] = [1.0, 1.0]
        self.ad_cumulative = {rid: _cumulative(w) for rid, w in self.ad_weights.items()}

    def organisations(self) -> None:
        rng = self.rng
        n_org = self.n(ORGANISATIONS, minimum=5)
        kvk_numbers = rng.sample(range(10_000_000, 100_000_000), n_org)
        self.org_ids, self.org_locations, self.org_users, self.org_prefix = [], {}, {}, {}
        for index in range(n_org):
            org_id = self.next_id("organisations")
            big = index == 0
            if big:
                name, domain = BIG_EMPLOYER
                homes = [self.municipality_by_name[c] for c in BIG_EMPLOYER_CITIES if c in self.municipality_by_name]
            else:
                region = self.regions[self.weighted_index(self.region_cumulative)]
                home = self._municipality_in(region.id)
                name = f"{rng.choice(SECTORS)} {home.name} {rng.choice(FORMS)}"
                domain = f"{_slug(name.split(' B.V.')[0].split(' N.V.')[0])[:30]}-{index}.example"
                homes = [home]
                for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
                    same_region = rng.random() < 0.7
                    other = region if same_region else self.regions[self.weighted_index(self.region_cumulative)]
                    homes.append(self._municipality_in(other.id))
            valid_from = self.today - timedelta(days=rng.randint(30, 1000))
            self.bulk.add(self.T["organisations"], dict(
                id=org_id, name=name, kvk_number=f"{kvk_numbers[index]:08d}",
                pso_certificate_number=f"PSO-{valid_from.year}-{rng.randint(1, 9999):04d}",
                pso_level=rng.choice(PSO_LEVEL_CHOICES), pso_30_plus=rng.random() < 0.2,
                pso_certifying_body=rng.choice(CERTIFYING_BODIES), pso_valid_from=valid_from,
                pso_valid_until=valid_from + timedelta(days=3 * 365), pso_verified_by_id=rng.choice(self.admin_ids),
                pso_verified_at=self.moment(valid_from), is_active=True,
            ))
            locations = []
            for position, municipality in enumerate(homes):
                location_id = self.next_id("locations")
                self.bulk.add(self.T["locations"], dict(
                    id=location_id, organisation_id=org_id,
                    name=f"Vestiging {municipality.name}" if position or big else "Hoofdvestiging",
                    street=f"{rng.choice(STREETS)} {rng.randint(1, 250)}",
                    postcode=f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                    city=municipality.name, municipality_id=municipality.id,
                ))
                locations.append((location_id, self.region_of_municipality[municipality.id]))
            self.org_locations[org_id] = locations
            users = []
            for number in range(3 if big else rng.choice([1, 1, 2, 2, 3])):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                users.append(self.user(
                    "employer", f"{_slug(first[0])}.{_slug(last)}{'' if number == 0 else number + 1}@{domain}",
                    f"{first} {last}", f"0{rng.randint(10, 99)} {rng.randint(200, 899)} {rng.randint(1000, 9999)}",
                    organisation_id=org_id,
                ))
            self.org_users[org_id] = users
            self.org_prefix[org_id] = rng.choice("ABCDEFGHKLMNPRSTVW")
            self.org_ids.append(org_id)
        self.big_org_id = self.org_ids[0]
        # Employees per organisation: one big employer, the rest heavy-tailed (most are small).
        total = self.n(EMPLOYEES, minimum=50)
        big = min(self.n(BIG_EMPLOYER_EMPLOYEES, minimum=10), total // 2)
        others = self.org_ids[1:]
        weights = [min(rng.paretovariate(1.3), 25.0) for _ in others]
        rest = total - big
        counts = [max(1, int(rest * w / sum(weights))) for w in weights]
        for i in range(rest - sum(counts)):
            counts[i % len(counts)] += 1
        while sum(counts) > rest:  # the minimum of one per organisation can overshoot
            largest = max(range(len(counts)), key=counts.__getitem__)
            counts[largest] -= 1
        # The big employer stays the biggest, also at small scales (flatter there).
        cap = max(1, int(big * 0.9))
        leftover = sum(max(0, c - cap) for c in counts)
        counts = [min(c, cap) for c in counts]
        index = 0
        while leftover and any(c < cap for c in counts):
            if counts[index % len(counts)] < cap:
                counts[index % len(counts)] += 1
                leftover -= 1
            index += 1
        big += leftover
        self.employee_counts = {self.big_org_id: big, **dict(zip(others, counts))}

    def _municipality_in(self, region_id: int):
        candidates = self.municipalities_by_region[region_id]
        weights = [BIG_CITIES.get(m.name, 1) for m in candidates]
        return self.rng.choices(candidates, weights)[0]

    # --- employees, contracts and their history -------------------------------------------
    def people(self) -> None:
        for org_id in self.org_ids:
            locations = self.org_locations[org_id]
            location_weights = _cumulative([3 if i == 0 else 1 for i in range(len(locations))])
            for number in range(1, self.employee_counts[org_id] + 1):
                location_id, region_id = locations[self.weighted_index(location_weights)]
                self.employee(org_id, f"{self.org_prefix[org_id]}{number:05d}", location_id, region_id)

    def pick_ad(self, region_id: int, exclude: int | None = None) -> int:
        ads = self.ads_by_region[region_id]
        for _ in range(5):
            ad = ads[self.weighted_index(self.ad_cumulative[region_id])]
            if ad != exclude:
                return ad
        return ads[0] if ads[0] != exclude else ads[-1]

    def employee(self, org_id: int, personnel_number: str, location_id: int, region_id: int) -> None:
        rng = self.rng
        employee_id = self.next_id("employees")
        self.bulk.add(self.T["employees"], dict(
            id=employee_id, organisation_id=org_id, personnel_number=personnel_number, name=self.name(),
            date_of_birth=date(1962, 1, 1) + timedelta(days=rng.randint(0, 16000)),
        ))
        # The contracts: zero to four earlier ones (each ended with a notice), then the current one.
        past = rng.choices([0, 1, 2, 3, 4], [33, 28, 21, 12, 6])[0]
        if past:
            current_start = self.today - timedelta(days=rng.randint(20, 800))
        else:
            current_start = self.today - timedelta(days=rng.randint(20, 3650))
        chain = []
        end = current_start - timedelta(days=rng.randint(1, 45))
        for _ in range(past):
            length = rng.randint(120, 720)
            start = end - timedelta(days=length)
            if end - timedelta(days=100) < self.window_start:
                break
            chain.append((start, end))
            end = start - timedelta(days=rng.randint(1, 60))
        chain.reverse()
        first_start = chain[0][0] if chain else current_start

        # ADs over time: the current one, sometimes one or two before.
        assignments = []  # (valid_from, ad, backup)
        changes = rng.choices([0, 1, 2], [70, 24, 6])[0]
        moments = sorted(
            self.moment(first_start + timedelta(days=rng.randint(30, max(31, (self.today - first_start).days - 5))))
            for _ in range(changes)
        )
        for valid_from in [self.moment(first_start - timedelta(days=rng.randint(0, 60)))] + moments:
            ad = self.pick_ad(region_id)
            backup = self.pick_ad(region_id, exclude=ad) if rng.random() < 0.9 else None
            if backup == ad:
                backup = None
            assignments.append((valid_from, ad, backup))
        for position, (valid_from, ad, backup) in enumerate(assignments):
            valid_until = assignments[position + 1][0] if position + 1 < len(assignments) else None
            self.bulk.add(self.T["caseworker_assignments"], dict(
                id=self.next_id("caseworker_assignments"), employee_id=employee_id, ad_id=ad, backup_ad_id=backup,
                valid_from=valid_from, valid_until=valid_until, assigned_by_id=None,
            ))
        assignment_starts = [a[0] for a in assignments]

        def ad_at(moment: datetime) -> int:
            index = bisect.bisect_right(assignment_starts, moment) - 1
            return assignments[max(index, 0)][1]

        employer_users = self.org_users[org_id]
        for start, end in chain:
            contract = rng.choices(["temporary", "agency", "trial_placement", "permanent"], [55, 18, 15, 12])[0]
            employment_id = self.employment(employee_id, location_id, contract, start, end)
            notice_created = self.moment(max(start + timedelta(days=1), end - timedelta(days=rng.randint(7, 100))))
            if notice_created.date() < self.window_start:
                continue
            if rng.random() < 0.07:
                self.withdrawn_notice(employment_id, contract, start, notice_created, org_id, region_id,
                                      location_id, employer_users, ad_at)
            self.notice(employment_id, contract, start, end, notice_created, "close", org_id, region_id, location_id,
                        employer_users, ad_at)

        # The current contract.
        contract = rng.choices(["permanent", "temporary", "agency", "trial_placement"], [42, 38, 12, 8])[0]
        end = None
        if contract == "temporary":
            end = self.today + timedelta(days=rng.randint(-5, 400))
        elif contract == "trial_placement":
            end = self.today + timedelta(days=rng.randint(1, 150))
            current_start = min(current_start, end - timedelta(days=30))
            current_start = max(current_start, end - timedelta(days=180))
        elif contract == "agency" and rng.random() < 0.6:
            end = self.today + timedelta(days=rng.randint(10, 300))
        employment_id = self.employment(employee_id, location_id, contract, current_start, end)
        notice_created = None
        filed_on = end - timedelta(days=rng.randint(10, 110)) if end is not None else None
        if filed_on is not None and filed_on <= self.today and end >= self.today - timedelta(days=20) \
                and rng.random() < 0.45:
            notice_created = self.moment(max(current_start + timedelta(days=1), filed_on))
        elif end is None and rng.random() < 0.012:
            notice_created = self.moment(self.today - timedelta(days=rng.randint(0, 60)))
            end = max(notice_created.date(), self.today) + timedelta(days=rng.randint(20, 90))
        if rng.random() < 0.03:
            self.withdrawn_notice(employment_id, contract, current_start, notice_created, org_id, region_id,
                                  location_id, employer_users, ad_at)
        if notice_created is not None and notice_created.date() >= current_start:
            self.notice(employment_id, contract, current_start, end, notice_created, "close", org_id, region_id,
                        location_id, employer_users, ad_at)
        elif (contract == "temporary" and end is not None
              and self.today <= end <= _add_months(self.today, self.config["CONTRACT_END_PROMPT_MONTHS"])):
            # The regie clock asked the employer whether this contract is renewed.
            asked = max(_add_months(end, -self.config["CONTRACT_END_PROMPT_MONTHS"]), self.today - timedelta(days=60))
            self.bulk.add(self.T["contract_end_prompts"], dict(
                id=self.next_id("contract_end_prompts"), employment_id=employment_id, end_date=end, status="open",
                created_at=min(self.moment(min(asked, self.today)).replace(hour=5), self.now),
                answered_by_id=None, answered_at=None,
            ))

    def employment(self, employee_id, location_id, contract, start, end) -> int:
        rng = self.rng
        employment_id = self.next_id("employments")
        job_title, hours = rng.choice(JOBS)
        coach = rng.choices(["none", "external", "internal"], [55, 30, 15])[0]
        self.bulk.add(self.T["employments"], dict(
            id=employment_id, employee_id=employee_id, location_id=location_id, job_title=job_title,
            hours_per_week=Decimal(max(8, hours + rng.choice([-8, -4, 0, 0, 4]))), contract_type=contract,
            start_date=start, end_date=end, job_coach_type=coach,
            job_coach_organisation="Jobcoach Plus" if coach == "external" else "",
            job_coach_name=self.name() if coach != "none" else "",
        ))
        self.last_job = (job_title, hours)
        return employment_id

    def withdrawn_notice(self, employment_id, contract, start, before, org_id, region_id, location_id, users, ad_at):
        """A notice filed and withdrawn again (the contract went on) before the next one."""
        latest = (before - timedelta(days=45)) if before else (self.now - timedelta(days=3))
        earliest = self.moment(max(start + timedelta(days=14), self.window_start))
        if latest <= earliest:
            return
        created = earliest + (latest - earliest) * self.rng.random()
        self.notice(employment_id, contract, start, created.date() + timedelta(days=self.rng.randint(20, 90)),
                    created, "withdraw", org_id, region_id, location_id, users, ad_at,
                    withdraw_by=created + timedelta(days=40))

    def notice(self, employment_id, contract, start, end, created, fate, org_id, region_id, location_id, users,
               ad_at, withdraw_by=None) -> None:
        """One notice, moved along the workflow as far as time allows; its refill request too."""
        rng = self.rng
        notice_id = self.next_id("contract_end_notices")
        filed_by = rng.choice(users)
        expected_end = max(end or created.date() + timedelta(days=60), start)
        steps = [("submit", created, filed_by, "")]
        acknowledged = self.after(created, 0.05, 9)
        plan_service = plan_start = None
        plan_reason = ""
        outcome, outcome_note = None, ""
        if fate == "withdraw":
            withdrawn = min(self.after(created, 1, 30), withdraw_by)
            if acknowledged < withdrawn:
                steps.append(("acknowledge", acknowledged, ad_at(acknowledged), ""))
            steps.append(("withdraw", withdrawn, filed_by, rng.choice(WITHDRAW_NOTES)))
        else:
            steps.append(("acknowledge", acknowledged, ad_at(acknowledged), ""))
            last = acknowledged
            if rng.random() < 0.85:
                planned = self.after(acknowledged, 0.5, 20)
                plan_service = rng.choices(*PLAN_CHOICES)[0]
                steps.append(("record_plan", planned, ad_at(planned), PLAN_SERVICES[plan_service]))
                last = planned
            closing_day = max(last.date(), expected_end) + timedelta(days=rng.randint(0, 45))
            closed = max(self.moment(closing_day) if closing_day <= self.today else self.after(last, 400, 500),
                         last + timedelta(hours=1))
            outcome = rng.choices(*OUTCOME_CHOICES)[0]
            steps.append(("close", closed, ad_at(closed), OUTCOMES[outcome]))
        steps = [s for s in steps if s[1] < self.now]
        transitions = [NOTICE_WORKFLOW.transition(action) for action, *_ in steps]
        status = transitions[-1].target
        if any(action == "record_plan" for action, *_ in steps):
            plan_start = None if plan_service == "none" else steps[2][1].date() + timedelta(days=rng.randint(0, 30))
            plan_reason = "De werknemer heeft al zelf ander werk gevonden." if plan_service == "none" else ""
        else:
            plan_service = None
        if status != "closed":
            outcome = None
        elif outcome in ("job_to_job", "later_job"):
            outcome_note = "Geplaatst bij een andere werkgever in de regio."
        entered = steps[-1][1]
        deadline = NOTICE_WORKFLOW.deadlines.get(status)
        response_due = self.due(deadline, entered) if deadline else None
        consent = rng.random() < 0.75
        notes = {f: (rng.choice(texts) if rng.random() < 0.7 else "") for f, texts in NOTES.items()}
        reasons, weights = REASON_BY_CONTRACT[contract]
        refill_wanted = rng.random() < 0.8
        self.bulk.add(self.T["contract_end_notices"], dict(
            id=notice_id, employment_id=employment_id, filed_by_id=filed_by, status=status, created_at=created,
            response_due=response_due, expected_end_date=expected_end,
            reason_category=rng.choices(reasons, weights)[0], reason_text="", initiative=rng.choices(
                ["employer", "employee", "both"], [70, 15, 15])[0],
            **notes, notes_discussed=consent, consent_given=consent,
            consent_date=created.date() - timedelta(days=rng.randint(0, 5)) if consent else None,
            consent_recorded_by_id=filed_by if consent else None, refill_wanted=refill_wanted,
            plan_service=plan_service, plan_start_date=plan_start, plan_reason=plan_reason,
            outcome=outcome, outcome_note=outcome_note,
        ))
        previous = None
        for (action, moment, actor, note), transition in zip(steps, transitions):
            self.event("notice", notice_id, action, previous, transition.target, actor, moment, note)
            previous = transition.target
        self.clock_events(NOTICE_WORKFLOW, notice_id, status, response_due)
        if refill_wanted:
            withdrawn_at = steps[-1][1] if status == "withdrawn" else None
            self.refill(notice_id, org_id, region_id, location_id, filed_by, created, withdrawn_at)

    def refill(self, notice_id, org_id, region_id, location_id, contact, created, withdrawn_at) -> None:
        rng = self.rng
        refill_id = self.next_id("refill_requests")
        advisers = self.wsp_by_region[region_id]
        adviser = advisers[min(int(rng.paretovariate(1.5)) - 1, len(advisers) - 1)]
        fate = rng.choices(["fill", "not_fill", "cancel"], [60, 27, 13])[0]
        steps = [("open", created, contact, "")]
        claimed = self.after(created, 0.05, 9)
        steps.append(("claim", claimed, adviser, ""))
        last = claimed
        candidates_note = ""
        if rng.random() < 0.85:
            proposed = self.after(claimed, 2, 30)
            candidates_note = rng.choice(CANDIDATE_NOTES)
            steps.append(("propose", proposed, adviser, candidates_note))
            last = proposed
        final = self.after(last, 3, 60)
        if fate == "cancel":
            final = self.after(created, 0.5, (final - created).total_seconds() / 86400)
            steps = [s for s in steps if s[1] < final] + [("cancel", final, contact,
                                                            "De werkgever heeft de plek niet meer nodig.")]
        else:
            steps.append((fate, final, adviser, rng.choice(NOT_FILLED_REASONS) if fate == "not_fill" else ""))
        if withdrawn_at is not None:  # withdrawing the notice cancels the request when it is still open
            kept = [s for s in steps if s[1] < withdrawn_at]
            if kept[-1][0] not in ("fill", "not_fill", "cancel"):
                kept.append(("cancel", withdrawn_at, contact, "De melding is ingetrokken."))
            steps = kept
        steps = [s for s in steps if s[1] < self.now]
        transitions = [REFILL_WORKFLOW.transition(action) for action, *_ in steps]
        status = transitions[-1].target
        actions = [s[0] for s in steps]
        response_due = self.due(REFILL_WORKFLOW.deadlines["open"], created) if status == "open" else None
        job_title, hours = self.last_job
        self.bulk.add(self.T["refill_requests"], dict(
            id=refill_id, notice_id=notice_id, organisation_id=org_id, location_id=location_id, region_id=region_id,
            contact_id=contact, status=status, created_at=created, response_due=response_due,
            job_title=job_title, hours_per_week=Decimal(hours), tasks="Zie de functieomschrijving.",
            requirements="Zorgvuldig en op tijd.", adaptations="Vaste begintijd en een taakkaart.",
            wanted_start_date=created.date() + timedelta(days=rng.randint(20, 90)),
            claimed_by_id=adviser if "claim" in actions else None,
            candidates_note=candidates_note if "propose" in actions else "",
            filled_date=steps[-1][1].date() + timedelta(days=rng.randint(0, 30)) if status == "filled" else None,
            not_filled_reason=steps[-1][3] if status == "not_filled" else "",
        ))
        previous = None
        for (action, moment, actor, note), transition in zip(steps, transitions):
            self.event("refill", refill_id, action, previous, transition.target, actor, moment, note)
            previous = transition.target
        self.clock_events(REFILL_WORKFLOW, refill_id, status, response_due)

    def event(self, subject_type, subject_id, action, from_state, to_state, actor, moment, note) -> None:
        self.bulk.add(self.T["workflow_events"], dict(
            id=self.next_id("workflow_events"), subject_type=subject_type, subject_id=subject_id, action=action,
            from_state=from_state, to_state=to_state, actor_id=actor, created_at=moment, note=note,
        ))

    def clock_events(self, workflow, subject_id, status, response_due) -> None:
        """What `flask jobs run` leaves on an overdue item: a reminder, later an escalation."""
        if response_due is None or response_due > self.today:
            return
        for kind, day, note in (
            ("remind", response_due, "aan de eigenaar"),
            ("escalate", escalation_date(response_due), "doorgezet"),
        ):
            if day > self.today:
                break
            moment = min(datetime(day.year, day.month, day.day, 5, 0, tzinfo=timezone.utc), self.now)
            self.event(workflow.subject_type, subject_id, kind, status, status, None, moment, note)
            self.bulk.add(self.T["job_marks"], dict(
                id=self.next_id("job_marks"),
                key=f"{kind}:{workflow.subject_type}:{subject_id}:{status}:{response_due.isoformat()}",
                created_at=moment,
            ))


def _cumulative(weights) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _slug(text_value: str) -> str:
    table = str.maketrans({"ö": "o", "ë": "e", "é": "e", "ü": "u", "ï": "i", "'": "", "&": "en"})
    return "-".join(text_value.lower().translate(table).replace("/", " ").split())


def _add_months(day: date, months: int) -> date:
    from portal.notices.service import add_months

    return add_months(day, months)


# --- entry points -------------------------------------------------------------------------

def load(session, scale: float = 1.0, seed: int = 2026, *, password: str) -> LoadResult:
    """Load the national dataset into an empty database (regions are loaded first)."""
    started = time.monotonic()
    if current_app.config.get("CONFIG_NAME") == "production":
        raise NationalSeedRefused("the national test dataset is never loaded in production")
    if not 0 < scale <= 10:
        raise NationalSeedRefused("scale must be above 0 and at most 10")
    if not password or len(password) < 12:
        raise NationalSeedRefused("the password must be at least 12 characters")
    if session.scalar(select(func.count()).select_from(Organisation)):
        raise NationalSeedRefused("organisations exist already: load the national dataset into an empty database")
    import_regions(packaged_csv_text())
    generator = _Generator(session, scale, seed, hash_password(password))
    counts = generator.run()
    dialect = session.connection().dialect.name
    if dialect == "postgresql":
        for name, table in generator.T.items():
            if "id" in table.c:
                highest = select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery()
                session.execute(select(func.setval(func.pg_get_serial_sequence(name, "id"), highest)))
    session.commit()
    if dialect == "postgresql":
        # Statistics and the visibility map, as autovacuum would leave them (index-only scans).
        with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return LoadResult(counts=counts, seconds=time.monotonic() - started, logins=useful_logins(session))


def useful_logins(session) -> list[tuple[str, str, str]]:
    """The big employer's user, the AD with the fullest inbox, the adviser of the busiest region."""
    from portal.models import OPEN_NOTICE_STATES, OPEN_REFILL_STATES

    logins = []
    big = session.execute(
        select(User.email, Organisation.name, func.count(Employee.id))
        .join(Organisation, Organisation.id == User.organisation_id)
        .join(Employee, Employee.organisation_id == Organisation.id)
        .group_by(User.id, User.email, Organisation.name)
        .order_by(func.count(Employee.id).desc(), User.id)
        .limit(1)
    ).first()
    if big:
        logins.append(("employer, largest organisation", big[0], f"{big[1]}, {big[2]} employees"))
    open_notices = (
        select(CaseworkerAssignment.ad_id.label("user_id"))
        .join(Employment, Employment.employee_id == CaseworkerAssignment.employee_id)
        .join(ContractEndNotice, ContractEndNotice.employment_id == Employment.id)
        .where(CaseworkerAssignment.valid_until.is_(None), ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
        .union_all(
            select(CaseworkerAssignment.backup_ad_id)
            .join(Employment, Employment.employee_id == CaseworkerAssignment.employee_id)
            .join(ContractEndNotice, ContractEndNotice.employment_id == Employment.id)
            .where(CaseworkerAssignment.valid_until.is_(None), ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
        )
        .subquery()
    )
    busy_ad = session.execute(
        select(User.email, func.count())
        .join(open_notices, open_notices.c.user_id == User.id)
        .group_by(User.id, User.email)
        .order_by(func.count().desc(), User.id)
        .limit(1)
    ).first()
    if busy_ad:
        logins.append(("AD, fullest inbox", busy_ad[0], f"{busy_ad[1]} open notices"))
    open_by_region = dict(session.execute(
        select(RefillRequest.region_id, func.count())
        .where(RefillRequest.status.in_(OPEN_REFILL_STATES), RefillRequest.region_id.is_not(None))
        .group_by(RefillRequest.region_id)
    ).all())
    if open_by_region:
        busiest = max(sorted(open_by_region), key=open_by_region.__getitem__)
        region = session.get(Region, busiest)
        advisers = session.scalars(select(user_regions.c.user_id).where(user_regions.c.region_id == busiest)).all()
        memberships = session.execute(
            select(user_regions.c.user_id, user_regions.c.region_id).where(user_regions.c.user_id.in_(advisers))
        ).all()
        queue = {a: 0 for a in advisers}
        for user_id, region_id in memberships:
            queue[user_id] += open_by_region.get(region_id, 0)
        adviser = max(sorted(queue), key=queue.__getitem__)
        logins.append(("WSP adviser, busiest region", session.get(User, adviser).email,
                       f"{region.code} {region.name}: {queue[adviser]} open refill requests in the queue"))
    admin = session.scalar(select(User.email).where(User.role == "admin").order_by(User.id).limit(1))
    if admin:
        logins.append(("admin", admin, ""))
    return logins


@click.command("national")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="1.0: 70,000 employees, ~100,000 notices, ~80,000 refill requests.")
@click.option("--seed", type=int, default=2026, show_default=True, help="Same seed and day, same data.")
@click.option("--password", envvar="PORTAL_DEMO_PASSWORD", default=None,
              help="The password of every user (default: $PORTAL_DEMO_PASSWORD, else a random one, printed).")
@with_appcontext
def national_command(scale, seed, password):
    """Load a synthetic national dataset (test and acceptance databases only)."""
    generated = False
    password = password or current_app.config.get("DEMO_PASSWORD")
    if not password:
        password, generated = secrets.token_urlsafe(12), True
    click.echo(f"Loading the national dataset (scale {scale}, seed {seed}) into {db.engine.url.render_as_string()}")
    try:
        result = load(db.session, scale=scale, seed=seed, password=password)
    except NationalSeedRefused as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    click.echo(f"Loaded in {result.seconds:.1f} s:")
    for table, count in result.counts.items():
        click.echo(f"  {table:<30} {count:>9,}")
    for name, count in _state_counts():
        click.echo(f"    {name:<28} {count:>9,}")
    click.echo("\nUseful logins (all with the same password):")
    for what, email, detail in result.logins:
        click.echo(f"  {what:<32} {email:<44} {detail}")
    click.echo(f"\n  Password: {password}" + ("  (generated: keep it)" if generated else ""))


def _state_counts() -> list[tuple[str, int]]:
    rows = []
    for label, model in (("notices", ContractEndNotice), ("refills", RefillRequest)):
        for status, count in db.session.execute(
            select(model.status, func.count()).group_by(model.status).order_by(model.status)
        ):
            rows.append((f"{label} {status}", count))
    return rows
