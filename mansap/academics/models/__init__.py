from mansap.academics.models.catalogue import Course, GradeScaleBand
from mansap.academics.models.grades import Grade

__all__ = ["Course", "Grade", "GradeScaleBand"]
