from mansap.studentbody.models.annual import AnnualReport, AnnualSection
from mansap.studentbody.models.files import DocumentKind, FileItem, PersonalFile, ReturnAct, TransferAct
from mansap.studentbody.models.layouts import ReportLayout
from mansap.studentbody.models.orders import Order, OrderItem
from mansap.studentbody.models.periods import StudentPeriod

__all__ = [
    "AnnualReport",
    "AnnualSection",
    "DocumentKind",
    "FileItem",
    "Order",
    "OrderItem",
    "PersonalFile",
    "ReportLayout",
    "ReturnAct",
    "StudentPeriod",
    "TransferAct",
]
