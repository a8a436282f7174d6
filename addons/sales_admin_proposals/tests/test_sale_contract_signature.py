import hashlib
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .contract_common import SIGNATURE_PNG, SaleContractCommon


@tagged("post_install", "-at_install")
class TestSaleContractSignature(SaleContractCommon):
    def test_end_date_before_start_date_is_refused(self):
        contract = self._draft_contract()
        with self.assertRaisesRegex(ValidationError, "before its start date"):
            contract.write({"date_start": date(2026, 6, 1), "date_end": date(2026, 5, 31)})

    def test_customer_signature_records_name_date_and_freezes_the_text(self):
        contract = self._signed_contract()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_by, "Liga Legal")
        self.assertTrue(contract.date_signed)
        self.assertTrue(contract.signature)
        with self.assertRaisesRegex(UserError, "frozen"):
            self._line(contract, self.clause_payment).body = "<p>Pay never.</p>"
        with self.assertRaisesRegex(UserError, "frozen"):
            contract.date_end = date(2099, 1, 1)
        with self.assertRaisesRegex(UserError, "frozen"):
            contract.line_ids = [Command.create({"name": "Late addition", "body": "<p>x</p>"})]
        with self.assertRaisesRegex(UserError, "frozen"):
            contract.line_ids[0].unlink()

    def test_signing_twice_is_refused(self):
        contract = self._signed_contract()
        with self.assertRaisesRegex(UserError, "already been signed"):
            contract.sudo()._sign("Someone Else", SIGNATURE_PNG)
        self.assertEqual(contract.signed_by, "Liga Legal")

    def test_signing_an_unsent_contract_is_refused(self):
        contract = self._draft_contract()
        contract.action_submit()
        with self.assertRaisesRegex(UserError, "not been sent"):
            contract.sudo()._sign("Liga Legal", SIGNATURE_PNG)

    def test_signing_without_a_signature_is_refused(self):
        contract = self._sent_contract()
        with self.assertRaisesRegex(UserError, "draw your signature"):
            contract.sudo()._sign("Liga Legal", "")
        self.assertEqual(contract.state, "sent")

    def test_signing_an_expired_or_terminated_contract_is_refused(self):
        contract = self._sent_contract()
        contract.sudo().state = "expired"
        with self.assertRaisesRegex(UserError, "expired"):
            contract.sudo()._sign("Liga Legal", SIGNATURE_PNG)
        contract.sudo().state = "terminated"
        with self.assertRaisesRegex(UserError, "terminated"):
            contract.sudo()._sign("Liga Legal", SIGNATURE_PNG)

    def test_countersigning_stores_the_signed_pdf_with_its_hash(self):
        contract = self._signed_contract()
        contract.action_countersign()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.countersigned_by_id, self.admin)
        document = contract.signed_document_id
        self.assertTrue(document.raw.startswith(b"%PDF"), "rendered by wkhtmltopdf")
        self.assertEqual(contract.signed_document_sha256, hashlib.sha256(document.raw).hexdigest())
        self.assertIn(contract.signed_document_sha256, contract.message_ids[0].body)

    def test_countersigning_twice_is_refused(self):
        contract = self._signed_contract()
        contract.action_countersign()
        with self.assertRaises(UserError):
            contract.action_countersign()

    def test_only_sales_admins_countersign(self):
        contract = self._signed_contract()
        with self.assertRaisesRegex(UserError, "Only a Sales Admin"):
            contract.with_user(self.rep).action_countersign()

    def test_verify_confirms_an_intact_document_and_detects_tampering(self):
        contract = self._signed_contract()
        contract.action_countersign()
        result = contract.action_verify_signed_document()
        self.assertEqual(result["params"]["type"], "success")
        self.assertTrue(contract._verify_signed_document())

        contract.signed_document_id.sudo().raw = contract.signed_document_id.raw + b"% tampered"
        result = contract.action_verify_signed_document()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertFalse(contract._verify_signed_document())

    def test_recorded_hash_cannot_be_replaced(self):
        contract = self._signed_contract()
        contract.action_countersign()
        with self.assertRaisesRegex(UserError, "cannot be replaced"):
            contract.signed_document_sha256 = hashlib.sha256(b"forged").hexdigest()

    def test_verify_before_countersignature_is_refused(self):
        contract = self._signed_contract()
        with self.assertRaisesRegex(UserError, "no signed document"):
            contract.action_verify_signed_document()

    def test_only_sales_admins_terminate(self):
        contract = self._signed_contract()
        with self.assertRaisesRegex(UserError, "Only a Sales Admin"):
            contract.with_user(self.rep).action_terminate()
        contract.action_terminate()
        self.assertEqual(contract.state, "terminated")

    def test_customer_name_with_braces_is_drafted_literally(self):
        self.customer.name = "Curly {{ Braces }} Ltd"
        contract = self._draft_contract()
        self.assertIn("Curly {{ Braces }} Ltd", self._line(contract, self.clause_scope).body)
        self._line(
            contract, self.clause_scope
        ).body = "<p>Supply to Curly {{ Braces }} Ltd, amended.</p>"

    def test_signed_contract_cannot_be_deleted(self):
        contract = self._signed_contract()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            contract.unlink()


