"""The domain's vocabulary: every enumeration of the records, each value with its zh/en label.

Kept apart from the record classes so that rules can name these values without building the
record models, and so that no text shows a raw identifier: ``DocumentKind.MINUTES.label``
is ``Text("会议记录", "minutes")``. The names follow the glossary of the rule catalogue.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Final

from meetingflow.i18n import Text

__all__ = [
    "ASPECT_LABELS",
    "DEFAULT_ASPECTS",
    "Authority",
    "BranchRole",
    "CriticismKind",
    "DisciplineKind",
    "DispositionKind",
    "DocumentKind",
    "ItemState",
    "MakeupKind",
    "MaterialKind",
    "MeetingKind",
    "MemberState",
    "MemberStatus",
    "OpinionSource",
    "OrgLevel",
    "Presence",
    "ProblemScope",
    "ProblemSource",
    "PublicationContent",
    "ReportSection",
    "SessionForm",
    "SpeakingMode",
    "Term",
    "Verdict",
    "aspect_label",
]


class Term(str, Enum):
    """A value of the vocabulary: compares and serializes as its string, reads as its label."""

    label: Text

    def __new__(cls, value: str, zh: str = "", en: str = "") -> Term:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = Text(zh or value, en or value.replace("_", " "))
        return obj

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: Any) -> Any:
        return None


class OrgLevel(Term):
    """Where an organization sits in the hierarchy."""

    GROUP_COMMITTEE = ("group_committee", "集团党委", "group party committee")
    SECONDARY_ORG = ("secondary_org", "二级党组织", "secondary party organization")
    BRANCH = ("branch", "党支部", "party branch")
    PARTY_GROUP = ("party_group", "党小组", "party group")


class MeetingKind(Term):
    """专题 (thematic) or 年度 (annual) organizational life meeting."""

    THEMATIC = ("thematic", "专题组织生活会", "thematic meeting")
    ANNUAL = ("annual", "年度组织生活会", "annual meeting")


class MemberStatus(Term):
    """正式党员 (full) or 预备党员 (probationary)."""

    FULL = ("full", "正式党员", "full member")
    PROBATIONARY = ("probationary", "预备党员", "probationary member")


class BranchRole(Term):
    """A member's role in the branch; a leading cadre attends as an ordinary member."""

    SECRETARY = ("secretary", "支部书记", "branch secretary")
    DEPUTY_SECRETARY = ("deputy_secretary", "支部副书记", "deputy secretary")
    COMMITTEE_MEMBER = ("committee_member", "支部委员", "committee member")
    GROUP_LEADER = ("group_leader", "党小组组长", "party group leader")
    LEADING_CADRE = ("leading_cadre", "党员领导干部", "leading cadre")


class DisciplineKind(Term):
    """Party discipline a member is under; only 留党察看 takes away the vote."""

    WARNING = ("warning", "警告", "warning")
    SERIOUS_WARNING = ("serious_warning", "严重警告", "serious warning")
    REMOVAL_FROM_POST = ("removal_from_post", "撤销党内职务", "removal from party posts")
    ON_PARTY_PROBATION = ("on_party_probation", "留党察看", "probation within the Party")


class Authority(Term):
    """Who may act on a meeting; derived from the record, never claimed by the caller."""

    SECRETARY = ("secretary", "支部书记", "branch secretary")
    CHAIR = ("chair", "会议主持人", "chair of the sitting")
    RECORDER = ("recorder", "会议记录人", "recorder of the sitting")
    SUPERVISOR = ("supervisor", "上级党组织代表", "representative of the superior")
    MEMBER = ("member", "本支部党员", "member of the branch")
    SELF = ("self", "本人", "the person concerned")


class SessionForm(Term):
    """The form the meeting is held in (支部工作条例第十七条)."""

    GENERAL_MEETING = ("general_meeting", "党员大会", "general meeting of members")
    COMMITTEE_MEETING = ("committee_meeting", "支委会", "branch committee meeting")
    GROUP_MEETING = ("group_meeting", "党小组会", "party group meeting")


class OpinionSource(Term):
    """Where a solicited opinion came from."""

    INSIDE_PARTY = ("inside_party", "党内", "inside the Party")
    OUTSIDE_PARTY = ("outside_party", "党外", "outside the Party")
    MASSES = ("masses", "群众", "the masses")
    SUPERIOR = ("superior", "上级", "the superior")


class ProblemScope(Term):
    """A problem of the branch (its committee) or of one member."""

    BRANCH = ("branch", "支部（班子）", "the branch")
    MEMBER = ("member", "个人", "a member")


class ProblemSource(Term):
    """How a problem was found."""

    SELF = ("self", "自己查摆", "self-examination")
    OPINION = ("opinion", "征求意见", "solicited opinions")
    TALK = ("talk", "谈心谈话", "a heart-to-heart talk")
    CRITICISM = ("criticism", "批评意见", "criticism")
    SUPERIOR = ("superior", "上级指出", "the superior")
    COMMITTEE_SESSION = ("committee_session", "支委会查摆", "the committee session")


class MaterialKind(Term):
    """对照检查材料 (full comparison-inspection material) or 发言提纲 (speech outline)."""

    INSPECTION_MATERIAL = ("inspection_material", "对照检查材料", "comparison-inspection material")
    SPEECH_OUTLINE = ("speech_outline", "发言提纲", "speech outline")


