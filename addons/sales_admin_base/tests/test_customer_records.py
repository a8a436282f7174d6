from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestCustomerCompleteness(SalesAdminDeskCommon):
    def test_completeness_score_and_missing_items_follow_the_company_configuration(self):
        self.company.sales_admin_required_partner_fields = "email,phone,vat,street"
        partner = self.env["res.partner"].create({"name": "Half Done", "email": "h@example.com"})
        self.assertEqual(partner.sales_admin_completeness, 25)
        self.assertEqual(partner.sales_admin_missing_items, "Phone, Tax ID, Street")
        partner.write({"phone": "123456", "vat": "LV1", "street": "Main 1"})
        partner.invalidate_recordset(["sales_admin_completeness", "sales_admin_is_incomplete"])
        self.assertEqual(partner.sales_admin_completeness, 100)
        self.assertFalse(partner.sales_admin_is_incomplete)

    def test_contacts_are_judged_on_their_company(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        self.assertFalse(contact.sales_admin_is_incomplete)

    def test_incomplete_filter_lists_only_incomplete_customers(self):
        incomplete = self.env["res.partner"].create({"name": "No Phone", "email": "n@example.com"})
        partners = self.customer | incomplete
        found = self.env["res.partner"].search(
            [("sales_admin_is_incomplete", "=", True), ("id", "in", partners.ids)]
        )
        self.assertEqual(found, incomplete)
        complete = self.env["res.partner"].search(
            [("sales_admin_is_incomplete", "=", False), ("id", "in", partners.ids)]
        )
        self.assertEqual(complete, self.customer)

    def test_configuration_naming_an_unknown_field_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "do not exist"):
            self.company.sales_admin_required_partner_fields = "email,favourite_colour"

    def test_configuration_naming_a_computed_field_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "computed"):
            self.company.sales_admin_required_partner_fields = "email,sales_admin_completeness"


@tagged("post_install", "-at_install")
class TestDuplicateFinder(SalesAdminDeskCommon):
    def _pairs(self, partners):
        rows = self.env["res.partner"]._sales_admin_find_duplicates(limit=10000)
        return {
            frozenset((row["left_id"], row["right_id"])): row["reasons"]
            for row in rows
            if {row["left_id"], row["right_id"]} <= set(partners.ids)
        }

    def test_finder_proposes_same_vat_email_phone_and_similar_names(self):
        Partner = self.env["res.partner"]
        a = Partner.create(
            {"name": "Zebra Logistics SIA", "vat": "LV 4000-123", "is_company": True}
        )
        b = Partner.create({"name": "Totally Other", "vat": "lv4000123", "is_company": True})
        c = Partner.create({"name": "Qwerty One", "email": "Sales@Quux.example "})
        d = Partner.create({"name": "Asdfgh Two", "email": "sales@quux.example"})
        e = Partner.create({"name": "Phone A", "phone": "+371 2612 3456"})
        f = Partner.create({"name": "Phone B", "phone": "26123456"})
        g = Partner.create({"name": "Zebra Logistic Ltd", "is_company": True})
        unrelated = Partner.create({"name": "Nothing Alike", "email": "other@example.com"})
        pairs = self._pairs(a | b | c | d | e | f | g | unrelated)
        self.assertIn("vat", pairs[frozenset((a.id, b.id))])
        self.assertIn("email", pairs[frozenset((c.id, d.id))])
        self.assertIn("phone", pairs[frozenset((e.id, f.id))])
        self.assertIn("name", pairs[frozenset((a.id, g.id))])
        self.assertFalse([pair for pair in pairs if unrelated.id in pair])

    def test_full_scan_finds_similar_names_whatever_their_first_word(self):
        Partner = self.env["res.partner"]
        acme = Partner.create({"name": "Acme Corporation", "is_company": True})
        acme_short = Partner.create({"name": "ACME Corp.", "is_company": True})
        john = Partner.create({"name": "John Smith"})
        jonh = Partner.create({"name": "Jonh Smith"})
        zebra = Partner.create({"name": "Zebra Logistics", "is_company": True})
        the_zebra = Partner.create({"name": "The Zebra Logistics", "is_company": True})
        jane = Partner.create({"name": "Jane Smith"})
        pairs = self._pairs(acme | acme_short | john | jonh | zebra | the_zebra | jane)
        self.assertEqual(pairs.get(frozenset((acme.id, acme_short.id))), "name")
        self.assertEqual(pairs.get(frozenset((john.id, jonh.id))), "name")
        self.assertEqual(pairs.get(frozenset((zebra.id, the_zebra.id))), "name")
        self.assertNotIn(frozenset((john.id, jane.id)), pairs, "one word alike is not enough")
        self.assertNotIn(frozenset((jonh.id, jane.id)), pairs)

    def test_name_similarity_threshold_is_the_finders(self):
        Partner = self.env["res.partner"]
        john = Partner.create({"name": "John Smith"})
        jonh = Partner.create({"name": "Jonh Smith"})
        rows = Partner._sales_admin_find_duplicates(limit=10000, name_threshold=0.7)
        self.assertNotIn(
            frozenset((john.id, jonh.id)),
            {frozenset((row["left_id"], row["right_id"])) for row in rows},
        )
        finder = self.env["sale.admin.partner.deduplicate"].with_user(self.admin_user).create({})
        finder.action_find()
        self.assertTrue(
            finder.line_ids.filtered(
                lambda line: {line.left_partner_id, line.right_partner_id} == {john, jonh}
            ),
            "found with the finder's default similarity",
        )

    def test_weekly_scan_keeps_pairs_with_a_customer_changed_since(self):
        Partner = self.env["res.partner"]
        old = Partner.create({"name": "Zebra Logistics", "is_company": True})
        old_twin = Partner.create({"name": "Zebra Logistics SIA", "is_company": True})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = now() - interval '30 days' WHERE id IN %s",
            [(old | old_twin)._ids],
        )
        new = Partner.create({"name": "The Zebra Logistics", "is_company": True})
        rows = Partner._sales_admin_find_duplicates(
            limit=10000, since=fields.Datetime.now() - timedelta(days=1)
        )
        found = {frozenset((row["left_id"], row["right_id"])) for row in rows}
        self.assertIn(frozenset((old.id, new.id)), found)
        self.assertIn(frozenset((old_twin.id, new.id)), found)
        self.assertNotIn(frozenset((old.id, old_twin.id)), found, "neither changed this week")

    def test_finder_ignores_other_companies_and_contacts(self):
        other_company = self.env["res.company"].create({"name": "Other Finder Co"})
        Partner = self.env["res.partner"]
        mine = Partner.create({"name": "Shared Mail", "email": "dup@finder.example"})
        theirs = Partner.create(
            {"name": "Their Mail", "email": "dup@finder.example", "company_id": other_company.id}
        )
        contact = Partner.create(
            {"name": "A Contact", "email": "dup@finder.example", "parent_id": self.customer.id}
        )
        self.assertFalse(self._pairs(mine | theirs | contact))

    def test_finder_wizard_hands_pairs_to_the_odoo_merge_wizard(self):
        Partner = self.env["res.partner"]
        a = Partner.create({"name": "Merge Me", "email": "merge@finder.example"})
        b = Partner.create({"name": "Merge Me Too", "email": "merge@finder.example"})
        finder = self.env["sale.admin.partner.deduplicate"].with_user(self.admin_user).create({})
        finder.action_find()
        line = finder.line_ids.filtered(
            lambda pair: {pair.left_partner_id, pair.right_partner_id} == {a, b}
        )
        self.assertTrue(line)
        action = line.action_merge()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        merge = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(merge.partner_ids, a | b)
        merge.action_merge()
        self.assertEqual(len((a | b).exists()), 1)

    def test_merging_partners_of_two_companies_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Merge Co"})
        Partner = self.env["res.partner"]
        a = Partner.create(
            {"name": "Twin", "email": "twin@example.com", "company_id": self.company.id}
        )
        b = Partner.create(
            {"name": "Twin", "email": "twin@example.com", "company_id": other_company.id}
        )
        merge = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(a | b).ids)
            .create({})
        )
        with self.assertRaisesRegex(UserError, "different companies"):
            merge.action_merge()
        self.assertEqual(len((a | b).exists()), 2)


