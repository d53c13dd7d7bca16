"""The generator: regions, staff, employers, employees and contracts."""
from __future__ import annotations

import bisect
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select, update

from portal.clock import due_date
from portal.formatting import local_date, local_today
from portal.jobs.prompts import PROMPTED_CONTRACT_TYPES
from portal.models import (
    CandidateProfile,
    CaseworkerAssignment,
    ContractEndNotice,
    ContractEndPrompt,
    Employee,
    Employment,
    FollowUpTask,
    JobMark,
    Location,
    Municipality,
    Organisation,
    Proposal,
    RefillRequest,
    Region,
    User,
    WorkflowEvent,
    profile_regions,
    user_regions,
)
from portal.seed_national.bulk import _add_months, _Bulk, _cumulative, _slug
from portal.seed_national.data import (
    ADMINS,
    ADS,
    BIG_CITIES,
    BIG_EMPLOYER,
    BIG_EMPLOYER_CITIES,
    BIG_EMPLOYER_EMPLOYEES,
    CERTIFYING_BODIES,
    EMPLOYEES,
    FIRST_NAMES,
    FORMS,
    HISTORY_YEARS,
    JOBS,
    LAST_NAMES,
    ORGANISATIONS,
    PSO_LEVEL_CHOICES,
    REGION_WEIGHTS,
    SECTORS,
    STREETS,
    WORKING_HOURS_UTC,
    WSP_ADVISERS,
)
from portal.seed_national.follow_ups import _FollowUps
from portal.seed_national.history import _History
from portal.seed_national.next_job import _NextJob
from portal.seed_national.pool import _Pool


class _Generator(_History, _NextJob, _FollowUps, _Pool):
    def __init__(self, session, scale: float, seed: int, password_hash: str):
        self.session = session
        self.scale = scale
        self.rng = random.Random(seed)  # deterministic test data, not security  # nosec B311
        self.password_hash = password_hash
        self.today = local_today()
        # Midnight UTC of today: the same seed, scale and day give the same data, whatever the hour.
        self.now = datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
        self.window_start = self.today - timedelta(days=365 * HISTORY_YEARS + 1)
        self.config = current_app.config
        self.ids = {}
        self.employee_of: dict[int, int] = {}  # employment id -> employee id, copied onto notices and the like
        self._due_cache: dict[tuple[str, date], date] = {}
        # Dependency order of the inserts.
        # Dependency order of the inserts. Organisations point at an admin (pso_verified_by_id) and
        # employer users at their organisation: the staff (admins included) are flushed first.
        self.T = {
            "organisations": Organisation.__table__, "locations": Location.__table__, "users": User.__table__,
            "user_regions": user_regions, "employees": Employee.__table__,
            "caseworker_assignments": CaseworkerAssignment.__table__, "employments": Employment.__table__,
            "contract_end_notices": ContractEndNotice.__table__, "follow_up_tasks": FollowUpTask.__table__,
            "refill_requests": RefillRequest.__table__,
            "candidate_profiles": CandidateProfile.__table__, "candidate_profile_regions": profile_regions,
            "proposals": Proposal.__table__,
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
                         rng.randint(0, 59), tzinfo=UTC)
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
        self.pool()
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
        self.employee_counts = {self.big_org_id: big, **dict(zip(others, counts, strict=False))}

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

    def employee(self, org_id: int, personnel_number: str, location_id: int, region_id: int) -> None:  # noqa: C901  (one draw per field)
        rng = self.rng
        employee_id = self.next_id("employees")
        self.bulk.add(self.T["employees"], dict(
            id=employee_id, organisation_id=org_id, personnel_number=personnel_number, name=self.name(),
            date_of_birth=date(1962, 1, 1) + timedelta(days=rng.randint(0, 16000)),
        ))
        # The contracts: zero to four earlier ones (each ended with a notice), then the current one.
        past = rng.choices([0, 1, 2, 3, 4], [33, 28, 21, 12, 6])[0]
        current_start = self.today - timedelta(days=rng.randint(20, 800)) if past else self.today - timedelta(days=rng.randint(20, 3650))
        chain = []
        end = current_start - timedelta(days=rng.randint(1, 45))
        for _ in range(past):
            start = end - timedelta(days=self.contract_days())
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
        elif (contract in PROMPTED_CONTRACT_TYPES and end is not None
              and self.today <= end <= _add_months(self.today, self.config["CONTRACT_END_PROMPT_MONTHS"])):
            # The regie clock asked the employer whether this contract is renewed.
            asked = max(_add_months(end, -self.config["CONTRACT_END_PROMPT_MONTHS"]), self.today - timedelta(days=60))
            self.bulk.add(self.T["contract_end_prompts"], dict(
                id=self.next_id("contract_end_prompts"), employment_id=employment_id,
                employee_id=self.employee_of[employment_id], organisation_id=org_id, end_date=end, status="open",
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
        self.employee_of[employment_id] = employee_id
        self.last_job = (job_title, hours)
        self.last_coach = coach
        return employment_id
