"""meetingflow: run an organizational life meeting's lifecycle and check it against the rules.

Records are pydantic models (``Meeting``); the lifecycle is a shared, immutable
``Flow`` (one ``transitions`` machine underneath); compliance rules are values you
combine, configure and extend with ``rule``; every change is an attributed, chained event.
The namespaces ``records``, ``errors``, ``rules``, ``integrity`` and ``testing`` hold the rest;
``documents``, ``portfolio``, ``extensions`` and ``spec`` load only when used.
"""

import lazy_loader as _lazy

__version__ = "0.2.0"

__getattr__, __dir__, __all__ = _lazy.attach_stub(__name__, __file__)
__all__ += ["__version__"]
