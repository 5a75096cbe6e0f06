# The public face of meetingflow. Names are declared once, here; lazy_loader reads this
# stub at run time, so `import meetingflow` stays cheap and names load on first use.
from . import documents as documents
from . import errors as errors
from . import extensions as extensions
from . import integrity as integrity
from . import portfolio as portfolio
from . import records as records
from . import rules as rules
from . import spec as spec
from . import testing as testing
from .errors import MeetingflowError as MeetingflowError
from .flow import Flow as Flow
from .flow import Stage as Stage
from .flow import Track as Track
from .flow import Transition as Transition
from .flow import default_flow as default_flow
from .i18n import Text as Text
from .integrity import verify_history as verify_history
from .records import Meeting as Meeting
from .report import Finding as Finding
from .report import Report as Report
from .report import Severity as Severity
from .rules import Rule as Rule
from .rules import RulePack as RulePack
from .rules import RuleSettings as RuleSettings
from .rules import rule as rule

__version__: str
__all__: list[str]
