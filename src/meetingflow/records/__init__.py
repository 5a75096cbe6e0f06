"""Records: the pydantic models of one meeting's dossier — what a host stores, sends and receives.

Organized by stage: ``people`` (organization, campaign, roster, superior's representatives),
``preparation``, ``review``, ``critique``, ``rectification``, ``closing``, ``history``; the
vocabulary in ``terms``; one path grammar in ``paths``. Names load on first use; the list of
names is declared once, in ``__init__.pyi``.
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach_stub(__name__, __file__)
