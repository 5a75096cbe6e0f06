# meetingflow.testing: examples, the builder, assertions, Hypothesis strategies and the pytest
# plugin, for meetingflow's tests and a host's. Names are declared once, here.
from . import strategies as strategies
from .assertions import assert_fails as assert_fails
from .assertions import assert_not_applicable as assert_not_applicable
from .assertions import assert_passes as assert_passes
from .assertions import edit as edit
from .assertions import evaluate as evaluate
from .assertions import rechain as rechain
from .builder import CST as CST
from .builder import OMITTABLE as OMITTABLE
from .builder import SUPERVISOR as SUPERVISOR
from .builder import Batch as Batch
from .builder import Blueprint as Blueprint
from .builder import Fill as Fill
from .builder import Step as Step
from .builder import bare as bare
from .builder import build as build
from .builder import build_stages as build_stages
from .builder import forward_path as forward_path
from .builder import new_meeting as new_meeting
from .builder import play as play
from .builder import scenario as scenario
from .examples import example as example
from .examples import example_at as example_at
from .examples import flawed_steps as flawed_steps

__all__: list[str]
