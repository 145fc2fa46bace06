"""Extension points of conversations (receivers connect in their app's `ready()`)."""

from django.dispatch import Signal

# Sent by `console.services.set_state` inside its transaction when a conversation's state changes.
# Arguments: conversation, old_state, new_state, actor (the staff user or None).
conversation_state_changed = Signal()
