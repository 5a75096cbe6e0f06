"""Each person's to-do list: what to do, by when and why — for the secretary, members, the superior."""

from __future__ import annotations

import re
from datetime import date, datetime

import attrs
import pytest
from doc_helpers import at, parse_html, partial

import meetingflow as mf
from meetingflow import documents, testing
from meetingflow.documents import TodoItem, TodoKind, TodoList
from meetingflow.errors import InvalidArgument
from meetingflow.testing import examples

CST = testing.CST
SEC, CADRE, MEMBER, RECORDER, SUP = "m01", "m04", "m05", "m03", "s01"


def tasks(
    todo: TodoList, person: str, kind: TodoKind | None = None, rule: str | None = None
) -> list[TodoItem]:
    return [
        i
        for i in todo.for_person(person)
        if (kind is None or i.kind is kind) and (rule is None or i.rule_id == rule)
    ]


def item_of(task: TodoItem) -> str:
    found = re.search(r"r-[a-z0-9]+", task.what.en)
    assert found is not None, task.what.en
    return found.group()


def assert_by_date(todo: TodoList) -> None:
    dues = [i.due for i in todo.items]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert dues[: len(dated)] == dated  # undated tasks come last


def test_everyone_is_listed_also_with_nothing_to_do(flow: mf.Flow, closed: mf.Meeting) -> None:
    todo = documents.todo(flow, closed, at=at("closed"))
    assert [p.id for p in todo.people] == [f"m0{i}" for i in range(1, 9)] + [SUP]
    assert todo.items == ()
    assert "暂无待办事项" in todo.text("zh") and "Nothing to do now." in todo.text("en")


@pytest.mark.parametrize(
    ("stage", "who", "trigger"),
    [
        ("preparation", SEC, "start_review"),
        ("review", SEC, "start_critique"),
        ("critique", SEC, "start_rectification"),
        ("rectification", SUP, "close"),
    ],
)
def test_when_nothing_blocks_the_next_step_is_a_task(
    flow: mf.Flow, stage: str, who: str, trigger: str
) -> None:
    todo = documents.todo(flow, testing.example(stage), at=at(stage))
    step = tasks(todo, who, TodoKind.ADVANCE)
    assert [s.what.en for s in step] == [f"Go ahead: {flow.transition(trigger).title.en}"]
    others = [p.id for p in todo.people if p.id != who]
    assert not any(tasks(todo, p, TodoKind.ADVANCE) for p in others)
    assert_by_date(todo)


def test_before_the_sitting_everyone_is_told_to_attend(flow: mf.Flow) -> None:
    todo = documents.todo(flow, testing.example("preparation"), at=at("preparation"))
    (attend,) = tasks(todo, MEMBER, TodoKind.ATTEND)
    assert attend.due == date(2021, 6, 25) and "集团三楼会议室" in attend.what.zh
    (guide,) = tasks(todo, SUP, TodoKind.ATTEND)
    assert "列席指导" in guide.what.zh and guide.rule_id == "REV-SUPERIOR-PRESENT"


def test_preparation_half_done(flow: mf.Flow) -> None:
    meeting = partial(flow, "preparation", 2)  # the notice and the plan, nothing else
    todo = documents.todo(flow, meeting, at=datetime(2021, 6, 6, 9, tzinfo=CST))
    (approve,) = tasks(todo, SUP, TodoKind.APPROVE, "PREP-PLAN-APPROVAL")
    assert approve.blocks and approve.due == date(2021, 6, 20)  # the notice's timetable
    assert tasks(todo, SUP, rule="PREP-SPOT-CHECK")
    assert tasks(todo, MEMBER, TodoKind.WRITE, "PREP-MATERIAL")  # a speech outline
    assert tasks(todo, MEMBER, TodoKind.WRITE, "PREP-PROBLEM-LIST")
    assert "陈静（m05）" in tasks(todo, MEMBER, rule="PREP-MATERIAL")[0].why.zh
    for rule in ("PREP-STUDY", "PREP-OPINIONS", "PREP-TALKS-COVERAGE", "PREP-COMMITTEE-FIRST"):
        assert tasks(todo, SEC, rule=rule), rule
    (sitting,) = tasks(todo, SEC, rule="REV-FORM")
    assert sitting.due == date(2021, 6, 25)
    assert all(i.due is not None and i.due <= date(2021, 6, 25) for i in todo.items)
    assert_by_date(todo)


def test_leave_awaiting_a_decision(flow: mf.Flow) -> None:
    bp = testing.Blueprint(absent=((MEMBER, "leave"),))
    meeting = partial(flow, "preparation", 11, bp)  # the leave request, not yet approved
    assert meeting.review.leave_requests and not meeting.review.leave_approvals
    todo = documents.todo(flow, meeting, at=datetime(2021, 6, 23, 9, tzinfo=CST))
    (decide,) = tasks(todo, SEC, TodoKind.APPROVE, "ATT-LEAVE-APPROVED")
    assert "陈静（m05）" in decide.what.zh and "出差" in decide.what.zh
    assert decide.due == date(2021, 6, 25)
    assert not tasks(todo, MEMBER, TodoKind.ATTEND)  # on leave: not told to attend


