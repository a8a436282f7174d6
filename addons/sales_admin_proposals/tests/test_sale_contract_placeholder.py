from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .contract_common import SaleContractCommon


@tagged("post_install", "-at_install")
class TestSaleContractPlaceholders(SaleContractCommon):
    def _clause(self, body, user=None):
        Clause = self.env["sale.contract.clause"].with_user(user or self.manager)
        return Clause.create({"name": "Test clause", "body": body})

    # ------------------------------------------------------------------ validation on save

    def test_known_placeholders_are_accepted(self):
        clause = self._clause(
            "<p>{{ customer.vat }} {{ order.amount_total }} {{ order.payment_term_id }} "
            "{{ contract.date_start }} {{ company.name }} {{ order.partner_id.commercial_partner_id.name }}</p>"
        )
        self.assertTrue(clause.exists())

    def test_unknown_field_is_refused_when_saving_a_clause(self):
        with self.assertRaisesRegex(ValidationError, "not a field"):
            self._clause("<p>{{ customer.shoe_size }}</p>")

    def test_unknown_root_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a known placeholder"):
            self._clause("<p>{{ user.login }}</p>")

    def test_unknown_placeholder_is_refused_when_editing_a_clause(self):
        with self.assertRaisesRegex(ValidationError, "not a field"), self.env.cr.savepoint():
            self.clause_scope.with_user(self.manager).body = "<p>{{ order.discount_code }}</p>"
        self.clause_scope.invalidate_recordset()
        self.assertIn("customer.name", self.clause_scope.body, "nothing half-written")

    def test_unknown_placeholder_is_refused_when_saving_a_template(self):
        with self.assertRaisesRegex(ValidationError, "not a field"):
            self.template.with_user(self.manager).intro = "<p>{{ customer.nickname }}</p>"

    def test_code_like_syntax_is_refused(self):
        injections = [
            "<p>{{ order.name() }}</p>",
            "<p>{{ 7*7 }}</p>",
            "<p>{{ order.__class__ }}</p>",
            "<p>{% for x in order %}x{% endfor %}</p>",
            "<p>${object.partner_id.name}</p>",
            "<p>{{ order.partner_id.name | upper }}</p>",
            "<p>#{customer.name}</p>",
        ]
        for body in injections:
            with self.subTest(body=body), self.assertRaises(ValidationError):
                self._clause(body)

    def test_secret_fields_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "forbidden"):
            self._clause("<p>{{ contract.access_token }}</p>")

    def test_links_to_models_outside_the_allow_list_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "only follow links"):
            self._clause("<p>{{ order.user_id.login }}</p>")

    def test_lists_of_records_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "may not be used"):
            self._clause("<p>{{ order.order_line }}</p>")

    def test_field_the_author_cannot_read_is_refused(self):
        # the manager has no accounting rights: the credit limit is not theirs to use
        with self.assertRaisesRegex(ValidationError, "may not be used"):
            self._clause("<p>{{ customer.credit_limit }}</p>")

    # ------------------------------------------------------------------ rendering

    def _render(self, text, user):
        contract = self._draft_contract()
        Mixin = self.env["sale.contract"].with_user(user)
        return Mixin._placeholder_render(text, contract.with_user(user)._placeholder_roots())

    def test_contract_text_is_assembled_with_values(self):
        contract = self._draft_contract()
        scope = self._line(contract, self.clause_scope)
        self.assertIn("Supply to Acme Baltic SIA (VAT LV40003999999)", scope.body)
        self.assertIn(self.order.name, scope.body)
        self.assertIn(self.company.name, contract.intro)
        self.assertNotIn("{{", scope.body)

    def test_values_are_escaped_in_html(self):
        self.customer.name = "Evil <script>alert(1)</script> & Co"
        rendered = self._render("<p>{{ customer.name }}</p>", self.admin)
        self.assertNotIn("<script>", rendered)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", rendered)

    def test_field_the_rendering_user_cannot_read_is_left_blank(self):
        text = "<p>Limit: [{{ customer.credit_limit }}]</p>"
        self.assertIn("5,000.00", self._render(text, self.admin))
        self.assertIn("Limit: []", self._render(text, self.rep))

    def test_selection_and_boolean_values_are_readable(self):
        rendered = self._render("<p>{{ order.state }} / {{ customer.is_company }}</p>", self.admin)
        self.assertIn("Sales Order / Yes", rendered)
