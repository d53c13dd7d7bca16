"""Small helpers the feature views share."""
from flask import abort, flash

from portal.auth.permissions import Forbidden
from portal.workflows import TransitionRefused


def run_step(run) -> bool:
    """Run a workflow step; a refused step becomes a message on the page, never a 500."""
    try:
        run()
    except Forbidden:
        abort(403)
    except TransitionRefused as refused:
        flash(refused.message, "error")
        return False
    return True
