from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common_requests import SaleAdminRequestCommon


@tagged("post_install", "-at_install")
class TestSaleAdminRequestAssignment(SaleAdminRequestCommon):
    def test_request_goes_to_the_customers_responsible_admin(self):
        request = self._request(self.rep, source=self.order)
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.sales_admin_id, self.admin2)
        self.assertFalse(request.assigned_by_rotation)

    def test_request_on_an_order_goes_to_the_admin_processing_the_order(self):
        self.order.sales_admin_id = self.admin1
        request = self._request(self.rep, source=self.order)
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.sales_admin_id, self.admin1)

    def test_round_robin_assigns_admins_in_turn_by_user_order(self):
        # the company's sales admins, in id order: admin1, admin2, manager (implied admin)
        requests = [self._request(self.rep) for _i in range(4)]
        self.assertEqual(
            [request.sales_admin_id for request in requests],
            [self.admin1, self.admin2, self.manager, self.admin1],
        )
        self.assertTrue(all(request.assigned_by_rotation for request in requests))

    def test_round_robin_only_picks_admins_of_the_requests_company(self):
        outsider = new_test_user(
            self.env, "rq_outsider_admin", groups="sales_admin_base.group_sales_admin_user"
        )
        admins = {self._request(self.rep).sales_admin_id for _i in range(4)}
        self.assertNotIn(outsider, admins)
        self.assertEqual(admins, {self.admin1, self.admin2, self.manager})

    def test_round_robin_in_one_batch_create(self):
        requests = self.env["sale.admin.request"].create(
            [
                {
                    "subject": f"Batch {i}",
                    "type_id": self.type_pricing.id,
                    "company_id": self.company.id,
                    "requester_id": self.rep.id,
                }
                for i in range(4)
            ]
        )
        self.assertEqual(
            [request.sales_admin_id for request in requests],
            [self.admin1, self.admin2, self.manager, self.admin1],
        )

    def test_customer_assignments_do_not_move_the_rotation(self):
        first = self._request(self.rep)
        self._request(self.rep, source=self.order)  # goes to admin2, the customer's admin
        second = self._request(self.rep)
        self.assertEqual(first.sales_admin_id, self.admin1)
        self.assertEqual(second.sales_admin_id, self.admin2)

    def test_assigning_to_a_user_without_the_admin_group_is_refused(self):
        request = self._request(self.rep)
        with self.assertRaisesRegex(ValidationError, "is not a sales admin"):
            request.sales_admin_id = self.other_rep

    def test_requester_from_another_company_is_refused(self):
        stranger = self.env.ref("sales_admin_base.user_sales_rep")
        with self.assertRaisesRegex(ValidationError, "does not work for Requests Test Co"):
            self._request(requester_id=stranger.id)

    def test_references_are_numbered_per_company(self):
        first = self._request(self.rep)
        second = self._request(self.rep)
        main = self.env["sale.admin.request"].create(
            {
                "subject": "Main company",
                "type_id": self.type_pricing.id,
                "requester_id": self.env.ref("sales_admin_base.user_sales_rep").id,
                "company_id": self.env.ref("base.main_company").id,
            }
        )
        self.assertTrue(first.name.startswith("REQ/") and first.name.endswith("/0001"), first.name)
        self.assertTrue(second.name.endswith("/0002"), second.name)
        self.assertFalse(main.name.endswith("/0003"), "the main company keeps its own numbering")
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "sale.admin.request"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(sequence), 1)

    def test_due_date_follows_the_request_type(self):
        with freeze_time("2026-03-02 09:00:00"):
            request = self._request(self.rep, type_id=self.type_process.id)
        self.assertEqual(str(request.date_due), "2026-03-12")


