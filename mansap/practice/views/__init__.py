"""The practice app's pages, one module per part of the cycle: plan, bases (and contracts), placements (and
allocation, orders, packages), student, company (the supervisor's link), assessment, grades, retention,
documents, compliance; actions holds the small-form action view the panels' buttons post to."""
