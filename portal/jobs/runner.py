from dataclasses import dataclass

from flask import current_app

from portal.jobs.deadlines import remind_and_escalate
from portal.jobs.prompts import create_prompts


@dataclass
class JobsResult:
    prompts: int
    reminders: int
    escalations: int


def run_due_jobs() -> JobsResult:
    prompts = create_prompts(current_app.config["CONTRACT_END_PROMPT_MONTHS"])
    reminders, escalations = remind_and_escalate()
    return JobsResult(prompts, reminders, escalations)
