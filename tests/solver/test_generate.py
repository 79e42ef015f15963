"""Generated conventions are valid, feasible, deterministic problems."""

from __future__ import annotations

import pytest

from paddock_solver.check import check
from paddock_solver.generate import generate
from paddock_solver.greedy import greedy
from paddock_solver.io import parse_problem, problem_to_dict

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("shape", ["small", "normal", "tradefair"])
def test_generate_shape_is_a_valid_problem(shape):
    p = generate(shape, seed=7)

    again = parse_problem(problem_to_dict(p))
    baseline = greedy(p)

    assert again == p
    assert (baseline.status, check(p, baseline)) == ("feasible", [])


def test_generate_is_deterministic_for_a_seed():
    assert generate("normal", seed=3) == generate("normal", seed=3)
    assert generate("normal", seed=3) != generate("normal", seed=4)


def test_generate_normal_has_the_realistic_features():
    p = generate("normal", seed=1)

    features = {
        "participants": len(p.participants),
        "days": len({s.id[:2] for s in p.slots}),
        "home tables": any(q.home_table for q in p.participants),
        "room cap": any(r.max_meetings < 20 for r in p.rooms),
        "interpreters": any(m.resources for m in p.meetings),
        "unavailable": any(q.unavailable for q in p.participants),
        "priorities": {m.weight for m in p.meetings},
        "optional": any(not m.required for m in p.meetings),
        "required": any(m.required for m in p.meetings),
        "fixed": any(m.fixed for m in p.meetings),
    }

    assert features == {
        "participants": 100,
        "days": 2,
        "home tables": True,
        "room cap": True,
        "interpreters": True,
        "unavailable": True,
        "priorities": {1, 2, 3},
        "optional": True,
        "required": True,
        "fixed": True,
    }
