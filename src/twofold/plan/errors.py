"""One error type for refused plan input; the message is meant for the person."""


class PlanError(ValueError):
    """Input the plan rules refuse (a review before the start, an outsider's agreement ...)."""
