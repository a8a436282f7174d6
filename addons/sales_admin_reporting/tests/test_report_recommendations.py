from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import formatLang

from .common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportRecommendations(ReportingCommon):
    def _data(self, kpis, previous=None, last_year=None):
        return {"kpis": kpis, "previous": previous or {}, "last_year": last_year or {}}

    def _fires(self, xmlid, data):
        return self.env.ref(xmlid)._evaluate(data)[0]

    def test_dso_rule_fires_on_five_more_days_only(self):
        rule = "sales_admin_reporting.rule_dso_up"
        self.assertTrue(self._fires(rule, self._data({"dso": 41.0}, {"dso": 35.0})))
        self.assertFalse(self._fires(rule, self._data({"dso": 39.0}, {"dso": 35.0})))
        self.assertFalse(self._fires(rule, self._data({"dso": None}, {"dso": 35.0})))

    def test_incomplete_customers_rule_fires_above_twenty_percent(self):
        rule = "sales_admin_reporting.rule_incomplete_customers"
        self.assertTrue(self._fires(rule, self._data({"incomplete_customers_rate": 25.0})))
        self.assertFalse(self._fires(rule, self._data({"incomplete_customers_rate": 20.0})))

    def test_revenue_rule_compares_with_last_year(self):
        rule = "sales_admin_reporting.rule_revenue_down"
        self.assertTrue(
            self._fires(rule, self._data({"revenue": 850.0}, last_year={"revenue": 1000.0}))
        )
        self.assertFalse(
            self._fires(rule, self._data({"revenue": 950.0}, last_year={"revenue": 1000.0}))
        )
        self.assertFalse(
            self._fires(rule, self._data({"revenue": 500.0}, previous={"revenue": 1000.0})),
            "the previous period is not what this rule compares with",
        )

    def test_overdue_rule_fires_on_twenty_percent_growth(self):
        rule = "sales_admin_reporting.rule_overdue_up"
        self.assertTrue(
            self._fires(
                rule, self._data({"receivable_overdue": 1200.0}, {"receivable_overdue": 1000.0})
            )
        )
        self.assertFalse(
            self._fires(
                rule, self._data({"receivable_overdue": 1100.0}, {"receivable_overdue": 1000.0})
            )
        )

    def test_message_states_the_evidence(self):
        rule = self.env.ref("sales_admin_reporting.rule_dso_up")
        fires, values = rule._evaluate(self._data({"dso": 41.0}, {"dso": 35.0}))
        self.assertTrue(fires)
        message = rule._message(values, False)
        self.assertIn("35.0", message)
        self.assertIn("41.0", message)
        self.assertIn("+6.0", message)

    def test_unknown_placeholder_in_a_message_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["sale.admin.report.rule"].create(
                {
                    "name": "Broken",
                    "metric": "revenue",
                    "operator": "above",
                    "threshold": 1,
                    "message": "Revenue is {revenu}",
                }
            )

    def test_a_firing_rule_creates_an_activity_and_the_next_run_reports_it_done(self):
        Rule = self.env["sale.admin.report.rule"]
        Rule.search([]).active = False
        Rule.create(
            {
                "name": "Any revenue",
                "metric": "orders",
                "comparison": "target",
                "operator": "below",
                "threshold": 1000,
                "message": "Only {value} orders",
                "activity_user_id": self.manager.id,
                "company_id": self.company.id,
            }
        )
        Run = self.env["sale.admin.report.run"]
        january = Run.create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        january._process()
        recommendation = january.recommendation_ids
        self.assertEqual(recommendation.message, "Only 0 orders")
        self.assertEqual(recommendation.activity_id.user_id, self.manager)
        self.assertEqual(recommendation.activity_state, "open")
        recommendation.activity_id.action_feedback(feedback="Called the team")
        february = Run.create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-02-01",
                "date_to": "2026-02-28",
            }
        )
        february._process()
        self.assertEqual(recommendation.activity_state, "done")

    def test_complaint_rate_rule_fires_on_thirty_percent_more(self):
        rule = "sales_admin_reporting.rule_complaint_rate_up"
        self.assertTrue(
            self._fires(rule, self._data({"complaint_rate": 6.5}, {"complaint_rate": 5.0}))
        )
        self.assertFalse(
            self._fires(rule, self._data({"complaint_rate": 6.0}, {"complaint_rate": 5.0}))
        )

    def test_sla_breach_rule_fires_above_ten_percent(self):
        rule = "sales_admin_reporting.rule_sla_breach_rate"
        self.assertTrue(self._fires(rule, self._data({"sla_breach_rate": 12.5})))
        self.assertFalse(self._fires(rule, self._data({"sla_breach_rate": 10.0})))
        self.assertFalse(
            self._fires(rule, self._data({"sla_breach_rate": None})), "no closed complaint"
        )

    def test_blocked_orders_rule_fires_on_any_order_blocked_for_a_week(self):
        rule = "sales_admin_reporting.rule_blocked_orders_old"
        self.assertTrue(self._fires(rule, self._data({"blocked_orders_old": 1})))
        self.assertFalse(self._fires(rule, self._data({"blocked_orders_old": 0})))

    def _amount(self, amount, lang="en_US"):
        return formatLang(
            self.env(context={"lang": lang}), amount, currency_obj=self.company.currency_id
        )

    def test_a_rise_from_nothing_says_there_was_none_instead_of_a_percentage(self):
        rule = self.env.ref("sales_admin_reporting.rule_overdue_up")
        fires, values = rule._evaluate(
            self._data({"receivable_overdue": 36512.5}, {"receivable_overdue": 0.0})
        )
        self.assertTrue(fires, "a start from nothing is a rise")
        message = rule._message(values, False, company=self.company)
        self.assertEqual(
            message,
            f"Overdue receivables: {self._amount(36512.5)} (none in the previous period)",
        )
        self.assertIn("36,512.50", message)
        self.assertNotIn("-%", message)
        self.assertNotIn("0.0", message)

    def test_a_fall_reads_as_a_size_after_the_messages_own_word_for_it(self):
        rule = self.env.ref("sales_admin_reporting.rule_revenue_down")
        fires, values = rule._evaluate(
            self._data({"revenue": 800.0}, last_year={"revenue": 1000.0})
        )
        self.assertTrue(fires)
        message = rule._message(values, False, company=self.company)
        self.assertIn(f"Revenue is {self._amount(800.0)}, down 20.0% from", message)
        self.assertIn(self._amount(1000.0), message)
        self.assertNotIn("-20", message)

    def test_a_rise_reads_with_the_percentage_and_amounts_of_the_company_currency(self):
        rule = self.env.ref("sales_admin_reporting.rule_overdue_up")
        fires, values = rule._evaluate(
            self._data({"receivable_overdue": 1500.0}, {"receivable_overdue": 1000.0})
        )
        self.assertTrue(fires)
        self.assertEqual(
            rule._message(values, False, company=self.company).split(". ")[0],
            f"Overdue receivables rose by 50.0% to {self._amount(1500.0)} "
            f"(from {self._amount(1000.0)})",
        )

    def test_the_numbers_are_written_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("lv_LV")
        self.env["ir.module.module"]._load_module_terms(
            ["sales_admin_reporting"], ["lv_LV"], overwrite=True
        )
        rule = self.env.ref("sales_admin_reporting.rule_overdue_up")
        _fires, values = rule._evaluate(
            self._data({"receivable_overdue": 1500.0}, {"receivable_overdue": 1000.0})
        )
        message = rule._message(values, False, lang="lv_LV", company=self.company)
        self.assertIn("Kavētie debitoru parādi pieauga par 50,0%", message)
        self.assertIn(self._amount(1500.0, "lv_LV"), message)
        self.assertIn("500,00", self._amount(1500.0, "lv_LV"), "a decimal comma")
