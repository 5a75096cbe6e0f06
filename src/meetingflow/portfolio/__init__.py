"""Across meetings: a group's portfolio, its cross-meeting rules and figures, the group's
report, and batch audits that scale past one machine (issue #10).

An edge package: it reads the core (records, rules, flow) and nothing inner imports it.
``evaluate`` runs the cross-meeting rules, ``figures`` computes the STAT-* figures,
``summarize`` reduces a dossier to what they read, ``audit`` checks many meetings on any
``concurrent.futures.Executor``; the group's report is in ``meetingflow.portfolio.report``.
"""

from meetingflow.portfolio.engine import (
    PortfolioReport,
    PortfolioRule,
    PortfolioSettings,
    portfolio_rule,
)
from meetingflow.portfolio.example import EXAMPLE_AT, example_portfolio
from meetingflow.portfolio.figures import PortfolioFigures, figures
from meetingflow.portfolio.records import (
    AttendanceCounts,
    AttendanceLog,
    CampaignNotice,
    Dossier,
    GradeCounts,
    GuidanceEvent,
    GuidanceKind,
    LeavePeriod,
    LifeEntry,
    LifeKind,
    MeetingSummary,
    MemberMark,
    OrgUnit,
    Portfolio,
    Postponement,
    ProblemCounts,
    StageMark,
)
from meetingflow.portfolio.rules import RULES, evaluate
from meetingflow.portfolio.summary import summarize

__all__ = [
    "EXAMPLE_AT",
    "RULES",
    "AttendanceCounts",
    "AttendanceLog",
    "CampaignNotice",
    "Dossier",
    "GradeCounts",
    "GuidanceEvent",
    "GuidanceKind",
    "LeavePeriod",
    "LifeEntry",
    "LifeKind",
    "MeetingSummary",
    "MemberMark",
    "OrgUnit",
    "Portfolio",
    "PortfolioFigures",
    "PortfolioReport",
    "PortfolioRule",
    "PortfolioSettings",
    "Postponement",
    "ProblemCounts",
    "StageMark",
    "evaluate",
    "example_portfolio",
    "figures",
    "portfolio_rule",
    "summarize",
]
