from mansap.studentbody.models.layouts import ReportLayout
from mansap.studentbody.models.orders import Order, OrderItem
from mansap.studentbody.models.periods import StudentPeriod

__all__ = ["Order", "OrderItem", "StudentPeriod"]
__all__ += ["ReportLayout"]
