"""Merging duplicate organizations: every link re-pointed, nothing lost, the log and the history kept."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.test.utils import isolate_apps
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.employers.models import Organization, OrganizationMerge, PartnershipAgreement
from mansap.employers.services import organizations as services
from mansap.employers.services.organizations import MergeError, merge_organizations
from mansap.employers.tests.factories import a_bin, make_agreement, make_org, make_unit
from mansap.graduates.models import AssistanceAction, EmploymentRecord, GrantObligation


class MergeServiceTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.survivor = make_org(self.institution, short_name="Astana Soft", bin=a_bin(), phone="")
        self.duplicate = make_org(
            self.institution, short_name="Астана Софт", phone="+7 701 000 00 01", oked="62010", contact_person="Ермеков"
        )
        self.sponsored = make_student(self.program_a, sponsor=self.duplicate)
        self.graduate = make_student(self.program_b, graduation_date=dt.date(2024, 6, 28), funding="grant")
        self.record = EmploymentRecord.objects.create(
            graduate=self.graduate, status="employed_specialty", organization=self.duplicate,
            started_on=dt.date(2024, 8, 1), channel="telephone",
        )  # fmt: skip
        self.action = AssistanceAction.objects.create(
            graduate=self.graduate, organization=self.duplicate, happened_on=dt.date(2024, 7, 1),
            kind="negotiation", description="HR",
        )  # fmt: skip
        self.obligation = GrantObligation.objects.create(graduate=self.graduate, referral_organization=self.duplicate)
        self.agreement = make_agreement(self.duplicate, department=self.dept_a)
        self.unit = make_unit(self.duplicate, self.dept_a, agreement=self.agreement)

    def test_every_link_moves_to_the_survivor_and_the_log_counts_them(self) -> None:
        duplicate_pk = self.duplicate.pk
        log = merge_organizations(self.survivor, [self.duplicate], acting_user=self.cc)
        self.sponsored.refresh_from_db()
        self.record.refresh_from_db()
        self.action.refresh_from_db()
        self.obligation.refresh_from_db()
        self.agreement.refresh_from_db()
        self.unit.refresh_from_db()
        for obj, attr in ((self.sponsored, "sponsor_id"), (self.record, "organization_id"),
                          (self.action, "organization_id"), (self.obligation, "referral_organization_id"),
                          (self.agreement, "organization_id"), (self.unit, "organization_id")):  # fmt: skip
            self.assertEqual(getattr(obj, attr), self.survivor.pk, f"{type(obj).__name__}.{attr}")
        self.assertFalse(Organization.objects.filter(pk=duplicate_pk).exists())
        self.assertEqual(
            log.relinked,
            {
                "core.Student.sponsor": 1,
                "graduates.EmploymentRecord.organization": 1,
                "graduates.AssistanceAction.organization": 1,
                "graduates.GrantObligation.referral_organization": 1,
                "employers.PartnershipAgreement.organization": 1,
                "employers.JointUnit.organization": 1,
            },
        )
        self.assertEqual(log.merged[0]["id"], duplicate_pk)
        self.assertEqual(log.merged[0]["short_name"], "Астана Софт")
        self.assertEqual((log.merged_by, log.survivor, log.institution), (self.cc, self.survivor, self.institution))
        # The duplicate's history remains, ending with its deletion by the CC.
        history = Organization.history.filter(id=duplicate_pk).order_by("history_date")
        self.assertEqual([h.history_type for h in history], ["+", "-"])
        self.assertEqual(history.last().history_user, self.cc)
        # Re-pointed rows with a history got an entry naming the merge.
        latest = self.sponsored.history.first()
        self.assertEqual((latest.sponsor_id, latest.history_user), (self.survivor.pk, self.cc))
        self.assertIn("Астана Софт", latest.history_change_reason)

    def test_empty_fields_are_filled_never_overwritten(self) -> None:
        self.survivor.oked = "01110"
        self.survivor.save()
        merge_organizations(self.survivor, [self.duplicate], acting_user=self.cc)
        self.survivor.refresh_from_db()
        self.assertEqual(self.survivor.oked, "01110")  # kept
        self.assertEqual(self.survivor.phone, "+7 701 000 00 01")  # filled
        self.assertEqual(self.survivor.contact_person, "Ермеков")

    def test_survivor_takes_the_bin_of_a_duplicate(self) -> None:
        bin_ = a_bin()
        survivor = make_org(self.institution)
        duplicate = make_org(self.institution, bin=bin_)
        log = merge_organizations(survivor, [duplicate], acting_user=self.cc)
        survivor.refresh_from_db()
        self.assertEqual(survivor.bin, bin_)
        self.assertEqual(log.filled_fields["bin"], bin_)

    def test_merging_into_itself_is_refused(self) -> None:
        with self.assertRaises(MergeError) as caught:
            merge_organizations(self.survivor, [self.survivor], acting_user=self.cc)
        self.assertEqual(caught.exception.code, "self_merge")
        with self.assertRaises(MergeError):
            merge_organizations(self.survivor, [], acting_user=self.cc)

    def test_other_institution_is_refused(self) -> None:
        from mansap.core.models import Institution

        other = Institution.objects.create(code="X", short_name="X", name_kk="X", name_ru="X", name_en="X")
        with self.assertRaises(MergeError):
            merge_organizations(self.survivor, [make_org(other)], acting_user=self.admin)

    def test_read_only_and_department_users_may_not_merge(self) -> None:
        for user in (self.rector, self.bolat, self.aigerim, self.dean):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                merge_organizations(self.survivor, [self.duplicate], acting_user=user)
        self.assertTrue(Organization.objects.filter(pk=self.duplicate.pk).exists())

    def test_relations_are_discovered_generically_hidden_ones_included(self) -> None:
        keys = {r.key for r in services.organization_relations()}
        self.assertLessEqual(
            {"core.Student.sponsor", "graduates.EmploymentRecord.organization",
             "graduates.AssistanceAction.organization", "graduates.GrantObligation.referral_organization",
             "employers.PartnershipAgreement.organization", "employers.JointUnit.organization"},
            keys,
        )  # fmt: skip
        self.assertFalse(any("Historical" in key for key in keys))


@isolate_apps("mansap.employers")
class UniqueClashTests(ScopedCRUDTests):
    """A one-to-one (or unique) link that both organizations already have cannot be merged: refused, nothing changed."""

    def test_one_to_one_clash_is_refused(self) -> None:
        class Profile(models.Model):
            organization = models.OneToOneField(Organization, models.CASCADE, related_name="+")

            class Meta:
                app_label = "employers"

            def __str__(self) -> str:
                return str(self.pk)

        # The test's transaction rolls the table back (SQLite's schema editor refuses to run inside it).
        # table_sql() queues foreign-key constraints in deferred_sql, which only exists inside the
        # editor's context manager; the temporary table needs no constraint, so give it a list to drop.
        editor = connection.schema_editor()
        editor.deferred_sql = []
        sql, params = editor.table_sql(Profile)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        survivor, duplicate = make_org(self.institution), make_org(self.institution)
        Profile.objects.create(organization=survivor)
        Profile.objects.create(organization=duplicate)
        found = services.organization_relations()
        extra = services.Relation(Profile, Profile._meta.get_field("organization"))  # type: ignore[arg-type]
        with mock.patch.object(services, "organization_relations", lambda: [*found, extra]):
            with self.assertRaises(MergeError) as caught:
                merge_organizations(survivor, [duplicate], acting_user=self.cc)
            self.assertEqual(caught.exception.code, "unique_clash")
            self.assertIn("kept organization already has", caught.exception.message)
            self.assertTrue(Organization.objects.filter(pk=duplicate.pk).exists())
            Profile.objects.filter(organization=survivor).delete()  # no clash left: the merge goes through
            merge_organizations(survivor, [duplicate], acting_user=self.cc)
        self.assertEqual(Profile.objects.get().organization_id, survivor.pk)


class MergePageTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.survivor = make_org(cls.institution, short_name="Astana Soft", name_en="Astana Soft LLP", bin=a_bin())
        cls.duplicate = make_org(cls.institution, short_name="Astana Soft dup", name_en="Astana Soft")
        make_student(cls.program_a, sponsor=cls.duplicate)

    def url(self) -> str:
        return reverse("employers:organization_merge", args=[self.survivor.pk])

    def test_search_preview_and_confirm(self) -> None:
        response = self.assert_page_shows(
            self.cc, self.url() + "?q=Astana", f'value="{self.duplicate.pk}"', "(Astana Soft dup)"
        )
        self.assertEqual(response.context["results"], [self.duplicate])
        response = self.assert_page_shows(self.cc, self.url() + f"?duplicate={self.duplicate.pk}", "merge-preview")
        self.assertEqual(response.context["plan"].counts, {"core.Student.sponsor": 1})
        response = self.post_as(self.cc, self.url(), {"duplicate": [self.duplicate.pk]})
        self.assertRedirects(response, self.survivor.get_absolute_url())
        self.assertFalse(Organization.objects.filter(pk=self.duplicate.pk).exists())
        self.assertEqual(OrganizationMerge.objects.get().relinked, {"core.Student.sponsor": 1})

    def test_read_only_and_department_editors_get_403(self) -> None:
        for user in (self.rector, self.bolat, self.aigerim, self.dana, self.dean):
            self.assert_status(user, self.url(), 403)
            response = self.post_as(user, self.url(), {"duplicate": [self.duplicate.pk]})
            self.assertEqual(response.status_code, 403)
        self.assertTrue(Organization.objects.filter(pk=self.duplicate.pk).exists())

    def test_self_merge_through_the_page_is_impossible(self) -> None:
        response = self.post_as(self.cc, self.url(), {"duplicate": [self.survivor.pk]})
        self.assertEqual(response.status_code, 400)  # the survivor is never a candidate: nothing chosen
        self.assertTrue(Organization.objects.filter(pk=self.survivor.pk).exists())
        self.assertFalse(PartnershipAgreement.objects.exists())
