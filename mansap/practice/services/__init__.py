"""Every rule of the practice app that changes state, one module per part of the cycle:

- `bases`: the base registry, vetting gate, contracts and annexes;
- `placements`: the plan, preferences, manual and automatic placement, the rector's order
  (with the T−30 contract block and its override), the company package, compliance;
- `assessment`: the diary, documents and retention, the company supervisor's link, conferences,
  meetings, the defence commission, admission and grades;
- `documents`: issuing referrals and notices; `links`: the company supervisor's signed link;
- `allocation`: the exact min-cost max-flow behind the automatic placement; `grades`: the letter-grade table.

Views, the API, commands and tests call these functions; each takes a keyword-only `acting_user`.
"""