@tagged("post_install", "-at_install")
class TestSaleContractOrderLinks(SaleContractCommon):
    def test_order_without_required_contract_counts_as_signed(self):
        self.env["sale.contract.template"].search([]).contract_required = False
        self.assertTrue(self.order._sales_admin_contract_signed())

    def test_required_contract_must_be_signed(self):
        self.assertFalse(self.order._sales_admin_contract_signed(), "required, none yet")
        contract = self._sent_contract()
        self.assertFalse(self.order._sales_admin_contract_signed(), "sent is not signed")
        contract.sudo()._sign("Liga Legal", SIGNATURE_PNG)
        self.assertTrue(self.order._sales_admin_contract_signed())

    def test_confirmation_drafts_the_contract_when_the_template_says_so(self):
        self.template.auto_create = True
        order = self._create_order(self.customer, confirm=False)
        self.assertFalse(order.sale_contract_ids)
        order.with_user(self.rep).action_confirm()
        self.assertEqual(len(order.sale_contract_ids), 1)
        self.assertEqual(order.sale_contract_ids.template_id, self.template)
        self.assertEqual(order.sale_contract_ids.origin, order.name)

    def test_confirmation_without_auto_create_drafts_nothing(self):
        order = self._create_order(self.customer)
        self.assertFalse(order.sale_contract_ids)

    def test_smart_buttons_count_contracts_on_order_and_customer(self):
        self._draft_contract()
        self.assertEqual(self.order.sale_contract_count, 1)
        self.assertEqual(self.customer.sale_contract_count, 1)
        self.assertEqual(self.customer_contact.sale_contract_count, 1)
        action = self.customer.action_view_sale_contracts()
        self.assertEqual(self.env["sale.contract"].search_count(action["domain"]), 1)

    def test_contract_counts_of_many_orders_take_one_query(self):
        orders = self.order | self._create_order(self.customer) | self._create_order(self.customer)
        for order in orders:
            self._draft_contract(order)
        orders.invalidate_recordset(["sale_contract_count"])
        with self.assertQueryCount(1):
            self.assertEqual(orders.mapped("sale_contract_count"), [1, 1, 1])

    def test_template_per_customer_tag_is_preferred(self):
        tag = self.env["res.partner.category"].create({"name": "Public sector"})
        self.customer.category_id = tag
        tagged_template = self.template.copy(
            {"name": "Public sector agreement", "partner_tag_ids": [Command.link(tag.id)]}
        )
        contract = self._draft_contract()
        self.assertEqual(contract.template_id, tagged_template)

    def test_template_for_a_product_category_is_not_used_for_other_products(self):
        order = self._create_order(self.customer, confirm=False)
        order.order_line.product_id = self.env["product.product"].create({"name": "Paper"})
        self.assertNotEqual(
            self.env["sale.contract.template"]._find_for_order(order), self.template
        )

    def test_numbering_is_per_company(self):
        first = self._draft_contract()
        second = self._draft_contract(self._create_order(self.customer))
        self.assertNotEqual(first.name, second.name)
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "sale.contract"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(sequence), 1)
