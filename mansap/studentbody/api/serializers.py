"""Serializers of the studentbody API: orders with the items the user may see (read only)."""

from __future__ import annotations

from rest_framework import serializers

from mansap.common.api import ModelSerializer
from mansap.studentbody.models import Order, OrderItem


class OrderItemSerializer(ModelSerializer):
    iin = serializers.CharField(source="student.iin", read_only=True)
    program_code = serializers.CharField(source="program.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = OrderItem
        fields = [
            "id", "student", "iin", "effective_date", "ground", "program", "program_code", "study_form",
            "study_language", "funding", "year_of_study", "leave_end_date", "new_last_name", "new_first_name",
            "new_middle_name",
        ]  # fmt: skip
        read_only_fields = fields


class OrderSerializer(ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True, source="visible_items")

    class Meta:
        model = Order
        fields = [
            "id", "number", "date", "type", "signatory", "status", "signed_at", "entered_at", "imported", "items",
        ]  # fmt: skip
        read_only_fields = fields