def test_review_every_member_must_speak(flow: mf.Flow) -> None:
    meeting = partial(flow, "review", 0)
    todo = documents.todo(flow, meeting, at=datetime(2021, 6, 25, 10, tzinfo=CST))
    for who in (SEC, CADRE, MEMBER, "m08"):
        (speak,) = tasks(todo, who, TodoKind.SPEAK, "REV-SELF-EXAM-ALL")
        assert speak.blocks and speak.due == date(2021, 6, 25)
    assert tasks(todo, SEC, rule="REV-BRANCH-REPORT")
    assert todo.for_person(SUP) == ()


def test_critique_the_superior_comments_and_attests(flow: mf.Flow) -> None:
    meeting = partial(flow, "critique", 1)  # the speeches, no commentary and no attestation
    todo = documents.todo(flow, meeting, at=datetime(2021, 6, 25, 16, 40, tzinfo=CST))
    assert tasks(todo, SUP, rule="CRIT-SUPERIOR-COMMENT")
    (attest,) = tasks(todo, SUP, rule="CRIT-UNITY-ATTEST")
    assert attest.blocks
    assert not tasks(todo, SUP, TodoKind.REDO)  # an attestation can still be given: no redo


def test_flawed_sitting_names_the_nice_guy_remark_and_asks_for_a_redo(flow: mf.Flow) -> None:
    meeting = testing.example("critique", flawed=True)
    todo = documents.todo(flow, meeting, at=at("critique"))
    (redo,) = tasks(todo, SUP, TodoKind.REDO)
    assert redo.blocks and redo.rule_id == "CRIT-SUBSTANTIVE"
    assert "c4" in redo.why.en and "陈静（m05）" in redo.why.zh and "杨磊（m06）" in redo.why.zh
    assert tasks(todo, MEMBER, TodoKind.SPEAK, "CRIT-GIVE-EACH")
    assert tasks(todo, SEC, rule="CRIT-RECEIVE-EACH")  # the chair: m06 received no real criticism
    assert not any(
        i.rule_id == "CRIT-SUBSTANTIVE" for i in todo.items if i.kind is not TodoKind.REDO
    )
    assert not any(
        i.rule_id in ("ATT-UNEXCUSED", "ATT-LEAVE-APPROVED") for i in todo.items
    )  # on record


def test_rectification_each_owner_closes_his_item(flow: mf.Flow) -> None:
    meeting = partial(flow, "rectification", 3)  # plan, items, list, supervision; nothing closed
    todo = documents.todo(flow, meeting, at=datetime(2021, 7, 25, 9, tzinfo=CST))
    for who in (SEC, CADRE, MEMBER, "m08"):
        mine = tasks(todo, who, TodoKind.CLOSE_ITEM)
        assert f"r-{who}" in {item_of(i) for i in mine}
        assert all(i.due == date(2021, 8, 15) for i in mine)
    assert {item_of(i) for i in tasks(todo, SEC, TodoKind.CLOSE_ITEM)} == {"r-branch", "r-m01"}
    (minutes,) = tasks(todo, RECORDER, rule="CLOSE-MINUTES")
    (report,) = tasks(todo, SEC, rule="CLOSE-REPORT")
    assert minutes.due == report.due == date(2021, 7, 10)  # 15 days after the sitting
    assert report in todo.overdue and minutes in todo.overdue
    assert todo.items[0].due == date(2021, 7, 10)
    assert_by_date(todo)


def test_rectification_verifiers_verify_claimed_closures(flow: mf.Flow) -> None:
    meeting = partial(flow, "rectification", 4)  # closures claimed, none verified
    todo = documents.todo(flow, meeting, at=datetime(2021, 8, 10, 16, tzinfo=CST))
    by_sec = {item_of(i) for i in tasks(todo, SEC, TodoKind.VERIFY)}
    by_sup = {item_of(i) for i in tasks(todo, SUP, TodoKind.VERIFY)}
    assert by_sec == {f"r-m0{i}" for i in range(2, 9)}  # the secretary verifies members' items
    assert by_sup == {"r-branch", "r-m01"}  # the superior: the branch's and the secretary's own
    assert all(
        i.blocks and i.rule_id == "RECT-EVIDENCE-CLOSE" for i in tasks(todo, SUP, TodoKind.VERIFY)
    )
    assert not tasks(todo, MEMBER, TodoKind.CLOSE_ITEM)


def test_overdue_item_owner_must_close_it(flow: mf.Flow, flawed_rect: mf.Meeting) -> None:
    todo = documents.todo(flow, flawed_rect, at=at("rectification"))
    (late,) = tasks(todo, "m07", TodoKind.CLOSE_ITEM)
    assert late.blocks and late.due == date(2021, 8, 1) and late.rule_id == "RECT-OVERDUE"
    assert (
        "r-m07" in late.what.en and "19 days overdue" in late.why.en and "still open" in late.why.en
    )
    (escalate,) = tasks(todo, SEC, TodoKind.ESCALATE)
    assert escalate.due == date(2021, 8, 15) and not escalate.blocks
    assert todo.items[0] == late  # the oldest first
    assert set(todo.overdue) == {late, escalate}
    assert_by_date(todo)


