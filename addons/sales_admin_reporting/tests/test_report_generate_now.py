from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import ReportingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-02-05 10:00:00")
class TestReportGenerateNow(ReportingCommon):
    """Generate Now opens ready to run: the definition preselected, and it says so when the
    period was already reported."""

    def _wizard_form(self, **context):
        Wizard = self.env["sale.admin.report.generate"].with_user(self.manager)
        return Form(Wizard.with_context(**context))

    def test_the_only_definition_is_preselected(self):
        wizard = self._wizard_form()
        self.assertEqual(wizard.definition_id, self.definition)
        self.assertEqual((str(wizard.date_from), str(wizard.date_to)), ("2026-01-01", "2026-01-31"))

    def test_a_company_without_a_definition_opens_it_empty(self):
        """A new company has no report definition yet: the dialog opens, with nothing chosen
        and last month's dates, and asks for a definition."""
        self.definition.active = False
        wizard = self._wizard_form()
        self.assertFalse(wizard.definition_id)
        self.assertFalse(wizard.existing_run_id)
        self.assertEqual((str(wizard.date_from), str(wizard.date_to)), ("2026-01-01", "2026-01-31"))
        with self.assertRaisesRegex(AssertionError, "definition_id"):
            wizard.save()

    def test_the_definition_reported_last_is_preselected(self):
        other = self.definition.copy({"name": "Quarterly test report", "periodicity": "quarterly"})
        wizard = self._wizard_form()
        self.assertEqual(wizard.definition_id, other, "the newest, without runs")
        self.assertEqual(
            (str(wizard.date_from), str(wizard.date_to)),
            ("2025-10-01", "2025-12-31"),
            "the definition's last complete period",
        )
        wizard.definition_id = self.definition
        wizard.save().action_generate()
        self.assertEqual(self._wizard_form().definition_id, self.definition)

    def test_from_a_definitions_form_that_definition_is_preselected(self):
        other = self.definition.copy({"name": "Quarterly test report", "periodicity": "quarterly"})
        action = self.definition.with_user(self.manager).action_generate_now()
        self.assertEqual(self._wizard_form(**action["context"]).definition_id, self.definition)
        self.assertNotEqual(other, self.definition)

    def test_a_period_already_reported_is_announced_before_and_after(self):
        first = self._wizard_form().save().action_generate()
        self.assertEqual(first["type"], "ir.actions.act_window", "a new period opens its run")
        run = self.env["sale.admin.report.run"].browse(first["res_id"])
        wizard = self._wizard_form()
        self.assertEqual(wizard.existing_run_id, run, "the form warns before generating")
        self.assertEqual(wizard.existing_run_state, "done")
        again = wizard.save().action_generate()
        self.assertEqual(again["tag"], "display_notification")
        self.assertIn("already reported", again["params"]["message"])
        self.assertEqual(again["params"]["next"]["res_id"], run.id)
        self.assertEqual(run.version, 2)

    def test_a_period_skipped_for_lack_of_activity_is_made_when_asked_for(self):
        run = self.env["sale.admin.report.run"].create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
                "kind": "scheduled",
                "state": "skipped",
            }
        )
        other = self.definition.copy({"name": "Quarterly test report", "periodicity": "quarterly"})
        self.env["sale.admin.report.run"].create(
            {
                "definition_id": other.id,
                "date_from": "2025-10-01",
                "date_to": "2025-12-31",
                "kind": "scheduled",
                "state": "skipped",
            }
        )
        wizard = self._wizard_form()
        wizard.definition_id = self.definition
        self.assertEqual(wizard.existing_run_id, run)
        self.assertEqual(wizard.existing_run_state, "skipped", "the dialog names its state")
        again = wizard.save().action_generate()
        self.assertEqual((run.state, run.kind, run.version), ("done", "on_demand", 1))
        self.assertEqual(again["params"]["next"]["res_id"], run.id)
        self.assertEqual(
            self._wizard_form().definition_id,
            self.definition,
            "the definition reported last, not one whose last run was skipped",
        )