@tagged("post_install", "-at_install")
class TestCustomerOverview(SalesAdminDeskCommon):
    def test_overview_shows_orders_invoices_and_payment_habits(self):
        with freeze_time("2026-01-10"):
            paid_order = self._confirmed_order()
            invoice = self._invoice(paid_order)
        with freeze_time("2026-01-20"):
            self._take_payment(invoice_id=invoice.id)
        with freeze_time("2026-02-01"):
            late_order = self._confirmed_order([(self.product, 2)])
            self._invoice(late_order)
        with freeze_time("2026-03-01"):
            self._confirmed_order([(self.product, 3)])
            self._create_order()
            contact = self.env["res.partner"].create(
                {"name": "Buyer", "parent_id": self.customer.id}
            )
            self._create_order(partner_id=contact.id)
            self.customer.invalidate_recordset()
            customer = self.customer
            self.assertEqual(customer.sales_admin_quotation_count, 2)
            self.assertEqual(customer.sales_admin_open_order_count, 3, "none is delivered yet")
            self.assertEqual(customer.sales_admin_amount_to_invoice, 300.0)
            self.assertEqual(customer.sales_admin_unpaid_invoice_count, 1)
            self.assertEqual(customer.sales_admin_unpaid_amount, 200.0)
            self.assertEqual(customer.sales_admin_overdue_invoice_count, 1)
            self.assertEqual(customer.sales_admin_avg_days_to_pay, 10.0)
            self.assertEqual(str(customer.sales_admin_date_last_order)[:10], "2026-03-01")
            self.assertEqual(
                contact.sales_admin_unpaid_amount, 200.0, "contacts show their company"
            )

    def test_overview_query_count_does_not_grow_with_the_number_of_customers(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Overview {i}", "email": f"o{i}@example.com"} for i in range(6)]
        )
        for partner in partners:
            order = self._confirmed_order(partner_id=partner.id)
            self._invoice(order)
        fields_ = [
            "sales_admin_quotation_count",
            "sales_admin_unpaid_amount",
            "sales_admin_avg_days_to_pay",
        ]
        # the receivable accounts are remembered from the first figures on (tested on their own)
        self.env["account.account"]._sales_admin_receivable_ids()
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            partners[:1].read(fields_)
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            partners.read(fields_)