@tagged("post_install", "-at_install")
class TestSaleAdminRequestMixin(SaleAdminRequestCommon):
    def test_ask_sales_admin_on_an_order_opens_a_prefilled_request(self):
        order = self.order.with_user(self.rep)
        action = order.action_sales_admin_request_new()
        self.assertEqual(action["res_model"], "sale.admin.request")
        self.assertEqual(action["target"], "new")
        form = Form(
            self.env["sale.admin.request"]
            .with_user(self.rep)
            .with_context(**action["context"], allowed_company_ids=self.company.ids)
        )
        form.type_id = self.type_pricing
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.sales_admin_id, self.admin2)
        request = form.save()
        self.assertEqual(request.source_reference, self.order)
        self.assertEqual(request.requester_id, self.rep)
        self.assertEqual(request.subject, self.order.display_name)
        self.assertEqual(order.sales_admin_request_count, 1)
        smart = order.action_view_sales_admin_requests()
        self.assertEqual(self.env["sale.admin.request"].search(smart["domain"]), request)

    def test_sending_a_request_tells_the_rep_who_received_it(self):
        action = self.order.with_user(self.rep).action_sales_admin_request_new()
        view = self.env.ref("sales_admin_base.sale_admin_request_view_form_ask")
        self.assertEqual(action["views"], [(view.id, "form")])
        arch = self.env["sale.admin.request"].with_user(self.rep).get_view(view.id)["arch"]
        self.assertIn('name="action_send_request"', arch, "the dialog's Send button")
        request = self._request(self.rep, source=self.order)
        sent = request.with_user(self.rep).action_send_request()
        self.assertEqual(sent["tag"], "display_notification")
        self.assertEqual(
            sent["params"]["message"], f"Request {request.name} sent to {self.admin2.name}."
        )
        self.assertEqual(sent["params"]["next"], {"type": "ir.actions.act_window_close"})

    def test_a_request_nobody_is_assigned_to_says_it_waits_on_the_desk(self):
        request = self._request(self.rep, source=self.order)
        request.sudo().sales_admin_id = False
        message = request.with_user(self.rep).action_send_request()["params"]["message"]
        self.assertIn("No sales admin is assigned yet", message)

    def test_another_rep_cannot_hear_about_a_request_he_cannot_read(self):
        request = self._request(self.rep, source=self.order)
        with self.assertRaises(AccessError):
            request.with_user(self.other_rep).action_send_request()

    def test_ask_sales_admin_on_a_contact_raises_it_for_the_customer(self):
        request = self._request(self.rep, source=self.contact)
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.sales_admin_id, self.admin2)
        self.assertEqual(self.contact.sales_admin_request_count, 1)
        self.assertEqual(self.customer.sales_admin_request_count, 0)

    def test_counts_of_many_sources_take_one_query(self):
        orders = self.order | self.order.copy() | self.order.copy()
        for order in orders:
            self._request(self.rep, source=order)
        self._request(self.rep, source=orders[0])
        orders.invalidate_recordset(["sales_admin_request_count"])
        with self.assertQueryCount(1):
            counts = orders.mapped("sales_admin_request_count")
        self.assertEqual(counts, [2, 1, 1])

    def test_source_is_searchable_by_reference_and_by_name(self):
        on_order = self._request(self.rep, source=self.order)
        on_customer = self._request(self.rep, source=self.customer)
        Request = self.env["sale.admin.request"]
        self.assertEqual(
            Request.search([("source_reference", "=", f"sale.order,{self.order.id}")]), on_order
        )
        self.assertEqual(Request.search([("source_reference", "in", [self.customer])]), on_customer)
        self.assertEqual(
            Request.search([("source_reference", "ilike", "Request Customer Ltd")]), on_customer
        )
        self.assertEqual(Request.search([("source_reference", "ilike", self.order.name)]), on_order)

    def test_rep_opens_orders_customers_and_requests_with_the_new_buttons(self):
        request = self._request(self.rep, source=self.order)
        for record in (self.order, self.customer, request):
            form = Form(
                record.with_user(self.rep).with_context(allowed_company_ids=self.company.ids)
            )
            if record != request:
                self.assertEqual(form.sales_admin_request_count, 1 if record == self.order else 0)
        arch = self.env["sale.order"].with_user(self.rep).get_view(view_type="form")["arch"]
        self.assertIn('name="action_sales_admin_request_new"', arch)
        self.assertIn('name="action_view_sales_admin_requests"', arch)
        arch = self.env["res.partner"].with_user(self.rep).get_view(view_type="form")["arch"]
        self.assertIn('name="action_sales_admin_request_new"', arch)

    def test_sources_are_the_models_with_the_mixin(self):
        models = dict(self.env["sale.admin.request"]._selection_source_model())
        self.assertIn("sale.order", models)
        self.assertIn("res.partner", models)
        with self.assertRaisesRegex(ValidationError, "cannot be raised about"):
            self._request(res_model="res.country", res_id=self.env.ref("base.lv").id)

    def test_asking_about_a_document_one_cannot_read_is_refused(self):
        other_order = self.order.copy({"partner_id": self.other_customer.id, "user_id": False})
        other_order.user_id = self.other_rep
        with self.assertRaises(AccessError):
            self._request(self.rep, source=other_order)


