"""Extension points of cases (receivers connect in their app's `ready()`)."""

from django.dispatch import Signal

# Sent by `cases.services.change_state` inside its transaction. Arguments: case, old_state, new_state, actor.
case_state_changed = Signal()
