"""Matchmaking benchmark: indexed top recommendations against the naive all-pairs loop.

Run by hand, never from tests:

    .venv/bin/python bench/matchmaking.py                 # 2,000 and 15,000 participants
    .venv/bin/python bench/matchmaking.py --sizes 2000 --naive-sample 200000

Synthetic editions are generated from a seed over the default taxonomy: companies of one to
three representatives, roles, languages, offers and needs as taxonomy items (popularity skewed
like a real convention's), free text in French or English, or both. Both methods use the same
`Matcher.score`; the naive loop scores every unordered pair once (the score is symmetric). When
the pairs exceed --naive-sample, the naive loop is timed on a random sample of pairs and
extrapolated, and the output says so. The quality of the indexed lists is measured against the
naive lists of a sample of participants (see `quality`).
"""

import argparse
import itertools
import platform
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from paddock.matchmaking.data import BOTH, BUYER, SUPPLIER, Category, Item, Profile, Taxonomy
from paddock.matchmaking.matcher import Matcher
from paddock.matchmaking.scoring import top_recommendations
from paddock.participants.taxonomy import DEFAULT_TREE, Node

MATERIALS = [
    ("in titanium", "en titane"),
    ("in aluminium", "en aluminium"),
    ("in stainless steel", "en acier inoxydable"),
    ("in Inconel superalloy", "en superalliage Inconel"),
    ("in carbon fibre", "en fibre de carbone"),
    ("in PEEK", "en PEEK"),
]
DETAILS = [
    ("prototypes and small series", "prototypes et petites séries"),
    ("parts up to 500 mm", "pièces jusqu'à 500 mm"),
    ("for motorsport and aerospace", "pour le sport automobile et l'aéronautique"),
    ("with dimensional inspection", "avec contrôle dimensionnel"),
    ("high volumes, short lead times", "grandes séries, délais courts"),
]
LANGUAGES = [("fr",), ("fr", "en"), ("en",), ("de", "en"), ("de",), ("it", "en"), ("es",)]
LANGUAGE_WEIGHTS = [50, 20, 12, 6, 4, 5, 3]


def default_taxonomy() -> Taxonomy:
    categories: list[Category] = []
    ids = itertools.count(1)

    def walk(nodes: list[Node], parent: int | None) -> None:
        for _code, label_en, label_fr, children in nodes:
            category = Category(next(ids), parent, label_en, label_fr)
            categories.append(category)
            walk(children, category.id)

    for nodes in DEFAULT_TREE.values():
        walk(nodes, None)
    return Taxonomy.of(categories)


def synthetic_edition(size: int, taxonomy: Taxonomy, seed: int) -> list[Profile]:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    categories = list(taxonomy.categories.values())
    rng.shuffle(categories)
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(len(categories))]
    profiles: list[Profile] = []
    company = 0
    while len(profiles) < size:
        company += 1
        role = rng.choices([BUYER, SUPPLIER, BOTH], [35, 45, 20])[0]
        offers = _items(rng, categories, popularity, rng.randint(*_count(role, SUPPLIER)))
        needs = _items(rng, categories, popularity, rng.randint(*_count(role, BUYER)))
        for _ in range(min(rng.choice([1, 1, 1, 2, 2, 3]), size - len(profiles))):
            languages = frozenset(rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0])
            profiles.append(Profile(len(profiles) + 1, company, role, languages, offers, needs))
    return profiles


def _count(role: str, side: str) -> tuple[int, int]:
    return (1, 4) if role in (side, BOTH) else (0, 2)


def _items(
    rng: random.Random, categories: list[Category], popularity: list[float], count: int
) -> tuple[Item, ...]:
    items = []
    for category in dict.fromkeys(rng.choices(categories, popularity, k=count)):
        french = rng.random() < 0.6
        kind = rng.random()
        words = [rng.choice(MATERIALS)[french], rng.choice(DETAILS)[french]]
        if kind < 0.5:
            items.append(Item(category.id))
        elif kind < 0.8:
            items.append(Item(category.id, ", ".join(words[: rng.randint(1, 2)])))
        else:
            label = category.label_fr if french else category.label_en
            items.append(Item(None, f"{label} {words[0]}"))
    return tuple(items)


