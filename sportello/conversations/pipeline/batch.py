"""The pipeline for a batch of inbound messages: citizens and messages stored in bulk, the other steps per message.

The configured pipeline identifies the citizen (`identify_citizen`), may run steps that look at the citizen before
anything is stored (e.g. survey answers), stores the message (`store_message`), then runs the capability steps.
For a run of plain messages (see `bulk_ready`) identification and storage are done for the whole run at once
(`citizens.batch`, `conversations.store_many`); every other step runs for each message, in order. A run holds at
most one message per citizen, so every step sees each conversation exactly as it would one message at a time; a
message the bulk path does not handle (echoes, replies, reactions, edits, revocations, system notices) ends the
run and goes through the whole pipeline on its own. Messages are therefore stored, and their steps run, in the
order they arrived.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

from sportello.citizens.batch import resolve_citizens
from sportello.connectors.base import InboundMessage, MessageKind
from sportello.conversations import windows
from sportello.core import inserts
from sportello.conversations.pipeline.context import InboundContext
from sportello.conversations.pipeline.run import Run
from sportello.conversations.pipeline.runner import Step, run_pipeline, steps
from sportello.conversations.store_many import Item, store_run

IDENTIFY = "sportello.conversations.pipeline.steps.identify_citizen"
STORE = "sportello.conversations.pipeline.steps.store_message"
_NOT_BULK = {MessageKind.REACTION, MessageKind.EDIT, MessageKind.REVOKE, MessageKind.SYSTEM}


def bulk_ready(inbound: InboundMessage) -> bool:
    """A plain citizen message: nothing to look up about other messages, no side effects on them."""
    return not inbound.payload.get("echo") and inbound.kind not in _NOT_BULK and not inbound.context.external_id


def run_batch(contexts: Sequence[InboundContext]) -> None:
    """Run the pipeline for every context, in order (inside the caller's transaction)."""
    configured = list(settings.SPORTELLO_INBOUND_PIPELINE)
    if configured[:1] != [IDENTIFY] or STORE not in configured:
        for ctx in contexts:  # a pipeline configured otherwise: one message at a time
            run_pipeline(ctx)
        return
    run: list[InboundContext] = []
    senders: set[tuple[int, str, str]] = set()
    for ctx in contexts:
        if not bulk_ready(ctx.inbound):
            _flush(run, senders)
            run_pipeline(ctx)
            continue
        keys = {(ctx.municipality.pk, kind, value) for kind, value in ctx.inbound.sender.keys()}
        if keys & senders:  # this citizen already has a message in the run
            _flush(run, senders)
        run.append(ctx)
        senders |= keys
    _flush(run, senders)


def _flush(run: list[InboundContext], senders: set[tuple[int, str, str]]) -> None:
    if not run:
        return
    configured = list(settings.SPORTELLO_INBOUND_PIPELINE)
    before, after = steps()[1 : configured.index(STORE)], steps()[configured.index(STORE) + 1 :]
    citizens = resolve_citizens(
        [(ctx.municipality, ctx.inbound.sender) for ctx in run], seen_at=[ctx.inbound.sent_at for ctx in run]
    )
    seen: set[int] = set()
    alone: list[InboundContext] = []  # two identifiers of one known citizen: the second message after the run
    for ctx, citizen in zip(run, citizens):
        if citizen.pk in seen:
            alone.append(ctx)
            continue
        seen.add(citizen.pk)
        ctx.citizen = citizen
        _run_steps(ctx, before)
    storing = [ctx for ctx in run if not ctx.stop and all(ctx is not other for other in alone)]
    items = [Item(ctx.inbound, ctx.account, ctx.citizen, ctx.event_id) for ctx in storing]
    # The steps' screenings, suggestions and audit entries: one insert each for the run; the service windows
    # just written: remembered for the replies' checks.
    with windows.remembering(), inserts.collecting():
        store_run(items)
        stored = Run([])
        for ctx, item in zip(storing, items):
            if item.message is None:
                ctx.duplicate = ctx.stop = True
                continue
            ctx.message, ctx.conversation = item.message, item.conversation
            ctx.conversation.municipality = ctx.municipality  # already loaded: replies and audits need it
            ctx.run = stored
            stored.contexts.append(ctx)
        for ctx in stored.contexts:
            _run_steps(ctx, after)
    for ctx in alone:
        run_pipeline(ctx)
    run.clear()
    senders.clear()


def _run_steps(ctx: InboundContext, chosen: Sequence[Step]) -> None:
    for step in chosen:
        if ctx.stop:
            return
        step(ctx)
