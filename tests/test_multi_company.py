"""Two companies: lists, counters, smart buttons, reports, e-mails and crons of one never show the
other's records. Company 1 holds customer A's documents (tests/security_world.py); company 2 has
its own sales admin and manager. Customers and products are shared, as in Odoo.

Covered elsewhere, per feature: complaints, requests and contracts invisible to another company
(addons' test_complaint, test_sale_admin_request_access, test_sale_contract_access), the weekly
request digest (test_sale_admin_request_digest), report runs and their recipients
(test_report_delivery), remedies and phone payments on another company's invoice or journal
(test_complaint_remedy, test_phone_payment), the duplicate finder and merge (test_customer_records),
library suggestions (test_sale_proposal_answer), and every model's record rules for a sales admin
of company 2 (tests/test_security_matrix.py).
"""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .security_world import OUR_MODULES, build_world

DOCUMENTS = (
    "sale.order",
    "sale.complaint",
    "sale.admin.request",
    "sale.proposal",
    "sale.contract",
    "sale.admin.report.run",
)


@tagged("post_install", "-at_install")
class TestMultiCompany(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        w = cls.world = build_world(cls.env)
        cls.company, cls.company2 = w.company, w.company2
        cls.admin2 = w.roles["admin_company2"]
        cls.manager1 = w.manager
        cls.manager2 = new_test_user(
            cls.env,
            "mc_manager_c2",
            groups="sales_admin_base.group_sales_admin_manager",
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )
        w.order.action_confirm()

    def _as(self, user, model):
        return self.env[model].with_user(user).with_company(user.company_id)

    def _company1_documents(self):
        """More of customer A's documents in company 1 (what company 2 must not notice)."""
        w = self.world
        self.env["sale.order"].create(
            {
                "partner_id": w.customer_a.id,
                "order_line": [Command.create({"product_id": w.product.id})],
            }
        )
        self.env["sale.complaint"].create(
            {
                "subject": "Another one",
                "partner_id": w.customer_a.id,
                "company_id": w.company.id,
                "product_ids": [Command.set(w.product.ids)],
            }
        )
        self.env["sale.admin.request"].with_user(w.rep).create(
            {
                "subject": "About the customer",
                "type_id": w.records["sale.admin.request.type"].id,
                "res_model": "res.partner",
                "res_id": w.customer_a.id,
            }
        )
        self.env.invalidate_all()

    # ------------------------------------------------------------------ links across companies
    def test_every_link_our_addons_add_checks_the_company(self):
        """A record of a company links only to records of its company (or shared ones): every
        stored link our addons add from a model with a company to one with a company has
        `check_company`, but where the company follows the link (a line's document, a run's
        definition) or the server alone writes it (a protected field)."""
        # links the users write, without check_company, for a reason stated here
        reasons = {
            # Odoo's payment refuses a method of another journal
            ("sale.admin.phone.payment", "payment_method_line_id"),
        }
        unchecked = []
        for name in sorted(self.env.registry):
            model = self.env[name]
            if model._abstract or "company_id" not in model._fields:
                continue
            follows = (model._fields["company_id"].related or "").split(".")[0]
            protected = getattr(model, "_get_protected_fields", lambda: ())()
            for fname, field in sorted(model._fields.items()):
                if (
                    field.type not in ("many2one", "many2many")
                    or not field.store
                    or field._module not in OUR_MODULES
                    or "company_id" not in self.env[field.comodel_name]._fields
                    or field.comodel_name in ("res.company", "res.partner", "res.users")
                    or field.check_company
                    or fname in (follows, "company_id")
                    or (name, fname) in reasons
                ):
                    continue
                # on a sale.order.line, Odoo's protected fields are another thing (locked orders)
                if fname in protected and field.model_name != "sale.order.line":
                    continue
                if model._transient and model._fields["company_id"].compute:
                    # a dialog's company comes from the document it is opened on
                    continue
                unchecked.append(f"{name}.{fname}")
        self.assertEqual(unchecked, [])

    def test_a_complaint_takes_no_root_cause_stage_or_category_of_another_company(self):
        """The sales admin of both companies, in company 1's complaint and SLA policy, cannot pick
        company 2's root cause, stage or category; a shared one is fine."""
        admin = new_test_user(
            self.env,
            "mc_admin_both",
            groups="sales_admin_base.group_sales_admin_user",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | self.company2).ids)],
        )
        both = {"allowed_company_ids": (self.company | self.company2).ids}
        complaint = self.world.records["sale.complaint"].with_user(admin).with_context(**both)
        policy = self.world.records["sale.complaint.sla"].with_user(admin).with_context(**both)
        other = {"company_id": self.company2.id}
        cause2 = self.env["sale.complaint.root.cause"].create({"name": "Company 2", **other})
        stage2 = self.env["sale.complaint.stage"].create({"name": "Company 2 stage", **other})
        category2 = self.env["sale.complaint.category"].create({"name": "C2", **other})
        policy = policy.with_user(self.manager1)
        for record, values in (
            (complaint, {"root_cause_id": cause2.id}),
            (complaint, {"stage_id": stage2.id}),
            (policy, {"category_ids": [Command.link(category2.id)]}),
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                record.write(values)
        shared = self.env["sale.complaint.root.cause"].create({"name": "Everywhere"})
        complaint.write({"root_cause_id": shared.id})
        self.assertEqual(complaint.root_cause_id, shared)

    # ------------------------------------------------------------------ lists and groups

    def test_lists_and_groups_show_only_the_users_company(self):
        for model in DOCUMENTS:
            with self.subTest(model=model):
                Model = self._as(self.admin2, model)
                self.assertFalse(Model.search([]).filtered(lambda r: r.company_id == self.company))
                groups = Model._read_group([], ["company_id"], ["__count"])
                self.assertNotIn(self.company, [company for company, _count in groups])
                # the same question asked by company 1's manager does see company 1
                mine = self._as(self.manager1, model)._read_group([], ["company_id"], ["__count"])
                self.assertIn(self.company, [company for company, _count in mine])

    # ------------------------------------------------------------------ cockpit counters

    def _team_counts(self, manager):
        tiles = (
            self.env["sale.admin.cockpit.tile"]
            .with_user(manager)
            .with_company(manager.company_id)
            .with_context(cockpit_admin_id=False)
            .search([])
        )
        return {tile.name: tile.count for tile in tiles}

    def test_cockpit_counters_ignore_the_other_company(self):
        before2, before1 = self._team_counts(self.manager2), self._team_counts(self.manager1)
        self._company1_documents()
        after2, after1 = self._team_counts(self.manager2), self._team_counts(self.manager1)
        self.assertEqual(after2, before2)
        self.assertNotEqual(after1, before1, "company 1's manager counts the new documents")

    # ------------------------------------------------------------------ smart buttons

    def test_smart_buttons_on_a_shared_customer_count_only_the_users_company(self):
        w = self.world
        self._company1_documents()
        fields_ = (
            "complaint_count",
            "sale_contract_count",
            "sales_admin_request_count",
            "sales_admin_open_complaint_count",
            "sales_admin_quotation_count",
            "sales_admin_open_order_count",
        )
        for user, expect_some in ((self.admin2, False), (self.manager1, True)):
            self.env.invalidate_all()  # one request per user: no figures cached for another
            partner = w.customer_a.with_user(user).with_company(user.company_id)
            for name in fields_:
                with self.subTest(user=user.login, field=name):
                    self.assertEqual(bool(partner[name]), expect_some, f"{user.login}: {name}")
            product = w.product.product_tmpl_id.with_user(user).with_company(user.company_id)
            self.assertEqual(bool(product.complaint_count), expect_some)

    # ------------------------------------------------------------------ reports

    def test_report_figures_of_a_company_ignore_the_others_sales(self):
        Kpi = self.env["sale.admin.report.kpi"]
        today = date.today()
        period = (today.replace(day=1), today)
        self.assertGreater(Kpi._period_kpis(self.company, *period)["revenue"], 0)
        kpis2 = Kpi._period_kpis(self.company2, *period)
        # customers are shared: their completeness is measured against company 2's own settings
        kpis2.pop("incomplete_customers_rate", None)
        self.assertFalse(
            {key: value for key, value in kpis2.items() if isinstance(value, int | float) and value}
        )
        self.assertFalse(Kpi._has_activity({"kpis": kpis2}))

    # ------------------------------------------------------------------ crons

    def test_sla_policies_apply_only_in_their_company(self):
        self.env["sale.complaint.sla"].create(
            {"name": "Company 1: every complaint", "company_id": self.company.id}
        )
        customer2 = self.env["res.partner"].create({"name": "Company 2 customer"})
        complaint2 = self.env["sale.complaint"].create(
            {
                "subject": "Company 2",
                "partner_id": customer2.id,
                "company_id": self.company2.id,
            }
        )
        # as the scheduler runs it, inside the test transaction: called directly, the cron's
        # batches commit as soon as any open complaint's SLA flags are due for a refresh
        with self.enter_registry_test_mode():
            self.env.ref("sales_admin_base.ir_cron_sale_complaint_sla").method_direct_trigger()
        self.assertFalse(complaint2.sla_policy_id)

    def test_escalations_climb_their_own_companys_ladder(self):
        Level = self.env["sale.admin.escalation.level"]
        Level.search([]).active = False  # shared and demo levels: one ladder per company here
        for company, manager in ((self.company, self.manager1), (self.company2, self.manager2)):
            Level.create({"name": "Head", "sequence": 1, "company_id": company.id})
            Level.create(
                {"name": "Boss", "sequence": 2, "company_id": company.id, "user_id": manager.id}
            )
        request = (
            self.env["sale.admin.request"]
            .with_company(self.company2)
            .create(
                {
                    "subject": "Company 2 problem",
                    "type_id": self.env["sale.admin.request.type"]
                    .create({"name": "Company 2 question", "company_id": self.company2.id})
                    .id,
                    "company_id": self.company2.id,
                    "requester_id": self.admin2.id,
                }
            )
        )
        request._escalate("Please decide")
        self.assertIn(self.manager2, request.escalation_ids.user_id)
        self.assertNotIn(self.manager1, request.escalation_ids.user_id)
        self.assertIn(request.escalation_level_id.company_id.id, (self.company2.id, False))
        self.assertFalse(
            self.env["sale.admin.request"]
            .with_user(self.manager1)
            .search([("id", "=", request.id)])
        )

    def test_data_quality_digest_goes_only_to_the_companys_admins(self):
        w = self.world
        self.company.sales_admin_required_partner_fields = "vat"
        shared = self.env["res.partner"].create(
            {"name": "Shared Incomplete Ltd", "is_company": True, "sales_admin_id": self.admin2.id}
        )
        by_admin = self.env["res.partner"]._sales_admin_data_quality_digest(self.company)
        self.assertNotIn(self.admin2, by_admin, "company 1's digest went to company 2's admin")
        self.assertIn(w.admin, by_admin)
        listed = [partner for lists in by_admin.values() for partner in lists[0]]
        self.assertNotIn(shared, listed)
