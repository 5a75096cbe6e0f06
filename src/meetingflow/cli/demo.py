"""``meetingflow demo``: the built-in example through every gate, with each report and the history."""

from __future__ import annotations

import argparse
from typing import TextIO

from meetingflow.cli.common import selected_flow
from meetingflow.cli.texts import T
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text

__all__ = ["demo"]


def demo(args: argparse.Namespace, out: TextIO) -> int:
    from meetingflow.documents import todo  # noqa: PLC0415
    from meetingflow.integrity import verify_history  # noqa: PLC0415
    from meetingflow.testing import builder, examples  # noqa: PLC0415

    lang = args.lang
    flow = selected_flow(args)
    if args.example == "flawed" and args.appraisal:
        raise InvalidArgument(
            Text("--appraisal 只用于规范示例", "--appraisal runs the compliant example only")
        )
    plan = (
        examples.flawed_steps()
        if args.example == "flawed"
        else examples.appraisal_steps()
        if args.appraisal
        else examples.steps()
    )
    name = examples.BLUEPRINT.org_name
    which = T.flawed_name if args.example == "flawed" else T.compliant_name
    print(T.title.render(lang, name=name, example=which), file=out)
    meeting = flow.adopt(builder.new_meeting(examples.BLUEPRINT))
    for step in plan:
        for batch in step.batches:
            if batch.items:
                meeting = flow.record(meeting, *batch.items, actor=batch.actor, at=batch.at)
        print(file=out)
        forward = "start_rectification" if step.trigger == "order_redo" else step.trigger
        print(
            T.gate.render(
                lang, stage=flow.stage_title(meeting.stage), trigger=flow.transition(forward).title
            ),
            file=out,
        )
        report = flow.check(meeting, at=step.at, trigger=forward)
        print(report.render(lang), file=out)
        tasks = todo(flow, meeting, at=step.at)
        busy = {i.person_id for i in tasks.items}
        if busy:  # only the people with something to do: the demo is read in a terminal
            print(file=out)
            print(tasks.text(lang, people=busy), file=out)
        if step.trigger == "order_redo":
            meeting = flow.fire(
                meeting,
                step.trigger,
                actor=step.actor,
                at=step.at,
                reason=step.reason,
                return_to=step.return_to,
                new_date=step.new_date,
            )
            print(
                T.redo.render(
                    lang,
                    actor=step.actor,
                    at=step.at.isoformat(),
                    target=flow.stage_title(meeting.stage),
                    reason=step.reason or "",
                ),
                file=out,
            )
            continue
        if not report.ok:
            print(
                T.blocked.render(
                    lang,
                    trigger=flow.transition(step.trigger).title,
                    stage=flow.stage_title(meeting.stage),
                ),
                file=out,
            )
            break
        source = meeting.stage
        meeting = flow.fire(meeting, step.trigger, actor=step.actor, at=step.at)
        print(
            T.fired.render(
                lang,
                actor=step.actor,
                at=step.at.isoformat(),
                trigger=flow.transition(step.trigger).title,
                source=flow.stage_title(source),
                target=flow.stage_title(meeting.stage),
                version=meeting.version,
            ),
            file=out,
        )
    verify_history(meeting)
    print(file=out)
    print(T.history.render(lang), file=out)
    for e in meeting.history:
        what = (
            flow.transition(e.trigger).title
            if e.kind == "transition" and e.trigger
            else T.entry.format(count=len(e.paths))
        )
        template = T.event if e.kind == "transition" else T.entry_event
        print(
            template.render(
                lang,
                seq=e.seq,
                what=what,
                source=flow.stage_title(e.stage),
                target=flow.stage_title(e.target),
                actor=e.actor,
                at=e.at.isoformat(),
                digest=e.digest[:12],
            ),
            file=out,
        )
    return 0
