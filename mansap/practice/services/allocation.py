"""Automatic allocation of students to practice bases: an exact min-cost max-flow, in pure Python.

This module is pure: no Django, no database. The practice app turns its rows into
`StudentDemand` and `BaseSupply` values, calls `allocate()` and shows the proposal, which
staff then adjust.

Hard rules (never violated for the students this module places)
----------------------------------------------------------------
* a student is placed only at a *usable* base (vetted, approved, valid contract) whose
  `programs` contains the student's program (the **Major**; the caller never passes the Minor);
* an ineligible student (e.g. the special-disciplines cycle is not done) is never placed;
* the students placed at a base, fixed ones included, never exceed its `capacity`;
* with `allow_unlisted=False` a student is placed only at a base of their own list.

Objective (lexicographic)
-------------------------
1. maximise the number of placed students;
2. among those assignments, minimise the total cost, where a student placed at the base of
   rank r in their list (1-based position in `preferences` as given) costs r, and a student
   placed at a compatible base they did not list costs `unlisted_cost` (default: the length of
   the longest list + 1, so any listed base beats any unlisted one).

`Allocation.objective` is that total cost over every student in `assignment`, fixed ones
included (their cost is a constant, so it does not change which assignment is optimal).

Algorithm
---------
A min-cost max-flow (which is exactly the lexicographic objective above: maximum flow first,
least cost among maximum flows) on the network

    source -> student (cap 1, cost 0)
    student -> listed compatible base (cap 1, cost = rank)
    student -> program node of the student's program (cap 1, cost = unlisted_cost)
    program node -> every usable base approved for that program (cap = places, cost 0)
    base -> sink (cap = places left after the fixed students, cost 0)

Routing unlisted demand through one node per program keeps the graph sparse (about 7 edges
per student instead of one per compatible base) and keeps it exact: a student who could reach
a base they listed through the program node would pay `unlisted_cost` ≥ its rank there, so an
optimal flow never needs that detour (when `unlisted_cost` is smaller than a student's longest
listed rank, that student gets direct edges to the unlisted bases instead of the program node).

It is solved with the primal-dual method (successive shortest paths with Johnson potentials):
one Dijkstra per *phase* on the reduced costs (stopped as soon as the sink is settled), then
a maximum flow (Dinic: BFS levels + blocking flow with current-arc pointers) restricted to the
zero-reduced-cost residual edges, i.e. all the augmenting paths of the current shortest length
at once. Every augmenting path carries one student. The number of phases is the number of
distinct shortest augmenting-path costs (small: the costs are small integers), so the total
is O(phases · (E log V + Dinic on the admissible graph)) with V ≈ students + bases + programs
and E ≈ students · (preferences + 2) + Σ programs per base. In practice 6-16 phases; 5,000
students × 800 bases take about 0.3 s of CPU here, 20,000 × 2,000 about 2 s (bench/bench_allocation.py).

Determinism: students, preferences and bases are taken in input order (frozensets are never
iterated in hash order), so the same input gives the same output; among several optimal
assignments the one returned is determined by that order. Within a phase the students are tried
in input order and a placed student is never unplaced later, so when equally good students compete
for the last places the earlier ones tend to keep them (pass the students in priority order if the
department has one), but the optimum above is the only guarantee.

Fixed students (already placed by staff) are reserved first: they stay where they are, take a
place of their base and appear in `assignment`. A fixed placement that breaks a hard rule is
still kept (it is the staff's decision, the placement form validated it) but reported in
`Allocation.fixed_conflicts` so the screen can flag it.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

# Reasons a student is left unassigned.
INELIGIBLE = "ineligible"
NO_COMPATIBLE_BASE = "no_compatible_base"
CAPACITY = "capacity"

# Reasons a fixed placement breaks a hard rule (kept anyway, reported in fixed_conflicts).
FIXED_UNKNOWN_BASE = "unknown_base"
FIXED_UNUSABLE_BASE = "unusable_base"
FIXED_INCOMPATIBLE_BASE = "incompatible_base"
FIXED_INELIGIBLE = "ineligible"
FIXED_OVER_CAPACITY = "over_capacity"

_INF = 1 << 62


@dataclass(frozen=True)
class StudentDemand:
    key: Hashable  # e.g. the student's pk
    program: Hashable  # the student's MAJOR program id (never the minor)
    preferences: tuple[Hashable, ...] = ()  # base keys, most preferred first (may be empty)
    eligible: bool = True  # False: a hard rule bars this student (e.g. prerequisite cycle not done)
    fixed_base: Hashable | None = None  # already placed by staff: keep it (counts against capacity)


@dataclass(frozen=True)
class BaseSupply:
    key: Hashable
    capacity: int  # the base's places for this practice, INCLUDING those of the fixed students passed
    programs: frozenset[Hashable]  # programs (major profiles) the base is vetted and approved for
    usable: bool = True  # False: not vetted/approved or no valid contract -> never assign


@dataclass
class Allocation:
    assignment: dict[Hashable, Hashable]  # student key -> base key (only assigned students, fixed included)
    unassigned: dict[Hashable, str]  # student key -> INELIGIBLE, NO_COMPATIBLE_BASE or CAPACITY
    objective: int  # total cost (lower is better) of `assignment`, see the module docstring
    assigned_by_rank: dict[int, int]  # 1 -> how many got their 1st choice, ..., 0 -> a base they did not list
    fixed_conflicts: dict[Hashable, str] = field(default_factory=dict)  # fixed student key -> FIXED_* code


def allocate(
    students: Sequence[StudentDemand],
    bases: Sequence[BaseSupply],
    *,
    allow_unlisted: bool = True,
    unlisted_cost: int | None = None,
) -> Allocation:
    """Place as many students as possible, then at the least total preference cost (see the module docstring).

    `allow_unlisted`: a student may be placed at a compatible base they did not list, at cost
    `unlisted_cost` (default: the length of the longest preference list + 1). Preferences naming
    an unknown, unusable or incompatible base are ignored (the other ranks keep their positions);
    a base listed twice counts at its first position.

    Raises ValueError on duplicate student or base keys, a negative capacity or a negative
    `unlisted_cost`.
    """
    base_index: dict[Hashable, int] = {}
    for i, base in enumerate(bases):
        if base.key in base_index:
            raise ValueError(f"duplicate base key {base.key!r}")
        if base.capacity < 0:
            raise ValueError(f"negative capacity for base {base.key!r}")
        base_index[base.key] = i
    seen: set[Hashable] = set()
    for student in students:
        if student.key in seen:
            raise ValueError(f"duplicate student key {student.key!r}")
        seen.add(student.key)
    longest = max((len(s.preferences) for s in students), default=0)
    if unlisted_cost is None:
        unlisted_cost = longest + 1
    elif unlisted_cost < 0:
        raise ValueError("unlisted_cost must not be negative")

    def rank_of(student: StudentDemand, base_key: Hashable) -> int:
        """1-based position of base_key in the student's list, 0 when not listed."""
        for position, key in enumerate(student.preferences, start=1):
            if key == base_key:
                return position
        return 0

    assignment: dict[Hashable, Hashable] = {}
    unassigned: dict[Hashable, str] = {}
    fixed_conflicts: dict[Hashable, str] = {}
    cost_of: dict[Hashable, int] = {}

    # 1. Fixed students: reserved first, in input order.
    left = [base.capacity for base in bases]
    for student in students:
        if student.fixed_base is None:
            continue
        assignment[student.key] = student.fixed_base
        rank = rank_of(student, student.fixed_base)
        cost_of[student.key] = rank if rank else unlisted_cost
        b = base_index.get(student.fixed_base)
        if b is None:
            fixed_conflicts[student.key] = FIXED_UNKNOWN_BASE
            continue
        left[b] -= 1
        if not student.eligible:
            fixed_conflicts[student.key] = FIXED_INELIGIBLE
        elif not bases[b].usable:
            fixed_conflicts[student.key] = FIXED_UNUSABLE_BASE
        elif student.program not in bases[b].programs:
            fixed_conflicts[student.key] = FIXED_INCOMPATIBLE_BASE
        elif left[b] < 0:
            fixed_conflicts[student.key] = FIXED_OVER_CAPACITY

    # 2. Candidates of the others; programs numbered in order of first appearance among students.
    program_index: dict[Hashable, int] = {}
    for student in students:
        if student.fixed_base is None and student.eligible and student.program not in program_index:
            program_index[student.program] = len(program_index)
    bases_of_program: list[list[int]] = [[] for _ in program_index]
    for b, base in enumerate(bases):
        if base.usable:
            for p in sorted(program_index[q] for q in base.programs if q in program_index):
                bases_of_program[p].append(b)
    open_of_program = [sum(1 for b in of_program if left[b] > 0) for of_program in bases_of_program]

    # The network: 0 source, 1 sink, then students, program nodes, bases (only those used).
    net = _FlowNetwork()
    source, sink = net.add_node(), net.add_node()
    base_node: dict[int, int] = {}

    def node_of_base(b: int) -> int:
        node = base_node.get(b)
        if node is None:
            node = base_node[b] = net.add_node()
            net.add_edge(node, sink, left[b], 0)
        return node

    program_node: dict[int, int] = {}
    program_edges: dict[int, list[tuple[int, int]]] = {}  # program -> [(edge id, base index)]

    def node_of_program(p: int) -> int:
        node = program_node.get(p)
        if node is None:
            node = program_node[p] = net.add_node()
            program_edges[p] = [
                (net.add_edge(node, node_of_base(b), left[b], 0), b) for b in bases_of_program[p] if left[b] > 0
            ]
        return node

    # student index -> (source edge, [(edge id, base index or -1 for the program node)])
    routed: list[tuple[StudentDemand, int, list[tuple[int, int]]]] = []
    for student in students:
        if student.fixed_base is not None:
            continue
        if not student.eligible:
            unassigned[student.key] = INELIGIBLE
            continue
        p = program_index[student.program]
        listed: dict[int, int] = {}  # base index -> rank, compatible usable bases only
        for position, key in enumerate(student.preferences, start=1):
            b = base_index.get(key)
            if b is not None and b not in listed and bases[b].usable and student.program in bases[b].programs:
                listed[b] = position
        # Every listed compatible base is one of bases_of_program[p]: count the others without listing them.
        open_listed = {b: rank for b, rank in listed.items() if left[b] > 0}
        any_unlisted = allow_unlisted and len(bases_of_program[p]) > len(listed)
        open_unlisted = allow_unlisted and open_of_program[p] > len(open_listed)
        if not listed and not any_unlisted:
            unassigned[student.key] = NO_COMPATIBLE_BASE
            continue
        if not open_listed and not open_unlisted:
            unassigned[student.key] = CAPACITY
            continue
        node = net.add_node()
        source_edge = net.add_edge(source, node, 1, 0)
        edges = [(net.add_edge(node, node_of_base(b), 1, rank), b) for b, rank in open_listed.items()]
        if open_unlisted:
            if unlisted_cost >= max(open_listed.values(), default=0):
                edges.append((net.add_edge(node, node_of_program(p), 1, unlisted_cost), -1))
            else:  # an open listed base would be cheaper through the program node than its rank: direct edges
                edges.extend(
                    (net.add_edge(node, node_of_base(b), 1, unlisted_cost), b)
                    for b in bases_of_program[p]
                    if left[b] > 0 and b not in listed
                )
        routed.append((student, source_edge, edges))

    net.min_cost_max_flow(source, sink)

    # 3. Read the flow back. Students routed through a program node share its flows to the bases.
    through_program: dict[int, list[StudentDemand]] = {}
    for student, source_edge, edges in routed:
        if net.cap[source_edge]:
            unassigned[student.key] = CAPACITY
            continue
        for edge, b in edges:
            if net.cap[edge] == 0:  # the unit of flow left the student here
                if b >= 0:
                    assignment[student.key] = bases[b].key
                    cost_of[student.key] = net.cost[edge]
                else:
                    through_program.setdefault(program_index[student.program], []).append(student)
                break
    for p, group in through_program.items():
        queue = iter(group)
        for edge, b in program_edges[p]:
            for _ in range(net.flow(edge)):
                student = next(queue)
                assignment[student.key] = bases[b].key
                rank = rank_of(student, bases[b].key)
                cost_of[student.key] = rank if rank else unlisted_cost

    # Report in input order.
    ordered_assignment = {s.key: assignment[s.key] for s in students if s.key in assignment}
    ordered_unassigned = {s.key: unassigned[s.key] for s in students if s.key in unassigned}
    by_rank: dict[int, int] = {}
    for student in students:
        if student.key in ordered_assignment:
            rank = rank_of(student, ordered_assignment[student.key])
            by_rank[rank] = by_rank.get(rank, 0) + 1
    return Allocation(
        assignment=ordered_assignment,
        unassigned=ordered_unassigned,
        objective=sum(cost_of[key] for key in ordered_assignment),
        assigned_by_rank=dict(sorted(by_rank.items())),
        fixed_conflicts=fixed_conflicts,
    )


