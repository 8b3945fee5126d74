from mansap.studentbody.models.orders import Order, OrderItem
from mansap.studentbody.models.periods import StudentPeriod

__all__ = ["Order", "OrderItem", "StudentPeriod"]
