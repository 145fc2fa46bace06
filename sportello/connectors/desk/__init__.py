"""Phone calls and desk visits: contacts an operator records by hand, as conversations of their own channel.

Nothing comes in over a wire and nothing can be sent back: the citizen's question is recorded as an inbound
message and the answer given on the phone or at the desk as an outbound message already delivered.
"""