def test_absent_members_catch_up_and_the_plan_is_due(flow: mf.Flow) -> None:
    bp = testing.Blueprint(absent=((MEMBER, "leave"),))
    meeting = partial(flow, "rectification", 0, bp)
    todo = documents.todo(flow, meeting, at=datetime(2021, 7, 1, 9, tzinfo=CST))
    (brief,) = tasks(todo, SEC, TodoKind.MAKEUP)
    (catch_up,) = tasks(todo, MEMBER, TodoKind.MAKEUP)
    assert brief.due == catch_up.due == date(2021, 7, 25)  # 30 days after the sitting
    (plan,) = tasks(todo, SEC, TodoKind.WRITE, "RECT-PLAN-TIMELY")
    assert plan.due == date(2021, 7, 2)
    assert tasks(todo, "m02", TodoKind.COMMIT, "RECT-COMMITMENT")  # committee members commit


def test_appraisal_tasks_go_to_the_secretary(appraisal_flow: mf.Flow) -> None:
    steps = examples.appraisal_steps()
    steps[3] = attrs.evolve(steps[3], batches=steps[3].batches[:1])  # no grades yet
    meeting = appraisal_flow.adopt(testing.new_meeting(examples.BLUEPRINT))
    for _, m in testing.play(appraisal_flow, meeting, steps, stop="rectification"):
        meeting = m
    todo = documents.todo(appraisal_flow, meeting, at=at("rectification"))
    for rule in ("APPR-GRADES", "APPR-FEEDBACK-REPORT", "CLOSE-APPRAISAL-DONE"):
        (task,) = tasks(todo, SEC, rule=rule)
        assert task.blocks and task.due == date(2021, 8, 31)  # the notice's timetable


def test_one_person_only(flow: mf.Flow, flawed_rect: mf.Meeting) -> None:
    mine = documents.todo(flow, flawed_rect, at=at("rectification"), member="m07")
    assert [p.id for p in mine.people] == ["m07"] and len(mine.items) == 1
    assert mine.title.zh == "赵敏（m07）的待办事项"
    with pytest.raises(InvalidArgument):
        documents.todo(flow, flawed_rect, at=at("rectification"), member="m99")
    with pytest.raises(InvalidArgument):
        documents.todo(flow, flawed_rect, at=datetime(2021, 8, 20, 10))  # naive: no time zone


def test_a_host_reassigns_a_duty(flow: mf.Flow, flawed_rect: mf.Meeting) -> None:
    duties = {"RECT-ESCALATE": documents.Duty("superior", TodoKind.ESCALATE)}
    todo = documents.todo(flow, flawed_rect, at=at("rectification"), duties=duties)
    assert tasks(todo, SUP, TodoKind.ESCALATE) and not tasks(todo, SEC, TodoKind.ESCALATE)


def test_json_for_a_host(flow: mf.Flow, flawed_rect: mf.Meeting) -> None:
    data = documents.todo(flow, flawed_rect, at=at("rectification")).to_dict("en")
    assert data["stage"] == "rectification" and data["today"] == "2021-08-20"
    first = data["items"][0]
    assert first == {
        "person_id": "m07",
        "kind": "close_item",
        "what": "Finish item r-m07 (为群众办实事主动性不强) and report it done with dated evidence",
        "due": "2021-08-01",
        "why": first["why"],
        "rule_id": "RECT-OVERDUE",
        "path": "rectification.items[7].due_on",
        "blocks": True,
    }
    both = documents.todo(flow, flawed_rect, at=at("rectification")).to_dict()
    assert set(both["items"][0]["what"]) == {"zh", "en"}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["绵投集团资产公司党支部待办事项", "截至 2021年8月20日", "当前阶段：会后整改", "赵敏（m07）",
                "【阻止下一步】完成整改事项 r-m07", "已逾期", "RECT-OVERDUE", "暂无待办事项",
                "周建国（s01） · 上级党组织代表"]),
        ("en", ["To-do list — 绵投集团资产公司党支部", "As of 20 August 2021", "stage: rectification",
                "[blocks] Finish item r-m07", "overdue", "Nothing to do now.", "representative of the superior"]),
    ],
)  # fmt: skip
def test_todo_reads_back_from_html(
    flow: mf.Flow, flawed_rect: mf.Meeting, lang: str, words: list[str]
) -> None:
    todo = documents.todo(flow, flawed_rect, at=at("rectification"))
    text = parse_html(documents.render(todo, "html", lang)).text
    for word in words:
        assert word in text, word


def test_todo_text_for_the_demo(flow: mf.Flow) -> None:
    text = documents.todo_text(flow, testing.example("rectification"), at("rectification"), "en")
    assert text.splitlines()[0].startswith("To-do list — 绵投集团资产公司党支部")
    assert "周建国 (s01)" in text and "Go ahead: sign off and close" in text
