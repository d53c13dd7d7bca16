"""All models, importable from one place (Alembic and the app need them registered)."""
from portal.models.administration import IMPORT_STATES, ImportBatch, UserInvitation  # noqa: F401,E402
from portal.models.api_client import (  # noqa: F401
    API_ACCESS_LEVELS,
    API_RESOURCES,
    API_SCOPE_KINDS,
    ApiClient,
    ApiClientSecret,
    api_client_regions,
)
from portal.models.audit import AUDIT_ACTIONS, AuditEvent  # noqa: F401,E402
from portal.models.clock import PROMPT_STATES, ContractEndPrompt, JobMark  # noqa: F401,E402
from portal.models.employee_access import EmployeeAccessLink, EmployeeStatement  # noqa: F401
from portal.models.employment import (  # noqa: F401
    CHANGE_REASONS,
    CONTRACT_TYPES,
    JOB_COACH_TYPES,
    CaseworkerAssignment,
    Employee,
    Employment,
)
from portal.models.follow_up import FollowUpTask  # noqa: F401
from portal.models.handover import Message, MessageRead, NoticeDraft  # noqa: F401,E402
from portal.models.jobcoach import (  # noqa: F401
    COACH_KINDS,
    CONCERN_KINDS,
    JOB_FINDING_RESULTS,
    CoachNote,
    ConcernSignal,
    JobCoachLink,
    JobFindingAssignment,
)
from portal.models.notice import (  # noqa: F401
    HANDOVER_FIELDS,
    INITIATIVES,
    NEW_JOB_OUTCOMES,
    OPEN_NOTICE_STATES,
    OUTCOMES,
    PLAN_SERVICES,
    REASONS,
    ContractEndNotice,
    notice_is_open,
)
from portal.models.organisation import PSO_LEVELS, Location, Organisation  # noqa: F401
from portal.models.outbox import OUTBOX_STATES, OutboxEmail  # noqa: F401,E402
from portal.models.pool import (  # noqa: F401
    CONSENT_METHODS,
    OPEN_PROPOSAL_STATES,
    POOL_STATES,
    PROFILE_JOB_COACH,
    CandidateProfile,
    Proposal,
    profile_regions,
)
from portal.models.question import OPEN_QUESTION_STATES, EarlyQuestion  # noqa: F401
from portal.models.refill import OPEN_REFILL_STATES, RefillRequest  # noqa: F401
from portal.models.region import Municipality, Region  # noqa: F401
from portal.models.types import utcnow  # noqa: F401
from portal.models.user import ROLES, PasswordResetToken, RecoveryCode, User, user_regions  # noqa: F401
from portal.models.webhook import (  # noqa: F401
    DELIVERY_STATES,
    WEBHOOK_CHANNELS,
    WebhookDelivery,
    WebhookNotification,
    WebhookSubscription,
    webhook_subscription_regions,
)
from portal.models.workflow_event import WorkflowEvent  # noqa: F401