@tagged("post_install", "-at_install")
class TestSaleAdminRequestLifecycle(SaleAdminRequestCommon):
    def test_resolving_without_resolution_is_refused(self):
        request = self._request(self.rep)
        with self.assertRaisesRegex(UserError, "Write the resolution"):
            request.with_user(self.admin1).action_resolve()
        self.assertEqual(request.state, "new")

    def test_response_and_resolution_times_are_kept(self):
        with freeze_time("2026-03-02 09:00:00"):
            request = self._request(self.rep)
        with freeze_time("2026-03-02 11:30:00"):
            request.with_user(self.admin1).action_start()
        with freeze_time("2026-03-03 09:00:00"):
            request.resolution = "<p>Agreed 10% for this order only.</p>"
            request.with_user(self.admin1).action_resolve()
            request.with_user(self.admin1).action_close()
        self.assertEqual(request.state, "closed")
        self.assertAlmostEqual(request.first_response_hours, 2.5)
        self.assertAlmostEqual(request.resolution_hours, 24.0)
        self.assertFalse(request.date_level_deadline, "the admin answered in time")

    def test_reps_cannot_work_on_requests(self):
        request = self._request(self.rep)
        with self.assertRaises(AccessError):
            request.with_user(self.rep).action_start()

    def test_only_process_problems_become_process_improvements(self):
        request = self._request(self.rep)
        with self.assertRaisesRegex(ValidationError, "internal process problem"):
            request.write(
                {
                    "is_process_improvement": True,
                    "improvement_owner_id": self.admin1.id,
                    "date_improvement_target": "2026-04-01",
                }
            )

    def test_process_improvement_needs_an_owner_and_a_target_date(self):
        request = self._request(self.rep, type_id=self.type_process.id)
        with self.assertRaisesRegex(ValidationError, "owner and a target date"):
            request.write({"is_process_improvement": True, "improvement_owner_id": self.admin1.id})
        request.write(
            {
                "is_process_improvement": True,
                "improvement_owner_id": self.admin1.id,
                "date_improvement_target": "2026-04-01",
            }
        )
        self.assertIn(
            request,
            self.env["sale.admin.request"].search([("is_process_improvement", "=", True)]),
        )
        todo = request.activity_ids.filtered(lambda a: a.summary.startswith("Process improvement"))
        self.assertEqual(todo.user_id, self.admin1)
        self.assertEqual(str(todo.date_deadline), "2026-04-01")

    def test_reps_cannot_change_the_progress_of_a_request_by_hand(self):
        request = self._request(self.rep)
        for vals in (
            {"state": "closed"},
            {"decision": "Approved by me"},
            {"date_level_deadline": False},
        ):
            with self.assertRaises(AccessError):
                request.with_user(self.rep).write(vals)
        with self.assertRaises(AccessError):
            self._request(self.rep, state="resolved")
        request.with_user(self.rep).write({"priority": "2", "subject": "Urgent now"})
        self.assertEqual(request.state, "new")

    def test_only_a_manager_deletes_and_only_unescalated_requests(self):
        plain = self._request(self.rep)
        escalated = self._request(self.rep)
        escalated.with_user(self.admin1)._escalate("Customer blocks the order")
        with self.assertRaises(AccessError):
            plain.with_user(self.rep).unlink()
        with self.assertRaises(AccessError):
            plain.with_user(self.admin1).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            escalated.with_user(self.manager).unlink()
        plain.with_user(self.manager).unlink()
        self.assertFalse(plain.exists())
        self.assertTrue(escalated.exists())
