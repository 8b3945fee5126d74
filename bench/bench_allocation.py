"""Benchmark: automatic allocation of students to practice bases (mansap.practice.services.allocation.allocate).

    .venv/bin/python bench/bench_allocation.py [--students 5000] [--bases 800] [--programs 60] [--seed 2026]
                                               [--repeat 1] [--no-unlisted] [--profile]

No database: the allocation module is pure Python. Builds a deterministic random
instance (same --seed, same instance):

- `--programs` programs (majors) of uneven size; every base is approved for 1-3 programs,
  about 5% of the bases are unusable (not vetted or no valid contract);
- capacities 1-12 per base, scaled so that the usable places of each program are about
  1.1 × its students (`--places`), ±15% per program, so some programs are tight and some
  students stay unplaced;
- about 3% of the students are ineligible, about 2% are already placed by staff (fixed);
- each student lists 0-5 bases, mostly bases of their own program, weighted towards popular
  bases (so first choices collide), sometimes a base of another program (ignored).

Then it times allocate() (with unlisted bases allowed unless --no-unlisted) and prints the
wall time, CPU time, peak memory of the allocation (tracemalloc), the size of the instance,
the number of students placed, the objective value and the distribution by rank.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mansap.practice.services.allocation import Allocation, BaseSupply, StudentDemand, allocate


def build_instance(
    students: int, bases: int, programs: int, seed: int, places_per_student: float = 1.1
) -> tuple[list[StudentDemand], list[BaseSupply]]:
    rng = random.Random(seed)
    program_ids = [f"P{i:03d}" for i in range(programs)]
    # Uneven program sizes: a few big majors, many small ones.
    weights = [1.0 / (1 + i) ** 0.7 for i in range(programs)]
    student_program = rng.choices(program_ids, weights, k=students)
    demand = {p: 0 for p in program_ids}
    for p in student_program:
        demand[p] += 1

    # Bases: a main program (spread like the demand) plus 0-2 more; about 5% unusable.
    base_programs: list[frozenset[str]] = []
    for _ in range(bases):
        main = rng.choices(program_ids, weights)[0]
        extra = rng.sample(program_ids, min(programs, rng.choice((0, 0, 1, 2))))
        base_programs.append(frozenset([main, *extra]))
    usable = [rng.random() >= 0.05 for _ in range(bases)]
    raw = [rng.randint(1, 12) for _ in range(bases)]
    # Scale capacities so that each program's usable places are about 1.1 × its students
    # (a base's places count for each of its programs in proportion to the demand).
    places = [0.0] * bases
    offered = {p: 0.0 for p in program_ids}
    for b in range(bases):
        if usable[b]:
            for p in base_programs[b]:
                offered[p] += raw[b] / len(base_programs[b])
    # Some programs are tighter than others (±15%), the whole stays about places_per_student.
    tightness = {p: places_per_student * rng.uniform(0.85, 1.15) for p in program_ids}
    for b in range(bases):
        share = [tightness[p] * demand[p] / offered[p] if offered[p] else 0.0 for p in base_programs[b]]
        places[b] = raw[b] * sum(share) / len(share)
    capacity = [max(0, round(x * rng.uniform(0.8, 1.2))) for x in places]

    by_program: dict[str, list[int]] = {p: [] for p in program_ids}
    for b in range(bases):
        for p in sorted(base_programs[b]):
            by_program[p].append(b)
    popularity = [rng.paretovariate(1.5) for _ in range(bases)]
    cumulative: dict[str, list[float]] = {}
    for p, candidates in by_program.items():
        total, cumulative[p] = 0.0, []
        for c in candidates:
            total += popularity[c]
            cumulative[p].append(total)

    demands: list[StudentDemand] = []
    fixed_count = [0] * bases
    for i, program in enumerate(student_program):
        candidates = by_program[program]
        prefs: list[str] = []
        for _ in range(rng.choice((0, 1, 2, 3, 4, 5, 5, 5))):
            if candidates and rng.random() < 0.95:
                b = rng.choices(candidates, cum_weights=cumulative[program])[0]
            else:
                b = rng.randrange(bases)
            if f"B{b:04d}" not in prefs:
                prefs.append(f"B{b:04d}")
        eligible = rng.random() >= 0.03
        fixed = None
        if eligible and prefs and rng.random() < 0.02:
            b = int(prefs[0][1:])
            if usable[b] and program in base_programs[b] and fixed_count[b] < capacity[b]:
                fixed, fixed_count[b] = prefs[0], fixed_count[b] + 1
        demands.append(StudentDemand(f"S{i:05d}", program, tuple(prefs), eligible, fixed))
    supplies = [BaseSupply(f"B{b:04d}", capacity[b], base_programs[b], usable[b]) for b in range(bases)]
    return demands, supplies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--bases", type=int, default=800)
    parser.add_argument("--programs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--places", type=float, default=1.1, help="usable places per student (about)")
    parser.add_argument("--repeat", type=int, default=1, help="runs to time (the best and the median are printed)")
    parser.add_argument("--no-unlisted", action="store_true", help="only the bases each student listed")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    args = parser.parse_args()

    started = time.perf_counter()
    students, bases = build_instance(args.students, args.bases, args.programs, args.seed, args.places)
    built = time.perf_counter() - started
    allow_unlisted = not args.no_unlisted
    eligible = sum(s.eligible for s in students)
    fixed = sum(s.fixed_base is not None for s in students)
    usable = [b for b in bases if b.usable]
    print(
        f"instance: {len(students):,} students ({eligible:,} eligible, {fixed:,} fixed), "
        f"{len(bases):,} bases ({len(usable):,} usable, {sum(b.capacity for b in usable):,} usable places), "
        f"{args.programs} programs, {sum(len(s.preferences) for s in students):,} preferences, "
        f"seed {args.seed}; built in {built:.2f} s"
    )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(allocate, students, bases, allow_unlisted=allow_unlisted)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)

    walls: list[float] = []
    cpus: list[float] = []
    result: Allocation | None = None
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = allocate(students, bases, allow_unlisted=allow_unlisted)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert result is not None
    tracemalloc.start()
    allocate(students, bases, allow_unlisted=allow_unlisted)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    walls.sort()
    print(
        f"allocate (allow_unlisted={allow_unlisted}): wall {walls[0]:.2f} s best, "
        f"{walls[len(walls) // 2]:.2f} s median of {len(walls)}; CPU {min(cpus):.2f} s; "
        f"peak memory {peak / 2**20:.1f} MiB (tracemalloc, separate run)"
    )
    reasons: dict[str, int] = {}
    for reason in result.unassigned.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    print(f"assigned: {len(result.assignment):,} of {len(students):,}; unassigned: {reasons or 'none'}")
    print(f"objective: {result.objective:,}")
    total = len(result.assignment) or 1
    ranks = ", ".join(
        f"{'unlisted' if rank == 0 else f'#{rank}'}: {count:,} ({100 * count / total:.1f}%)"
        for rank, count in sorted(result.assigned_by_rank.items(), key=lambda item: item[0] or 99)
    )
    print(f"by rank: {ranks}")
    if result.fixed_conflicts:
        print(f"fixed conflicts: {len(result.fixed_conflicts)}")


if __name__ == "__main__":
    main()
