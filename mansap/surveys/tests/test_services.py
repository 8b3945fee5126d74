"""Services: version lock, conditions, anonymity, links, save-and-continue, telephone interviews, and the
service contract (atomic, attributed, e-mail after the commit)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student, User
from mansap.employers.models import Organization
from mansap.surveys.choices import Channel, QuestionType, ResponseStatus, SurveyKind
from mansap.surveys.models import Answer, Invitation, Question, Questionnaire, Response, ResultsResponse, Section
from mansap.surveys.services import builder, links, responses, results
from mansap.surveys.services import campaigns as services
from mansap.surveys.tests.factories import full_answer, make_campaign, make_questionnaire, questions_by_text


class SurveyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.graduates = [
            make_student(cls.program_a, graduation_date=dt.date(2025, 6, 30), email=f"g{i}@example.kz")
            for i in range(3)
        ] + [make_student(cls.program_b, graduation_date=dt.date(2025, 6, 30), email="b@example.kz")]
        cls.questionnaire = make_questionnaire(cls.institution)

    def launched(self, **fields) -> tuple:
        campaign = make_campaign(self.questionnaire, cohort=2025, **fields)
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))
        campaign.refresh_from_db()
        return campaign, list(campaign.invitations.order_by("pk"))


class VersioningTests(SurveyTestCase):
    def test_answered_questionnaire_is_locked_and_copies_to_a_new_version(self) -> None:
        campaign, invitations = self.launched()
        question = Question.objects.filter(section__questionnaire=self.questionnaire).first()
        builder.save_question(question, acting_user=self.cc)  # no answers yet: allowed
        responses.save_response(
            campaign, {}, submit=False, language="kk", invitation=invitations[0],
            resume_key=links.invitation_resume_key(invitations[0]),
        )  # fmt: skip
        questionnaire = Questionnaire.objects.get(pk=self.questionnaire.pk)
        self.assertTrue(questionnaire.is_locked)
        question.text_en = "Changed"
        with self.assertRaises(ValidationError) as caught:
            builder.save_question(question, acting_user=self.cc)
        self.assertIn("new version", str(caught.exception))
        with self.assertRaises(ValidationError):
            builder.save_section(Section(questionnaire=questionnaire, title_kk="x", title_ru="x", title_en="x"),
                                  acting_user=self.cc)  # fmt: skip
        with self.assertRaises(ValidationError):
            builder.delete_question(question, acting_user=self.cc)

        copy = builder.copy_to_new_version(questionnaire, acting_user=self.cc)
        self.assertEqual((copy.version, copy.family, copy.previous_id), (2, questionnaire.family, questionnaire.pk))
        self.assertFalse(copy.is_locked)
        old, new = questions_by_text(questionnaire), questions_by_text(copy)
        self.assertEqual(set(old), set(new))
        # Conditions and matrix pairs point inside the new version.
        self.assertEqual(new["Employer"].condition_question_id, new["Employed?"].pk)
        self.assertEqual(new["Preparedness"].compare_with_id, new["Importance"].pk)
        self.assertEqual([c.code for c in new["Skills"].choices.all()], ["it", "lang", "team"])
        new["Employer"].text_en = "Employer now"
        builder.save_question(new["Employer"], acting_user=self.cc)  # the copy is editable
        self.assertEqual(questions_by_text(questionnaire)["Employer"].text_en, "Employer")
        third = builder.copy_to_new_version(questionnaire, acting_user=self.cc)
        self.assertEqual(third.version, 3)  # numbered after the family's last version, not the source's


class ConditionTests(SurveyTestCase):
    def test_hidden_question_is_not_required_and_its_answer_is_discarded(self) -> None:
        questions = self.questionnaire.ordered_questions()
        q = questions_by_text(self.questionnaire)
        raw = full_answer(self.questionnaire, employed=False)
        raw[q["Employer"].pk] = "Typed before switching to 'no'"
        values, errors = responses.clean_answers(questions, raw)
        self.assertEqual(errors, {})
        self.assertNotIn(q["Employer"].pk, values)

        raw = full_answer(self.questionnaire, employed=True)
        raw[q["Employer"].pk] = ""
        _values, errors = responses.clean_answers(questions, raw)
        self.assertEqual(set(errors), {q["Employer"].pk})  # shown, so required

    def test_discarded_answer_is_not_stored(self) -> None:
        campaign, invitations = self.launched()
        q = questions_by_text(self.questionnaire)
        raw = full_answer(self.questionnaire, employed=False)
        raw[q["Employer"].pk] = "Secret employer"
        response = responses.save_response(campaign, raw, submit=True, language="ru", invitation=invitations[0])
        self.assertFalse(Answer.objects.filter(response=response, question=q["Employer"]).exists())
        self.assertFalse(Answer.objects.filter(text="Secret employer").exists())

    def test_type_and_range_errors(self) -> None:
        questions = self.questionnaire.ordered_questions()
        q = questions_by_text(self.questionnaire)
        other_choice = q["Skills"].choices.first()
        raw = full_answer(self.questionnaire)
        raw[q["Satisfaction"].pk] = "7"
        raw[q["Salary"].pk] = "-5"
        raw[q["Employed?"].pk] = str(other_choice.pk)  # an option of another question
        raw[q["Importance"].pk] = {row.pk: "" for row in q["Importance"].choices.all()}
        _values, errors = responses.clean_answers(questions, raw)
        self.assertEqual(errors[q["Satisfaction"].pk], "Choose a value from 1 to 5.")
        self.assertEqual(errors[q["Salary"].pk], "Enter a number of at least 0.")
        self.assertEqual(errors[q["Employed?"].pk], "Choose one of the options.")
        self.assertEqual(errors[q["Importance"].pk], "Rate every row.")
        raw[q["Salary"].pk] = "12,5"
        values, errors = responses.clean_answers(questions, raw)
        self.assertEqual(str(values[q["Salary"].pk]), "12.50")

    def test_every_kind_of_answer_is_typed_or_refused_with_its_message(self) -> None:
        questions = self.questionnaire.ordered_questions()
        q = questions_by_text(self.questionnaire)
        skills = {c.code: c for c in q["Skills"].choices.all()}
        rows = list(q["Importance"].choices.all())
        raw = full_answer(self.questionnaire)
        raw[q["Skills"].pk] = [str(skills["it"].pk), str(skills["team"].pk), str(skills["it"].pk)]
        raw[q["Salary"].pk] = "350 000,5"
        raw[q["Employer"].pk] = "  Kaspi  "
        values, errors = responses.clean_answers(questions, raw)
        self.assertEqual(errors, {})
        self.assertEqual(values[q["Skills"].pk], [skills["it"], skills["team"]])  # each once, in the order picked
        self.assertEqual(values[q["Salary"].pk], Decimal("350000.50"))
        self.assertEqual(values[q["Employer"].pk], "Kaspi")
        self.assertEqual(values[q["Importance"].pk], {rows[0]: 5, rows[1]: 4})
        self.assertEqual(values[q["Satisfaction"].pk], 4)
        self.assertNotIn(q["Comment"].pk, values)  # optional and empty: nothing kept

        raw[q["Skills"].pk] = [str(skills["it"].pk), "999999"]
        raw[q["Salary"].pk] = "10000001"
        raw[q["Employer"].pk] = "x" * 501
        raw[q["Comment"].pk] = "y" * 5001
        raw[q["Importance"].pk] = {rows[0].pk: "9", rows[1].pk: "4"}
        prepared = list(q["Preparedness"].choices.all())
        raw[q["Preparedness"].pk] = {prepared[0].pk: "3", prepared[1].pk: "", rows[0].pk: "5"}  # a row of another
        _values, errors = responses.clean_answers(questions, raw)
        self.assertEqual(
            {question: errors.get(q[question].pk) for question in
             ("Skills", "Employer", "Comment", "Importance", "Preparedness")},
            {"Skills": "Choose among the options shown.", "Employer": "Keep the answer within 500 characters.",
             "Comment": "Keep the answer within 5000 characters.", "Importance": "Choose a value from 1 to 5.",
             "Preparedness": "Rate every row."},
        )  # fmt: skip
        self.assertTrue(errors[q["Salary"].pk].startswith("Enter a number of at most "))
        for junk in ("nan", "1e99", "Infinity", "12,5,1"):
            raw[q["Salary"].pk] = junk
            self.assertEqual(responses.clean_answers(questions, raw)[1][q["Salary"].pk], "Enter a number.", junk)
        # A draft: a half-rated matrix is kept as it is, wrong values are still refused.
        values, errors = responses.clean_answers(questions, raw, partial=True)
        self.assertEqual(values[q["Preparedness"].pk], {prepared[0]: 3})
        self.assertNotIn(q["Preparedness"].pk, errors)
        self.assertEqual(errors[q["Importance"].pk], "Choose a value from 1 to 5.")

    def test_condition_on_scale_value(self) -> None:
        section = Section.objects.create(questionnaire=self.questionnaire, title_kk="В", title_ru="В", title_en="C")
        scale = Question.objects.get(section__questionnaire=self.questionnaire, text_en="Satisfaction")
        why = Question.objects.create(
            section=section, kind=QuestionType.LONG_TEXT, text_kk="x", text_ru="x", text_en="Why so low?",
            condition_question=scale, condition_value="1",
        )  # fmt: skip
        questions = self.questionnaire.ordered_questions()
        _values, errors = responses.clean_answers(questions, full_answer(self.questionnaire, satisfaction=1))
        self.assertEqual(set(errors), {why.pk})
        _values, errors = responses.clean_answers(questions, full_answer(self.questionnaire, satisfaction=2))
        self.assertEqual(errors, {})

    def test_condition_must_stay_inside_the_questionnaire(self) -> None:
        other = make_questionnaire(self.institution)
        question = questions_by_text(self.questionnaire)["Comment"]
        question.condition_question = questions_by_text(other)["Employed?"]
        question.condition_value = "yes"
        with self.assertRaises(ValidationError) as caught:
            question.full_clean()
        self.assertIn("condition_question", caught.exception.message_dict)


PERSON_MODELS = {Student, Organization, Invitation, User}


class AnonymityTests(SurveyTestCase):
    def test_no_person_is_reachable_from_an_anonymous_answer(self) -> None:
        campaign, invitations = self.launched(anonymous=True)
        invitation = invitations[0]
        key = links.invitation_resume_key(invitation)
        responses.save_response(campaign, {}, submit=False, language="kk", invitation=invitation, resume_key=key)
        self.assertTrue(Response.objects.filter(resume_key=key).exists())  # only while it is a draft
        response = responses.save_response(
            campaign, full_answer(self.questionnaire), submit=True, language="kk", invitation=invitation,
            resume_key=key,
        )  # fmt: skip
        response.refresh_from_db()
        self.assertIsNone(response.resume_key)
        self.assertEqual(response.program_id, self.program_a.pk)  # a slicing attribute, not a person

        # Every foreign key of Response and Answer: none may lead to a person (entered_by is the interviewer,
        # and empty on a link answer).
        for model, rows in ((Response, [response]), (Answer, list(response.answers.all()))):
            for field in model._meta.get_fields():
                if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
                    continue
                for row in rows:
                    value = getattr(row, field.attname)
                    if field.related_model in PERSON_MODELS:
                        self.assertIsNone(value, f"{model.__name__}.{field.name} leads to a person")
        # No table points at a response except its answers, and the invitation only knows it was answered.
        self.assertEqual({rel.related_model for rel in Response._meta.related_objects}, {Answer})
        invitation_fields = {f.name for f in Invitation._meta.get_fields() if f.concrete}
        self.assertFalse({"response", "responded_at", "resume_key"} & invitation_fields)
        self.assertTrue(Invitation.objects.get(pk=invitation.pk).has_responded)
        # Nor through the student: no reverse relation of theirs holds this response.
        self.assertFalse(Response.objects.filter(respondent_student__isnull=False).exists())
        self.assertFalse(Response.objects.filter(resume_key__isnull=False, status=ResponseStatus.SUBMITTED).exists())

    def test_a_named_campaign_keeps_the_respondent(self) -> None:
        campaign, invitations = self.launched(anonymous=False)
        response = responses.save_response(
            campaign, full_answer(self.questionnaire), submit=True, language="kk", invitation=invitations[0]
        )
        self.assertEqual(response.respondent_student_id, invitations[0].student_id)
        self.assertEqual(response.cohort, 2025)


class LinkTests(SurveyTestCase):
    def test_token_reads_back_and_refuses_tampering(self) -> None:
        _campaign, invitations = self.launched()
        token = links.survey_link.make(invitations[0], "ru")
        link = links.survey_link.read(token)
        self.assertEqual((link.obj.pk, link.language), (invitations[0].pk, "ru"))
        tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        with self.assertRaises(links.LinkError) as caught:
            links.survey_link.read(tampered)
        self.assertEqual(caught.exception.reason, "invalid")
        with self.assertRaises(links.LinkError):
            links.survey_link.read("garbage")

    def test_expired_when_the_campaign_window_is_over(self) -> None:
        campaign, invitations = self.launched()
        token = links.survey_link.make(invitations[0])
        today = timezone.localdate()
        type(campaign).objects.filter(pk=campaign.pk).update(
            opens_on=today - dt.timedelta(days=9), closes_on=today - dt.timedelta(days=1)
        )
        with self.assertRaises(links.LinkError) as caught:
            links.survey_link.read(token)
        self.assertEqual((caught.exception.reason, caught.exception.language), ("expired", "kk"))

    def test_closed_early_and_not_yet_open(self) -> None:
        campaign, invitations = self.launched()
        token = links.survey_link.make(invitations[0])
        services.close_campaign(campaign, acting_user=self.cc)
        with self.assertRaises(links.LinkError) as caught:
            links.survey_link.read(token)
        self.assertEqual(caught.exception.reason, "closed")
        _later, later_invitations = self.launched(opens_on=timezone.localdate() + dt.timedelta(days=3))
        with self.assertRaises(links.LinkError) as caught:
            links.survey_link.read(links.survey_link.make(later_invitations[0]))
        self.assertEqual(caught.exception.reason, "not_open")

    def test_reused_link_after_submission(self) -> None:
        campaign, invitations = self.launched()
        token = links.survey_link.make(invitations[0])
        link = links.survey_link.read(token)
        responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="kk",
                               invitation=link.obj)  # fmt: skip
        with self.assertRaises(links.LinkError) as caught:
            links.survey_link.read(token)
        self.assertEqual(caught.exception.reason, "used")
        with self.assertRaises(ValidationError):  # a second submission racing the first
            responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="kk",
                                   invitation=link.obj)  # fmt: skip
        self.assertEqual(Response.objects.filter(campaign=campaign).count(), 1)


class SaveAndContinueTests(SurveyTestCase):
    def test_draft_is_found_again_and_submitted_once(self) -> None:
        campaign, invitations = self.launched()
        invitation = invitations[1]
        key = links.invitation_resume_key(invitation)
        q = questions_by_text(self.questionnaire)
        partial = {q["Satisfaction"].pk: "2"}
        draft = responses.save_response(campaign, partial, submit=False, language="en", invitation=invitation,
                                       resume_key=key)  # fmt: skip
        self.assertEqual(draft.status, ResponseStatus.DRAFT)
        found = responses.find_draft(campaign, key)
        self.assertEqual(found.pk, draft.pk)
        self.assertEqual(responses.raw_from_response(found)[q["Satisfaction"].pk], "2")
        with self.assertRaises(ValidationError) as caught:  # submitting the partial answer: the missing ones
            responses.save_response(campaign, partial, submit=True, language="en", invitation=invitation,
                                   resume_key=key)  # fmt: skip
        self.assertIn(f"q{q['Employed?'].pk}", caught.exception.message_dict)
        done = responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="en",
                                      invitation=invitation, resume_key=key)  # fmt: skip
        self.assertEqual(done.pk, draft.pk)
        self.assertEqual(Response.objects.filter(campaign=campaign).count(), 1)
        self.assertFalse(Invitation.objects.get(pk=invitations[0].pk).has_responded)

    def test_a_draft_refuses_wrong_types(self) -> None:
        campaign, invitations = self.launched()
        q = questions_by_text(self.questionnaire)
        with self.assertRaises(ValidationError):
            responses.save_response(campaign, {q["Salary"].pk: "lots"}, submit=False, language="kk",
                                   invitation=invitations[0], resume_key="k" * 64)  # fmt: skip


class TelephoneInterviewTests(SurveyTestCase):
    def test_staff_entry_is_marked_with_who_entered_it(self) -> None:
        campaign, invitations = self.launched()
        response = responses.record_phone_interview(
            campaign, full_answer(self.questionnaire), invitation=invitations[2], language="ru", acting_user=self.cc
        )
        self.assertEqual((response.channel, response.entered_by, response.status),
                         (Channel.PHONE, self.cc, ResponseStatus.SUBMITTED))  # fmt: skip
        self.assertTrue(Invitation.objects.get(pk=invitations[2].pk).has_responded)
        self.assertIsNone(response.respondent_student_id)  # anonymous campaign: still no person
        with self.assertRaises(links.LinkError):
            links.survey_link.read(links.survey_link.make(invitations[2]))  # the personal link is used up

    def test_without_invitation(self) -> None:
        campaign, _invitations = self.launched()
        response = responses.record_phone_interview(
            campaign, full_answer(self.questionnaire), invitation=None, language="kk", acting_user=self.cc
        )
        self.assertEqual(response.channel, Channel.PHONE)


class CampaignTests(SurveyTestCase):
    def test_launch_invites_the_cohort_and_sends_links_in_each_language(self) -> None:
        self.graduates[0].user = User.objects.create_user("grad0", password="x", language="en")
        self.graduates[0].study_language = "ru"  # the account's language wins over it
        self.graduates[0].save()
        self.graduates[2].study_language = "kk"  # no account: the language of instruction
        self.graduates[2].save()
        make_student(self.program_a, graduation_date=dt.date(2024, 6, 30))  # another cohort
        campaign, invitations = self.launched(language="ru")
        self.assertEqual(len(invitations), 4)
        self.assertEqual({i.program_id for i in invitations}, {self.program_a.pk, self.program_b.pk})
        with self.assertRaises(ValidationError):
            services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))
        with self.captureOnCommitCallbacks(execute=True):  # the e-mails leave once the sending is recorded
            sent = services.send_invitations(
                campaign, acting_user=self.cc, site_url="https://mansap.example", confirmed_count=4
            )
        self.assertEqual(sent, 4)
        languages = {m.to[0]: m for m in mail.outbox}
        self.assertEqual(languages["g0@example.kz"].subject, "Survey: Campaign")  # the graduate's own language
        self.assertIn("Кампания", languages["g1@example.kz"].subject)  # the campaign's default language
        self.assertEqual(languages["g2@example.kz"].subject, "Сауалнама: Науқан")  # the language of instruction
        self.assertIn("https://mansap.example/surveys/r/", languages["g1@example.kz"].body)
        self.assertEqual(services.send_invitations(campaign, acting_user=self.cc, confirmed_count=0), 0)  # each once
        responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="kk",
                               invitation=invitations[0])  # fmt: skip
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            reminded = services.send_invitations(campaign, acting_user=self.cc, reminder=True, confirmed_count=3)
        self.assertEqual(reminded, 3)  # not the one who answered
        self.assertEqual(Invitation.objects.get(pk=invitations[1].pk).reminders_sent, 1)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["b@example.kz", "g1@example.kz", "g2@example.kz"])
        self.assertEqual(languages["g1@example.kz"].subject, "Опрос: Кампания")
        self.assertEqual({m.subject for m in mail.outbox if m.to[0] == "g1@example.kz"}, {"Напоминание: Кампания"})

    def test_graduating_audience_and_organizations(self) -> None:
        studying = make_student(self.program_a, admission_year=2022, status="studying", email="s@example.kz")
        make_student(self.program_a, admission_year=2023, status="studying")
        questionnaire = make_questionnaire(self.institution, SurveyKind.GRADUATING)
        campaign = make_campaign(questionnaire, cohort=2026)
        preview = services.audience_preview(campaign)
        self.assertEqual((preview.total, preview.with_email), (1, 1))
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))
        self.assertEqual([i.student_id for i in campaign.invitations.all()], [studying.pk])

        org = Organization.objects.create(institution=self.institution, name_kk="О", name_ru="О", name_en="O",
                                          email="hr@o.kz")  # fmt: skip
        Organization.objects.create(institution=self.institution, name_kk="Н", name_ru="Н", name_en="N")
        employer_q = make_questionnaire(self.institution, SurveyKind.EMPLOYERS)
        employer_campaign = make_campaign(employer_q)
        self.assertEqual(services.audience_preview(employer_campaign).total, 1)  # those with an e-mail
        services.launch_campaign(
            employer_campaign, acting_user=self.cc, confirmed_count=services.audience_count(employer_campaign)
        )
        self.assertEqual([i.organization_id for i in employer_campaign.invitations.all()], [org.pk])

    def test_campaign_rules(self) -> None:
        employer_q = make_questionnaire(self.institution, SurveyKind.EMPLOYERS)
        campaign = make_campaign(self.questionnaire)
        campaign.questionnaire = employer_q
        campaign.closes_on = campaign.opens_on - dt.timedelta(days=1)
        campaign.headline_question = questions_by_text(self.questionnaire)["Comment"]
        with self.assertRaises(ValidationError) as caught:
            campaign.full_clean()
        self.assertEqual(set(caught.exception.message_dict), {"questionnaire", "closes_on", "headline_question"})
        empty = Questionnaire.objects.create(institution=self.institution, kind=SurveyKind.ALUMNI, title_kk="x",
                                             title_ru="x", title_en="x")  # fmt: skip
        with self.assertRaises(ValidationError):
            services.launch_campaign(make_campaign(empty), acting_user=None)


class ReminderCommandTests(SurveyTestCase):
    def test_command_reminds_only_the_quiet_ones_who_have_not_answered(self) -> None:
        from io import StringIO

        from django.core.management import call_command

        campaign, invitations = self.launched()
        services.send_invitations(campaign, acting_user=None)
        responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="kk",
                               invitation=invitations[0])  # fmt: skip
        mail.outbox.clear()
        out = StringIO()
        call_command("send_survey_reminders", stdout=out)
        self.assertEqual(len(mail.outbox), 0)  # links went out today: too soon for a reminder
        Invitation.objects.update(sent_at=timezone.now() - dt.timedelta(days=8))
        with self.captureOnCommitCallbacks(execute=True):  # the reminders leave once they are recorded
            call_command("send_survey_reminders", stdout=out)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["b@example.kz", "g1@example.kz", "g2@example.kz"])
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_survey_reminders", stdout=out)  # reminded just now: not again
        self.assertEqual(len(mail.outbox), 3)
        self.assertIn("reminders sent: 0", out.getvalue())


class ServiceContractTests(SurveyTestCase):
    """The writing services are atomic, attribute their changes to the acting user, and e-mail after the commit."""

    def test_history_names_who_changed_the_campaign_the_questionnaire_and_the_units_response(self) -> None:
        campaign, _invitations = self.launched()
        services.close_campaign(campaign, acting_user=self.registrar)
        rows = list(campaign.history.order_by("history_id").values_list("history_user", "closed_at"))
        self.assertEqual([user for user, _closed in rows[-2:]], [self.cc.pk, self.registrar.pk])  # launch, close
        self.assertIsNotNone(rows[-1][1])
        copy = builder.copy_to_new_version(self.questionnaire, acting_user=self.cc)
        self.assertEqual(copy.history.get().history_user, self.cc)
        builder.save_questionnaire(copy, acting_user=self.registrar)
        self.assertEqual(copy.history.latest("history_id").history_user, self.registrar)
        row = results.save_results_response(
            ResultsResponse(campaign=campaign, department=self.dept_a, summary="s", actions="a"),
            acting_user=self.aigerim,
        )
        results.advance_results_response(row, "submit", acting_user=self.aigerim)
        results.advance_results_response(row, "review", acting_user=self.cc)
        self.assertEqual(
            list(row.history.order_by("history_id").values_list("history_user", "status")),
            [(self.aigerim.pk, "draft"), (self.aigerim.pk, "submitted"), (self.cc.pk, "reviewed")],
        )

    def test_a_mail_server_failure_records_no_invitation_as_sent(self) -> None:
        """The e-mails leave inside the transaction that records them: refused mail leaves them to send again."""
        campaign, _invitations = self.launched()
        refused = mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("SMTP down")
        )
        with refused, self.assertRaises(OSError):
            services.send_invitations(campaign, acting_user=self.cc, confirmed_count=4)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Invitation.objects.filter(sent_at__isnull=False).exists())
        self.assertEqual(services.send_invitations(campaign, acting_user=None), 4)  # the command: no user
        self.assertEqual(len(mail.outbox), 4)
        self.assertEqual(Invitation.objects.filter(sent_at__isnull=False).count(), 4)
