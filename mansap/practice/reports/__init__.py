"""The read side of the practice app: the deadline calendar and compliance (deadlines), and the generated
documents (documents/: referrals, notices, diaries, report forms, orders and packages as DOCX or PDF)."""