def naive_rate(matcher: Matcher, pairs: list[tuple[int, int]]) -> float:
    """Seconds per pair of the naive loop, scoring and keeping a top list like the real one."""
    started = time.process_time()
    kept: dict[int, list[tuple[float, int]]] = {}
    for first, second in pairs:
        score = matcher.score(first, second)
        if score > 0:
            kept.setdefault(first, []).append((score, second))
            kept.setdefault(second, []).append((score, first))
    return (time.process_time() - started) / max(len(pairs), 1)


def quality(
    matcher: Matcher, indexed: dict, sample: list[int], per_participant: int
) -> tuple[float, float]:
    """How close the indexed lists come to the all-pairs truth, over a sample of readers.

    Recall counts an indexed recommendation as right when its score reaches the naive list's
    last score (ties at the cut are many: a same item with a complementary role scores alike).
    Score share is the indexed lists' total score over the naive lists'.
    """
    right = expected = 0
    indexed_total = naive_total = 0.0
    for pid in sample:
        scored = [(matcher.score(pid, other), other) for other in matcher.profiles if other != pid]
        best = sorted((pair for pair in scored if pair[0] > 0), key=lambda p: (-p[0], p[1]))
        truth = [score for score, _ in best[:per_participant]]
        found = [recommendation.score for recommendation in indexed[pid]][: len(truth)]
        if truth:
            right += sum(1 for score in found if score >= truth[-1] - 1e-9)
        expected += len(truth)
        indexed_total += sum(found)
        naive_total += sum(truth)
    return right / max(expected, 1), indexed_total / max(naive_total, 1e-9)


def run(size: int, taxonomy: Taxonomy, args: argparse.Namespace) -> None:
    profiles = synthetic_edition(size, taxonomy, args.seed)
    # tracemalloc would slow the timed run; the resident peak after it is read instead.
    started, started_cpu = time.perf_counter(), time.process_time()
    indexed = top_recommendations(profiles, taxonomy, per_participant=args.per_participant)
    indexed_s = time.perf_counter() - started
    indexed_cpu = time.process_time() - started_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    rng = random.Random(args.seed)  # noqa: S311 - reproducible sampling, not secrets
    matcher = Matcher(profiles, taxonomy)
    total_pairs = size * (size - 1) // 2
    if total_pairs <= args.naive_sample:
        pairs = list(itertools.combinations(matcher.profiles, 2))
        how = "measured on all pairs"
    else:
        ids = list(matcher.profiles)
        pairs = [tuple(rng.sample(ids, 2)) for _ in range(args.naive_sample)]
        how = f"extrapolated from a random sample of {args.naive_sample:,} pairs"
    naive_s = naive_rate(matcher, pairs) * total_pairs
    sample = rng.sample(list(matcher.profiles), min(args.recall_sample, size))
    shown = sum(len(found) for found in indexed.values()) / size
    print(f"participants: {size:,} (seed {args.seed}), unordered pairs: {total_pairs:,}")
    print(
        f"  indexed top_recommendations: {indexed_s:.1f} s wall, {indexed_cpu:.1f} s CPU; "
        f"process peak resident memory {peak / 2**20:.0f} MiB; "
        f"{shown:.1f} recommendations per participant"
    )
    print(f"  naive all-pairs loop: {naive_s:.1f} s CPU ({how})")
    print(f"  ratio naive / indexed (CPU time): {naive_s / indexed_cpu:.1f}")
    right, share = quality(matcher, indexed, sample, args.per_participant)
    print(
        f"  against the naive top {args.per_participant} of {len(sample)} participants: "
        f"recall {right:.3f}, score share {share:.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 15000])
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--per-participant", type=int, default=20)
    parser.add_argument("--naive-sample", type=int, default=2_500_000)
    parser.add_argument("--recall-sample", type=int, default=50)
    args = parser.parse_args()
    taxonomy = default_taxonomy()
    print(
        f"python {platform.python_version()} on {platform.machine()}, "
        f"{platform.processor() or 'cpu'}"
    )
    for size in args.sizes:
        run(size, taxonomy, args)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {max_rss:.0f} MiB")


if __name__ == "__main__":
    main()
