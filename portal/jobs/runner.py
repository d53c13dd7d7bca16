from dataclasses import dataclass

from flask import current_app

from portal.jobs.deadlines import remind_and_escalate
from portal.jobs.prompts import create_prompts
from portal.notices.draft_service import clean_up_drafts


@dataclass
class JobsResult:
    prompts: int
    reminders: int
    escalations: int
    draft_reminders: int = 0
    drafts_removed: int = 0


def run_due_jobs() -> JobsResult:
    prompts = create_prompts(current_app.config["CONTRACT_END_PROMPT_MONTHS"])
    reminders, escalations = remind_and_escalate()
    config = current_app.config
    draft_reminders, drafts_removed = clean_up_drafts(config["DRAFT_REMINDER_DAYS"], config["DRAFT_DELETE_DAYS"])
    return JobsResult(prompts, reminders, escalations, draft_reminders, drafts_removed)
