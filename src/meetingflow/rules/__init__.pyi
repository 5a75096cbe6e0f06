# The rule mechanism. Names are declared once, here; lazy_loader reads this stub at run time.
from . import facts as facts
from .context import RuleContext as RuleContext
from .pack import RulePack as RulePack
from .pack import pack as pack
from .rule import CheckFn as CheckFn
from .rule import Finding as Finding
from .rule import Gate as Gate
from .rule import Level as Level
from .rule import Outcome as Outcome
from .rule import Rule as Rule
from .rule import Severity as Severity
from .rule import Subject as Subject
from .rule import rule as rule
from .rule import run_rule as run_rule
from .settings import RuleSettings as RuleSettings

__all__: list[str]
