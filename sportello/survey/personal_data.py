"""Personal data held by the survey app (see sportello/privacy/registry.py)."""

from sportello.privacy.registry import DELETE, PUBLIC_TASK, register
from sportello.survey.models import SurveyInvitation, SurveyResponse

PURPOSE = "Misurare la soddisfazione dei cittadini per il servizio ricevuto"

register(
    SurveyInvitation, subject="citizen", fields=["channel", "trigger", "sent_at", "state", "answered_at", "declined_at"],
    on_erase=DELETE, kind="survey", legal_basis=PUBLIC_TASK, purpose=PURPOSE,
)
register(
    SurveyResponse, subject="invitation__citizen",
    fields=["overall", "waiting_time", "competence", "courtesy", "comment", "created_at"],
    on_erase=DELETE, kind="survey", legal_basis=PUBLIC_TASK, purpose=PURPOSE,
)
