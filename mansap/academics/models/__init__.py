from mansap.academics.models.catalogue import Course, GradeScaleBand
from mansap.academics.models.curricula import (
    CurriculumSettings,
    ElectiveGroup,
    IndividualCurriculum,
    IndividualCurriculumItem,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.academics.models.grades import Grade

__all__ = [
    "Course",
    "CurriculumSettings",
    "ElectiveGroup",
    "Grade",
    "GradeScaleBand",
    "IndividualCurriculum",
    "IndividualCurriculumItem",
    "ModelCurriculum",
    "ModelCurriculumRow",
]
