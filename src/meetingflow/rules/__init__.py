"""The rule mechanism: ``rule``, ``Rule``, ``RuleContext``, ``RulePack``, ``RuleSettings``, ``facts``.

The built-in catalogue is a separate package (``meetingflow.catalogue``): loading the
mechanism does not load it. Names load on first use; they are declared once, in ``__init__.pyi``.
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach_stub(__name__, __file__)
