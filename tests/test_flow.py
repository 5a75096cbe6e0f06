"""The operations hosts call: check, allowed, fire, and the errors they raise."""

from __future__ import annotations

import pickle
import threading
from datetime import datetime, timedelta, timezone

import pytest

import meetingflow as mf
from meetingflow import examples, testing
from meetingflow.testing import edit

AT = testing.example_at("preparation")


def test_fire_returns_a_new_record_and_leaves_the_input_untouched(
    flow: mf.Flow, prep: mf.Meeting
) -> None:
    before = prep.model_dump_json()
    after = flow.fire(prep, "start_review", actor="m01", at=AT)
    assert prep.model_dump_json() == before
    assert after is not prep
    assert (after.stage, after.version, len(after.history)) == ("review", prep.version + 1, 1)
    event = after.history[0]
    assert (event.trigger, event.source, event.target, event.actor, event.at) == (
        "start_review",
        "preparation",
        "review",
        "m01",
        AT,
    )
    assert [s.path for s in event.seals] == ["preparation"]
    mf.verify_history(after)


def test_full_lifecycle_of_the_example(flow: mf.Flow) -> None:
    stages = []
    for step, m in examples.walk(examples.compliant_steps(), flow):
        stages.append(m.stage)
        assert flow.check(m, at=step.at, trigger=step.trigger).ok
    closed = testing.example("closed")
    assert stages == ["preparation", "review", "critique", "rectification"]
    assert closed.stage == "closed"
    assert [e.trigger for e in closed.history] == [
        "start_review",
        "start_critique",
        "start_rectification",
        "close",
    ]
    mf.verify_history(closed)


def test_check_reports_what_blocks_the_next_transition(flow: mf.Flow, prep: mf.Meeting) -> None:
    bad = edit(prep, "preparation", notice=None)
    report = flow.check(bad, at=AT)
    assert report.trigger == "start_review" and report.target == "review"
    assert not report.ok
    assert [f.rule_id for f in report.blocking] == ["PREP-NOTICE"]
    assert report.blocking[0].path == "preparation.notice"
    assert "CRIT-RECEIVE-EACH" in report.pending


def test_blocked_fire_raises_with_the_report_and_changes_nothing(
    flow: mf.Flow, prep: mf.Meeting
) -> None:
    bad = edit(prep, "preparation", materials=(), material_reviews=())
    before = bad.model_dump_json()
    with pytest.raises(mf.TransitionBlocked) as info:
        flow.fire(bad, "start_review", actor="m01", at=AT)
    assert {f.rule_id for f in info.value.report.blocking} == {"PREP-MATERIAL"}
    assert "PREP-MATERIAL" in str(info.value)
    assert bad.model_dump_json() == before


def test_warnings_never_block(flow: mf.Flow, prep: mf.Meeting) -> None:
    m = edit(prep, "preparation", spot_checks=())
    report = flow.check(m, at=AT)
    assert report.ok and [f.rule_id for f in report.warnings] == ["PREP-SPOT-CHECK"]
    assert flow.fire(m, "start_review", actor="m01", at=AT).history[0].findings.warnings == 1


def test_unrepairable_errors_stay_on_record_but_do_not_gate(flow: mf.Flow) -> None:
    m = testing.example("review", flawed=True)
    report = flow.check(m, at=testing.example_at("review"))
    ids = {f.rule_id for f in report.errors}
    assert {"ATT-UNEXCUSED", "ATT-LEAVE-APPROVED"} <= ids
    assert report.ok
    assert all(not f.blocks and not f.repairable for f in report.errors)


def test_entry_rules_gate_entering_their_stage(flow: mf.Flow, prep: mf.Meeting) -> None:
    m = edit(prep, "review", session=None)
    report = flow.check(m, at=AT, trigger="start_review")
    assert {f.rule_id for f in report.blocking} == {"REV-FORM"}


