"""The practice app's forms, one module per part of the cycle: plan, bases, placements, assessment."""
