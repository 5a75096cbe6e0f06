"""The exhaustive tamper matrix over the closed example (issue #7.9).

Every single edit of every JSON leaf of the stored record and of every event, every drop,
duplicate and reorder of every list entry and every event, every truncation (caught with
the stored anchor), and recomputed forgeries (caught with the key) must be noticed when the
host loads and verifies the record: parsing refuses it (``InvalidRecord``) or verification
does (``HistoryTampered``). Nothing is accepted, nothing crashes. The counts are printed
(``pytest -s``) and recorded in benchmarks/RESULTS-integrity.md.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from integrity_kit import (
    KEY,
    OTHER_KEY,
    arrays,
    changed,
    dotted,
    get,
    leaves,
    outcome,
    put,
)

import meetingflow as mf
from meetingflow import errors, testing
from meetingflow.integrity import head


@pytest.fixture(scope="module")
def keyed() -> mf.Flow:
    return mf.default_flow(key=KEY)


@pytest.fixture(scope="module")
def versions(keyed: mf.Flow) -> list[mf.Meeting]:
    """Every version of the keyed closed example, from the draft to the closed meeting."""
    out = [keyed.adopt(testing.new_meeting(testing.Blueprint()))]
    for step in testing.scenario(testing.Blueprint()):
        for batch in step.batches:
            out.append(keyed.record(out[-1], *batch.items, actor=batch.actor, at=batch.at))
        out.append(keyed.fire(out[-1], step.trigger, actor=step.actor, at=step.at))
    assert out[-1].stage == "closed"
    return out


@pytest.fixture(scope="module")
def closed(versions: list[mf.Meeting]) -> mf.Meeting:
    return versions[-1]


@pytest.fixture(scope="module")
def data(closed: mf.Meeting) -> dict[str, Any]:
    return json.loads(closed.model_dump_json())


def _report(title: str, counts: Counter[str]) -> None:
    print(
        f"\n[tamper matrix] {title}: {sum(counts.values())} cases, {dict(sorted(counts.items()))}"
    )


def test_the_untouched_record_verifies(keyed: mf.Flow, data: dict[str, Any]) -> None:
    assert outcome(keyed, data) == "accepted"
    assert outcome(keyed, data, anchor=data["history"][-1]["digest"]) == "accepted"


def test_every_leaf_edit_is_detected(keyed: mf.Flow, data: dict[str, Any]) -> None:
    counts: Counter[str] = Counter()
    missed = []
    for path, value in leaves(data):
        result = outcome(keyed, put(data, path, changed(value)))
        counts[result if not result.startswith("crash") else "crash"] += 1
        if result not in ("tampered", "refused"):
            missed.append((dotted(path), result))
    _report("every leaf edited, verified with the key", counts)
    assert missed == []
    # Most edits keep the record valid, so it is the digests that catch them.
    assert counts["tampered"] > counts["refused"]
    assert sum(counts.values()) > 1000


def test_without_a_key_only_the_mac_goes_unchecked(closed: mf.Meeting) -> None:
    plain = mf.default_flow()
    data = json.loads(closed.model_dump_json())
    counts: Counter[str] = Counter()
    unnoticed = []
    for path, value in leaves(data["history"], ("history",)):
        result = outcome(plain, put(data, path, changed(value)))
        counts[result if not result.startswith("crash") else "crash"] += 1
        if result not in ("tampered", "refused"):
            unnoticed.append((path, result))
    _report("every event leaf edited, verified with nothing", counts)
    # The MAC covers the digest, not the other way round: without the key it cannot be
    # checked (docs/explanation/integrity.md). Every other field of every event can.
    assert {p[-1] for p, _ in unnoticed} == {"mac"}
    assert {r for _, r in unnoticed} == {"accepted"}
    assert len(unnoticed) == len(data["history"])


def test_every_drop_duplicate_and_reorder_is_detected(keyed: mf.Flow, data: dict[str, Any]) -> None:
    counts: Counter[str] = Counter()
    missed = []
    for path, entries in arrays(data):
        n = len(entries)
        cases: list[tuple[str, list[Any]]] = []
        for i in range(n):
            cases.append((f"drop {i}", entries[:i] + entries[i + 1 :]))
            cases.append((f"duplicate {i}", entries[: i + 1] + entries[i:]))
        for i in range(n - 1):
            if entries[i] != entries[i + 1]:
                swapped = list(entries)
                swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
                cases.append((f"swap {i}", swapped))
        if n > 2 and entries != entries[::-1]:
            cases.append(("reverse", entries[::-1]))
        for what, replacement in cases:
            result = outcome(keyed, put(data, path, replacement))
            counts[result if not result.startswith("crash") else "crash"] += 1
            if result not in ("tampered", "refused"):
                missed.append((dotted(path), what, result))
    _report("every list entry dropped, duplicated, reordered", counts)
    assert missed == []
    assert sum(counts.values()) > 1000


def test_every_truncation_is_caught_with_the_anchor(
    keyed: mf.Flow, versions: list[mf.Meeting], closed: mf.Meeting
) -> None:
    anchor = head(closed)
    assert anchor is not None
    keyed.verify(closed, anchor=anchor)
    for earlier in versions[1:-1]:
        # A genuine earlier version put back in place of the record: it verifies on its
        # own (it is what meetingflow wrote), but not against the anchor the host stored.
        keyed.verify(earlier)
        with pytest.raises(errors.HistoryTampered, match="anchor"):
            keyed.verify(earlier, anchor=anchor)
    # A history cut short and recomputed to fit the current record.
    for k in range(1, len(closed.history)):
        kept = closed.history[:k]
        forged = testing.rechain(
            closed.model_copy(update={"history": kept, "version": k, "stage": kept[-1].target})
        )
        with pytest.raises(errors.HistoryTampered):
            keyed.verify(forged, anchor=anchor)
        with pytest.raises(errors.HistoryTampered, match="MAC"):
            keyed.verify(forged)
    # Without anything stored, a draft with no history at all claims nothing.
    with pytest.raises(errors.HistoryTampered, match="anchor"):
        keyed.verify(versions[0], anchor=anchor)
    print(
        f"\n[tamper matrix] truncation: {len(versions) - 1} rollbacks to an earlier version"
        f" (incl. the draft) and {len(closed.history) - 1} recomputed truncations, all caught"
    )


def test_recomputed_forgery_is_caught_with_the_key(
    keyed: mf.Flow, closed: mf.Meeting, data: dict[str, Any]
) -> None:
    plain = mf.default_flow()
    anchor = head(closed)
    counts: Counter[str] = Counter()
    body = {k: v for k, v in data.items() if k != "history"}
    for path, value in leaves(body):
        try:
            edited = plain.parse(json.dumps(put(data, path, changed(value)), ensure_ascii=False))
        except errors.InvalidRecord:
            counts["refused"] += 1
            continue
        for forger_key in (None, OTHER_KEY):
            forged = testing.rechain(edited, key=forger_key)
            # Recomputing the chain is exactly what someone without the key can do: with
            # nothing stored it mostly passes (the limit the threat model states) ...
            if forger_key is None:
                try:
                    plain.verify(forged)
                    counts["passes with nothing stored"] += 1
                except errors.HistoryTampered:
                    counts["caught even with nothing stored"] += 1
            # ... the key catches every one, and so does the anchor.
            with pytest.raises(errors.HistoryTampered):
                keyed.verify(forged)
            with pytest.raises(errors.HistoryTampered):
                plain.verify(forged, anchor=anchor)
            counts["forged, caught with the key and with the anchor"] += 1
    _report("every record leaf edited and the chain recomputed", counts)
    assert counts["forged, caught with the key and with the anchor"] > 900


@pytest.mark.parametrize(
    "edit",
    [
        "make m05 secretary",
        "add a supervisor",
        "drop a supervisor",
        "rename the supervisor",
        "drop m08 from the roster",
        "add a member",
        "move the organization to UTC",
        "change the organization id",
        "change the superior organization",
    ],
)
def test_people_and_organization_edits(
    edit: str, keyed: mf.Flow, closed: mf.Meeting, data: dict[str, Any]
) -> None:
    d = json.loads(json.dumps(data))
    if edit == "make m05 secretary":
        for m in d["roster"]:
            m["roles"] = (
                ["secretary"] if m["id"] == "m05" else [r for r in m["roles"] if r != "secretary"]
            )
    elif edit == "add a supervisor":
        d["supervisors"].append({"id": "s99", "name": "冒名", "org_id": "x", "title": ""})
    elif edit == "drop a supervisor":
        d["supervisors"] = []
    elif edit == "rename the supervisor":
        d["supervisors"][0]["name"] = "别人"
    elif edit == "drop m08 from the roster":
        d = _without_member(d, "m08")
    elif edit == "add a member":
        d["roster"].append({**d["roster"][-1], "id": "m99", "name": "新人"})
    elif edit == "move the organization to UTC":
        d["organization"]["timezone"] = "UTC"
    elif edit == "change the organization id":
        d["organization"]["id"] = "another-branch"
    elif edit == "change the superior organization":
        d["organization"]["parent_id"] = "another-committee"
    assert get(d, ()) != data
    anchor = head(closed)
    assert outcome(keyed, d) in ("tampered", "refused")
    assert outcome(keyed, d, anchor=anchor) in ("tampered", "refused")
    try:
        edited = mf.default_flow().parse(json.dumps(d, ensure_ascii=False))
    except errors.InvalidRecord:
        return
    with pytest.raises(errors.HistoryTampered, match="MAC"):
        keyed.verify(testing.rechain(edited))


def _without_member(d: dict[str, Any], member: str) -> dict[str, Any]:
    """The record with a member and everything naming him or her left out (a clean forgery)."""

    def names(value: Any) -> bool:
        return member in json.dumps(value, ensure_ascii=False)

    out = {k: v for k, v in d.items()}
    out["roster"] = [m for m in d["roster"] if m["id"] != member]
    for section in ("preparation", "review", "critique", "rectification"):
        out[section] = {
            k: ([x for x in v if not names(x)] if isinstance(v, list) else v)
            for k, v in d[section].items()
        }
    return out
