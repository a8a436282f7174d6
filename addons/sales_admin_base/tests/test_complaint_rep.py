from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..models.sale_complaint import HANDLING_FIELDS
from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintRep(ComplaintCommon):
    """A rep logs a complaint for his customer, saves it and corrects it while it is new; how it
    is handled stays with the sales admins."""

    def _logged_by_rep(self, **values):
        complaint = (
            self.env["sale.complaint"]
            .with_user(self.rep)
            .create(
                {
                    "subject": "Wrong colour",
                    "partner_id": self.customer.id,
                    "channel": "sales_rep",
                    **values,
                }
            )
        )
        complaint.flush_recordset()
        return complaint

    def test_the_rep_saves_a_new_complaint_from_the_form_and_corrects_it(self):
        view = self.env.ref("sales_admin_base.sale_complaint_view_form")
        arch = etree.fromstring(
            self.env["sale.complaint"].with_user(self.rep).get_view(view.id)["arch"]
        )
        self.assertNotIn(arch.get("edit"), ("0", "false", "False"), "Odoo shows Save")
        Complaint = self.env["sale.complaint"].with_user(self.rep)
        with Form(Complaint) as form:
            form.subject = "Wrong colour"
            form.partner_id = self.customer
        complaint = form.record
        self.assertEqual(complaint.create_uid, self.rep)
        with Form(complaint) as form:
            form.subject = "Wrong colour: 2 chairs"
            form.category_id = self.category
        self.assertEqual(complaint.subject, "Wrong colour: 2 chairs")
        self.assertEqual(complaint.category_id, self.category)

    def test_correcting_the_customer_recomputes_the_responsible_admin(self):
        complaint = self._logged_by_rep()
        self.assertEqual(complaint.sales_admin_id, self.admin)
        admin2 = self._new_user("cmp_admin2", role="sales_admin")
        other = self.env["res.partner"].create(
            {"name": "Rep's Other Co", "user_id": self.rep.id, "sales_admin_id": admin2.id}
        )
        with Form(complaint.with_user(self.rep)) as form:
            form.partner_id = other
        self.assertEqual(complaint.sales_admin_id, admin2)

    def test_the_rep_never_changes_how_a_complaint_is_handled(self):
        complaint = self._logged_by_rep()
        closed = self._stage("sale_complaint_stage_closed")
        for values in (
            {"stage_id": closed.id},
            {"sales_admin_id": self.rep.id},
            {"resolution": "<p>Settled</p>"},
            {"date_first_response": "2026-01-01 10:00:00"},
            {"sla_policy_id": False},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                complaint.with_user(self.rep).write(values)
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep).action_close()
        self.assertFalse(complaint.is_closed)

    def test_the_rep_cannot_correct_once_the_admin_answered(self):
        complaint = self._logged_by_rep()
        complaint.with_user(self.admin).message_post(
            body="We look into it.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(complaint.date_first_response)
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep).write({"subject": "Too late"})

    def test_the_rep_cannot_correct_a_complaint_someone_else_logged(self):
        complaint = self._complaint()
        self.assertEqual(complaint.user_id, self.rep, "his customer's: he reads it")
        self.assertEqual(complaint.with_user(self.rep).subject, "Broken chairs")
        with self.assertRaises(AccessError):
            complaint.with_user(self.rep).write({"subject": "Changed"})
        mine = self._logged_by_rep()
        with self.assertRaises(AccessError):
            mine.with_user(self.other_rep).write({"subject": "Changed"})

    def test_the_reps_first_answer_to_the_customer_counts_as_the_first_response(self):
        complaint = self._logged_by_rep()
        complaint.with_user(self.rep).message_post(
            body="We replace them.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(complaint.date_first_response)

    def test_the_complaint_never_creates_a_sale_order_or_an_invoice(self):
        view = self.env.ref("sales_admin_base.sale_complaint_view_form")
        arch = etree.fromstring(
            self.env["sale.complaint"].with_user(self.rep).get_view(view.id)["arch"]
        )
        for name in ("sale_order_ids", "sale_line_ids", "invoice_ids", "product_ids"):
            [field] = arch.xpath(f"//field[@name='{name}']")
            self.assertIn("'no_create': True", field.get("options", ""), name)

    def test_the_rep_sees_the_handling_fields_read_only(self):
        view = self.env.ref("sales_admin_base.sale_complaint_view_form")
        arch = etree.fromstring(
            self.env["sale.complaint"].with_user(self.rep).get_view(view.id)["arch"]
        )
        for name in ("stage_id", "sales_admin_id", "sla_policy_id"):
            [field] = arch.xpath(f"//field[@name='{name}']")
            self.assertIn(field.get("readonly"), ("1", "True"), name)
        arch = etree.fromstring(
            self.env["sale.complaint"].with_user(self.admin).get_view(view.id)["arch"]
        )
        [stage] = arch.xpath("//field[@name='stage_id']")
        self.assertNotIn(stage.get("readonly"), ("1", "True"))

    def test_the_rep_never_creates_a_complaint_already_handled(self):
        root_cause = self.env["sale.complaint.root.cause"].create({"name": "Packing"})
        company2 = self.env["res.company"].create({"name": "Rep's Second Company"})
        self.rep.company_ids |= company2
        for values in (
            {"stage_id": self._stage("sale_complaint_stage_in_progress").id},
            {"stage_id": self._stage("sale_complaint_stage_closed").id},
            {"sales_admin_id": self.rep.id},
            {"resolution": "<p>Settled</p>"},
            {"root_cause_id": root_cause.id},
            {"corrective_action": "Replaced"},
            {"preventive_action": "Better boxes"},
            {"is_unknown_customer": True},
            {"active": False},
            {"company_id": company2.id},
            {"sla_policy_id": self.sla.id},
            {"date_open": "2026-01-01 10:00:00"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                self._logged_by_rep(**values)
        self.assertFalse(
            self.env["sale.complaint"].search([("create_uid", "=", self.rep.id)]),
            "nothing was created",
        )

    def test_the_rep_creates_with_the_handling_values_the_server_sets_itself(self):
        # what a form showing these fields sends back untouched: defaults and computed values
        complaint = self._logged_by_rep(
            stage_id=self._stage("sale_complaint_stage_new").id,
            sales_admin_id=self.admin.id,
            company_id=self.env.company.id,
            active=True,
            is_unknown_customer=False,
            root_cause_id=False,
            corrective_action=False,
            preventive_action="",
            resolution="<p><br></p>",
        )
        self.assertEqual(complaint.stage_id, self._stage("sale_complaint_stage_new"))
        self.assertEqual(complaint.sales_admin_id, self.admin)
        self.assertEqual(complaint.user_id, self.rep)

    def test_a_default_stage_from_the_context_is_no_way_for_the_rep_to_set_it(self):
        closed = self._stage("sale_complaint_stage_closed")
        complaint = (
            self.env["sale.complaint"]
            .with_user(self.rep)
            .with_context(default_stage_id=closed.id, default_sales_admin_id=self.rep.id)
            .create({"subject": "From a kanban column", "partner_id": self.customer.id})
        )
        self.assertEqual(complaint.stage_id, self._stage("sale_complaint_stage_new"))
        self.assertEqual(complaint.sales_admin_id, self.admin)

    def test_the_reps_form_sends_no_handling_field(self):
        with Form(self.env["sale.complaint"].with_user(self.rep)) as form:
            form.subject = "Wrong colour"
            form.partner_id = self.customer
            sent = form._get_save_values()
        self.assertFalse(set(sent) & HANDLING_FIELDS, sent)
        described = (
            self.env["sale.complaint"].with_user(self.rep).fields_get(attributes=["readonly"])
        )
        for name in ("resolution", "root_cause_id", "corrective_action", "company_id"):
            self.assertTrue(described[name]["readonly"], name)
        self.assertFalse(described["subject"]["readonly"])
        complaint = form.record
        self.assertEqual(complaint.stage_id, self._stage("sale_complaint_stage_new"))
        self.assertEqual(complaint.sales_admin_id, self.admin)

    def test_the_admin_and_the_manager_create_complaints_already_handled(self):
        in_progress = self._stage("sale_complaint_stage_in_progress")
        for user in (self.admin, self.manager):
            with self.subTest(user=user.login):
                complaint = (
                    self.env["sale.complaint"]
                    .with_user(user)
                    .create(
                        {
                            "subject": "Handled at once",
                            "partner_id": self.customer.id,
                            "stage_id": in_progress.id,
                            "sales_admin_id": user.id,
                            "corrective_action": "Replaced",
                        }
                    )
                )
                self.assertEqual(complaint.stage_id, in_progress)
                self.assertEqual(complaint.sales_admin_id, user)
                self.assertEqual(complaint.corrective_action, "Replaced")

    def test_a_handled_complaint_is_duplicated_as_a_new_one(self):
        root_cause = self.env["sale.complaint.root.cause"].create({"name": "Packing"})
        complaint = self._complaint(
            user_id=self.rep.id,
            sales_admin_id=self.manager.id,
            stage_id=self._stage("sale_complaint_stage_in_progress").id,
            root_cause_id=root_cause.id,
            corrective_action="Replaced",
            preventive_action="Better boxes",
            resolution="<p>Replaced</p>",
        )
        duplicate = complaint.with_user(self.rep).copy()
        self.assertEqual(duplicate.create_uid, self.rep)
        self.assertEqual(duplicate.stage_id, self._stage("sale_complaint_stage_new"))
        self.assertEqual(duplicate.sales_admin_id, self.admin, "the customer's admin")
        self.assertTrue(complaint.sla_policy_id)
        self.assertEqual(duplicate.sla_policy_id, complaint.sla_policy_id)
        self.assertTrue(complaint.with_user(self.admin).copy(), "the admin duplicates it too")
        self.assertFalse(duplicate.root_cause_id)
        self.assertFalse(duplicate.corrective_action or duplicate.preventive_action)
        self.assertFalse(duplicate.resolution)

    def test_a_rep_duplicates_a_complaint_from_an_unknown_sender(self):
        complaint = self._complaint(user_id=self.rep.id, is_unknown_customer=True)
        duplicate = complaint.with_user(self.rep).copy()
        self.assertFalse(duplicate.is_unknown_customer)
        self.assertTrue(complaint.is_unknown_customer)
