"""Tools for testing meetings and rules — meetingflow's own tests and a host's.

``example(stage)`` is the built-in example meeting, ``build(stage, Blueprint(...))`` any
meeting from one builder, ``assert_passes``/``assert_fails`` test one rule, ``strategies``
holds Hypothesis strategies (needs ``hypothesis``), and the pytest plugin
(``meetingflow.testing.pytest_plugin``) gives fixtures. Names load on first use.
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach_stub(__name__, __file__)
