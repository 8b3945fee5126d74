"""Serializers of the studentbody API: orders with the items the user may see (read only)."""

from __future__ import annotations

from rest_framework import serializers

from mansap.common.api import ModelSerializer
from mansap.studentbody.models import FileItem, Order, OrderItem, PersonalFile


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


class FileItemSerializer(ModelSerializer):
    kind = serializers.CharField(source="kind.code", read_only=True)

    class Meta:
        model = FileItem
        fields = ["kind", "received_on", "checked_on", "is_original", "note", "returned_on"]
        read_only_fields = fields


class PersonalFileSerializer(ModelSerializer):
    iin = serializers.CharField(source="student.iin", read_only=True)
    full_name = serializers.CharField(source="student.full_name", read_only=True)
    transfer_act = serializers.CharField(source="transfer_act.number", read_only=True, default=None, allow_null=True)
    items = FileItemSerializer(many=True, read_only=True, source="listed_items")
    missing = serializers.SerializerMethodField(help_text="Codes of the required kinds not received yet.")

    class Meta:
        model = PersonalFile
        fields = ["id", "student", "iin", "full_name", "room", "shelf", "box", "transfer_act", "items", "missing"]
        read_only_fields = fields

    def get_missing(self, obj: PersonalFile) -> list[str]:
        kinds = self.context["kinds"].get(obj.student.institution_id, [])
        held = {item.kind_id for item in obj.listed_items if item.received_on}  # type: ignore[attr-defined]
        return [k.code for k in kinds if k.required and k.applies_to(obj.student.funding) and k.pk not in held]