def test_closing_rules_wait_until_close_is_attempted(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    m = edit(in_rect, "closing", archive=())
    at = testing.example_at("rectification")
    plain = flow.check(m, at=at, trigger="order_redo")
    assert "CLOSE-ARCHIVE" in plain.pending
    closing = flow.check(m, at=at)
    assert closing.trigger == "close"
    assert [f.rule_id for f in closing.blocking] == ["CLOSE-ARCHIVE"]


@pytest.mark.parametrize("actor", ["m02", "m08", "nobody"])
def test_not_permitted_without_the_role(flow: mf.Flow, prep: mf.Meeting, actor: str) -> None:
    with pytest.raises(mf.NotPermitted) as info:
        flow.fire(prep, "start_review", actor=actor, at=AT)
    assert info.value.actor == actor and "secretary" in info.value.roles


def test_chair_may_run_the_meeting(flow: mf.Flow, in_review: mf.Meeting) -> None:
    m = edit(in_review, "review.session", chair_id="m02")
    after = flow.fire(m, "start_critique", actor="m02", at=testing.example_at("review"))
    assert after.stage == "critique"


def test_only_the_supervisor_closes(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    at = testing.example_at("rectification")
    with pytest.raises(mf.NotPermitted):
        flow.fire(in_rect, "close", actor="m01", at=at)
    assert flow.fire(in_rect, "close", actor="s01", at=at).stage == "closed"


def test_invalid_transition_names_the_possible_triggers(flow: mf.Flow, prep: mf.Meeting) -> None:
    with pytest.raises(mf.InvalidTransition) as info:
        flow.fire(prep, "close", actor="s01", at=AT)
    assert info.value.possible == ("start_review",)
    with pytest.raises(mf.InvalidTransition, match="has no trigger 'no_such_trigger'"):
        flow.fire(prep, "no_such_trigger", actor="m01", at=AT)
    with pytest.raises(mf.InvalidTransition, match="its triggers are: start_review"):
        flow.check(prep, at=AT, trigger="nope")


@pytest.mark.parametrize("at", [datetime(2021, 6, 25, 9), "2021-06-25T09:00:00+08:00", None])
def test_time_must_be_aware_datetime(flow: mf.Flow, prep: mf.Meeting, at: object) -> None:
    with pytest.raises(mf.InvalidArgument):
        flow.fire(prep, "start_review", actor="m01", at=at)  # type: ignore[arg-type]
    with pytest.raises(mf.InvalidArgument):
        flow.check(prep, at=at)  # type: ignore[arg-type]


def test_allowed_answers_for_every_trigger(flow: mf.Flow, prep: mf.Meeting) -> None:
    options = flow.allowed(prep, actor="m01", at=AT)
    assert options.allowed == ("start_review",)
    assert "start_review" in options and "close" not in options
    assert options["close"].why_not and not options["close"].ok
    assert {o.trigger for o in options} == set(flow.triggers)
    blocked = flow.allowed(edit(prep, "preparation", notice=None), actor="m01", at=AT)
    assert blocked.allowed == ()
    assert [f.rule_id for f in blocked["start_review"].blocking] == ["PREP-NOTICE"]
    assert "PREP-NOTICE" in blocked["start_review"].why_not[0].en
    member = flow.allowed(prep, actor="m05", at=AT)
    assert member.allowed == () and "secretary" in member["start_review"].why_not[0].en


def test_order_redo_archives_the_session_and_reopens_review(
    flow: mf.Flow, in_rect: mf.Meeting
) -> None:
    at = testing.example_at("rectification")
    with pytest.raises(mf.NotPermitted):
        flow.fire(in_rect, "order_redo", actor="m01", at=at, reason="流于形式", return_to="review")
    with pytest.raises(mf.InvalidArgument):
        flow.fire(in_rect, "order_redo", actor="s01", at=at, return_to="review")
    with pytest.raises(mf.InvalidArgument):
        flow.fire(in_rect, "order_redo", actor="s01", at=at, reason="流于形式", return_to="closed")
    redo = flow.fire(
        in_rect, "order_redo", actor="s01", at=at, reason="批评不痛不痒", return_to="review"
    )
    assert redo.stage == "review"
    assert redo.review == mf.Review() and redo.critique == mf.Critique()
    assert redo.redone_sessions[0].critique == in_rect.critique
    assert redo.redone_sessions[0].order.reason == "批评不痛不痒"
    assert "review" not in redo.sealed_paths() and "preparation" in redo.sealed_paths()
    mf.verify_history(redo)
    testing.assert_passes("HIER-REDO", redo, at=at)
    # the new sitting can be recorded again
    again = redo.record(mf.Session(held_on=at.date(), chair_id="m01", recorder_id="m03"))
    assert again.review.session is not None
    back_to_prep = flow.fire(
        in_rect, "order_redo", actor="s01", at=at, reason="准备不足", return_to="preparation"
    )
    assert back_to_prep.stage == "preparation" and "preparation" not in back_to_prep.sealed_paths()
    mf.verify_history(back_to_prep)


def test_hier_redo_flags_an_order_not_given_by_a_supervisor(
    flow: mf.Flow, in_rect: mf.Meeting
) -> None:
    at = testing.example_at("rectification")
    redo = flow.fire(
        in_rect, "order_redo", actor="s01", at=at, reason="流于形式", return_to="review"
    )
    forged = edit(redo, "redone_sessions[0].order", by_id="m01")
    testing.assert_fails("HIER-REDO", forged, at=at, path="redone_sessions[0].order.by_id")
    testing.assert_not_applicable("HIER-REDO", in_rect, at=at)


def test_flow_is_picklable_and_equivalent(flow: mf.Flow, prep: mf.Meeting) -> None:
    clone = pickle.loads(pickle.dumps(flow))
    assert clone.triggers == flow.triggers and [r.id for r in clone.rules] == [
        r.id for r in flow.rules
    ]
    assert clone.fire(prep, "start_review", actor="m01", at=AT) == flow.fire(
        prep, "start_review", actor="m01", at=AT
    )
    custom = mf.default_flow(pack=mf.default_pack().with_severity("PREP-SPOT-CHECK", "error"))
    assert (
        pickle.loads(pickle.dumps(custom)).pack.get("PREP-SPOT-CHECK").severity is mf.Severity.ERROR
    )


def test_flow_is_immutable(flow: mf.Flow) -> None:
    with pytest.raises(AttributeError):
        flow.name = "other"  # type: ignore[misc]


def test_one_flow_shared_by_threads(flow: mf.Flow, prep: mf.Meeting) -> None:
    results: list[mf.Meeting] = []
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            at = AT + timedelta(minutes=i)
            results.append(flow.fire(prep, "start_review", actor="m01", at=at))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 16
    assert {r.history[0].at for r in results} == {AT + timedelta(minutes=i) for i in range(16)}
    for r in results:
        mf.verify_history(r)


def test_no_machine_per_meeting(flow: mf.Flow, prep: mf.Meeting) -> None:
    machine = flow._machine
    flow.fire(prep, "start_review", actor="m01", at=AT)
    assert flow._machine is machine and machine.models == []


def test_unknown_stage_is_a_clear_error(flow: mf.Flow, prep: mf.Meeting) -> None:
    with pytest.raises(mf.InvalidArgument, match="does not have"):
        flow.check(prep.replace(stage="appraisal"), at=AT)


def test_other_timezones_are_fine(flow: mf.Flow, prep: mf.Meeting) -> None:
    utc = AT.astimezone(timezone.utc)
    assert flow.fire(prep, "start_review", actor="m01", at=utc).history[0].at == AT


def test_actor_may_be_a_member_or_supervisor_object(
    flow: mf.Flow, prep: mf.Meeting, in_rect: mf.Meeting
) -> None:
    secretary = prep.member("m01")
    assert flow.fire(prep, "start_review", actor=secretary, at=AT).history[0].actor == "m01"
    supervisor = in_rect.supervisor("s01")
    assert supervisor is not None
    assert "close" in flow.allowed(
        in_rect, actor=supervisor, at=testing.example_at("rectification")
    )
    with pytest.raises(mf.InvalidArgument, match="actor"):
        flow.fire(prep, "start_review", actor=None, at=AT)  # type: ignore[arg-type]


def test_order_redo_returns_to_review_by_default(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    redo = flow.fire(
        in_rect,
        "order_redo",
        actor="s01",
        at=testing.example_at("rectification"),
        reason="流于形式",
    )
    assert redo.stage == "review" and redo.history[-1].reason == "流于形式"