class Verdict(Term):
    """Outcome of a material review."""

    APPROVED = ("approved", "审核通过", "approved")
    RETURNED = ("returned", "退回修改", "returned for revision")


class Presence(Term):
    """Whether a member was at the sitting."""

    PRESENT = ("present", "出席", "present")
    ON_LEAVE = ("on_leave", "请假", "on leave")
    ABSENT = ("absent", "缺席", "absent")


class SpeakingMode(Term):
    """In person, or a written outline read out by a proxy (书面发言提纲)."""

    IN_PERSON = ("in_person", "本人发言", "in person")
    WRITTEN_PROXY = ("written_proxy", "书面发言由他人代读", "written outline read by a proxy")


class CriticismKind(Term):
    """The host's classification of a remark: only ``problem`` is real criticism."""

    PROBLEM = ("problem", "指出具体问题", "criticism of a concrete problem")
    PRAISE = ("praise", "表扬（明贬暗褒）", "praise")
    HOPE = ("hope", "希望", "a hope")
    SUGGESTION = ("suggestion", "建议", "a suggestion")
    VAGUE = ("vague", "泛泛而谈", "a vague remark")


class ItemState(Term):
    """Where a rectification item stands."""

    OPEN = ("open", "未完成", "open")
    CLAIMED = ("claimed", "已报完成、待核验", "reported done, awaiting verification")
    CLOSED = ("closed", "已销号", "closed")
    LONG_TERM = ("long_term", "长期坚持", "long-term")


class DispositionKind(Term):
    """What became of a problem or criticism that has no item of its own."""

    MERGED = ("merged", "合并整改", "merged into another item")
    REJECTED = ("rejected", "不予整改（说明理由）", "rejected with a reason")


class MakeupKind(Term):
    """How an absent member caught up."""

    BRIEFING = ("briefing", "会后通报", "briefing")
    MAKEUP_SESSION = ("makeup_session", "补课", "make-up session")


class PublicationContent(Term):
    """What a publication (公示) made public."""

    LIST = ("list", "整改清单", "the rectification list")
    PROGRESS = ("progress", "整改进展", "rectification progress")
    COMPLETION = ("completion", "完成情况", "completion")


class ReportSection(Term):
    """What the report to the superior covers (CLOSE-REPORT)."""

    PROCESS = ("process", "会议过程", "the process")
    PROBLEMS = ("problems", "查摆的问题", "the problems found")
    MEMBER_STATES = ("member_states", "党员参会情况", "each member's state")
    MEASURES = ("measures", "整改措施", "the measures")


class MemberState(Term):
    """A member's state as the report to the superior gives it."""

    PRESENT = ("present", "出席", "present")
    ON_LEAVE = ("on_leave", "请假", "absent on leave")
    ABSENT_UNEXCUSED = ("absent_unexcused", "无故缺席", "absent without excuse")


class DocumentKind(Term):
    """Documents of the archive bundle (资料收集归档)."""

    NOTICE = ("notice", "上级通知", "the superior's notice")
    PLAN = ("plan", "会议方案", "the meeting plan")
    PLAN_APPROVAL = ("plan_approval", "方案批复", "the plan's approval")
    STUDY = ("study", "学习记录", "study records")
    OPINIONS = ("opinions", "征求意见汇总", "the opinion summary")
    TALKS = ("talks", "谈心谈话记录", "talk records")
    MATERIALS = ("materials", "对照检查材料", "comparison-inspection materials")
    MATERIAL_REVIEWS = ("material_reviews", "材料审核记录", "material reviews")
    MINUTES = ("minutes", "会议记录", "the minutes")
    APPRAISAL = ("appraisal", "民主评议材料", "the appraisal documents")
    RECTIFICATION_LIST = ("rectification_list", "整改清单", "the rectification list")
    CLOSURES = ("closures", "销号材料", "closure evidence")
    REPORT = ("report", "情况报告", "the report to the superior")
    PUBLICATIONS = ("publications", "公示材料", "publications")


DEFAULT_ASPECTS: Final[tuple[str, ...]] = (
    "ideals_convictions",
    "serving_the_people",
    "party_spirit",
    "responsibility_action",
)
"""The source document's four aspects: 理想信念, 联系服务群众, 党性锤炼, 担当作为."""

ASPECT_LABELS: Final[dict[str, Text]] = {
    "ideals_convictions": Text("理想信念", "ideals and convictions"),
    "serving_the_people": Text("联系服务群众", "connecting with and serving the people"),
    "party_spirit": Text("党性锤炼", "tempering of party spirit"),
    "responsibility_action": Text("担当作为", "taking responsibility and acting"),
    "historical_awareness": Text("增强历史自觉", "historical awareness"),
    "fine_traditions": Text("弘扬优良传统", "carrying forward fine traditions"),
}
"""Labels of well-known aspects; a campaign labels its own (``Campaign.aspects``)."""


def aspect_label(aspect: str) -> Text:
    """The label of a well-known aspect, or the id itself in both languages."""
    return ASPECT_LABELS.get(aspect, Text(aspect, aspect))