class _FlowNetwork:
    """A residual network in flat lists: edge e and its reverse e ^ 1; unit paths from the source."""

    __slots__ = ("adj", "cap", "cost", "initial", "to")

    def __init__(self) -> None:
        self.adj: list[list[int]] = []
        self.to: list[int] = []
        self.cap: list[int] = []
        self.initial: list[int] = []
        self.cost: list[int] = []

    def add_node(self) -> int:
        self.adj.append([])
        return len(self.adj) - 1

    def add_edge(self, u: int, v: int, capacity: int, cost: int) -> int:
        e = len(self.to)
        self.to += (v, u)
        self.cap += (capacity, 0)
        self.initial += (capacity, 0)
        self.cost += (cost, -cost)
        self.adj[u].append(e)
        self.adj[v].append(e + 1)
        return e

    def flow(self, e: int) -> int:
        return self.initial[e] - self.cap[e]

    def min_cost_max_flow(self, source: int, sink: int) -> int:
        """Primal-dual: Dijkstra on reduced costs, then Dinic on the zero-reduced-cost edges; returns the flow.

        Every source edge has capacity 1, so every augmenting path carries exactly one unit.
        All costs are non-negative, so zero potentials are valid to start with.
        """
        adj, to, cap, cost = self.adj, self.to, self.cap, self.cost
        n = len(adj)
        pot = [0] * n
        flow = 0
        heappush, heappop = heapq.heappush, heapq.heappop
        while True:
            # Dijkstra on reduced costs cost[e] + pot[u] - pot[v] >= 0, stopped when the sink is settled.
            dist = [_INF] * n
            dist[source] = 0
            heap = [(0, source)]
            reach = _INF
            while heap:
                d, u = heappop(heap)
                if d > dist[u]:
                    continue
                if u == sink:
                    reach = d
                    break
                base = d + pot[u]
                for e in adj[u]:
                    if cap[e] > 0:
                        v = to[e]
                        nd = base + cost[e] - pot[v]
                        if nd < dist[v]:
                            dist[v] = nd
                            heappush(heap, (nd, v))
            if reach == _INF:
                return flow
            # Nodes settled keep their exact distance, the others get the sink's: reduced costs stay >= 0
            # and the zero-reduced-cost edges are exactly those on shortest paths.
            for v in range(n):
                dv = dist[v]
                pot[v] += reach if dv >= reach else dv
            pushed = self._blocking_flows(source, sink, pot)
            if not pushed:  # cannot happen: the sink's shortest path is admissible; never loop for ever
                raise RuntimeError("min-cost flow: no admissible augmenting path")
            flow += pushed

    def _blocking_flows(self, source: int, sink: int, pot: list[int]) -> int:
        """Dinic restricted to residual edges of zero reduced cost; returns the units pushed.

        The potentials do not change during a phase, so the zero-reduced-cost arcs (an arc and its
        reverse are both or neither) are listed once; the rounds then only look at those.
        """
        to, cap = self.to, self.cap
        cost = self.cost
        tight = [[e for e in arcs if cost[e] + pu == pot[to[e]]] for arcs, pu in zip(self.adj, pot, strict=True)]
        n = len(tight)
        pushed = 0
        while True:
            level = [-1] * n
            level[source] = 0
            queue = [source]
            for u in queue:  # the list grows while we walk it: a BFS
                lu = level[u] + 1
                if level[sink] >= 0 and lu > level[sink]:
                    break
                for e in tight[u]:
                    if cap[e] > 0:
                        v = to[e]
                        if level[v] < 0:
                            level[v] = lu
                            queue.append(v)
            if level[sink] < 0:
                return pushed
            current = [0] * n
            stack: list[int] = []
            u = source
            while True:
                if u == sink:
                    for e in stack:
                        cap[e] -= 1
                        cap[e ^ 1] += 1
                    pushed += 1
                    stack.clear()
                    u = source
                    continue
                arcs = tight[u]
                i = current[u]
                nxt = level[u] + 1
                found = -1
                while i < len(arcs):
                    e = arcs[i]
                    if cap[e] > 0 and level[to[e]] == nxt:
                        found = e
                        break
                    i += 1
                current[u] = i
                if found >= 0:
                    stack.append(found)
                    u = to[found]
                elif u == source:
                    break
                else:  # dead end: retreat and skip the arc that led here
                    level[u] = -1
                    e = stack.pop()
                    u = to[e ^ 1]
                    current[u] += 1
