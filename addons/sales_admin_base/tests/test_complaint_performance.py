from odoo.tests import tagged

from .complaint_common import ComplaintCommon

LIST_SPECIFICATION = {
    "priority": {},
    "name": {},
    "subject": {},
    "commercial_partner_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "sales_admin_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "date_open": {},
    "date_resolution_deadline": {},
    "sla_status": {},
    "stage_id": {"fields": {"display_name": {}}},
    "remedy_type": {},
    "remedy_cost": {},
    "company_currency_id": {"fields": {}},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "sla_breached": {},
    "sla_at_risk": {},
    "is_closed": {},
}


@tagged("post_install", "-at_install")
class TestComplaintListQueries(ComplaintCommon):
    def _load_list(self, complaints):
        """The first page of the list view, as the web client asks for it (a full page)."""
        return (
            self.env["sale.complaint"]
            .with_user(self.admin)
            .web_search_read(
                [("id", "in", complaints.ids)], LIST_SPECIFICATION, limit=len(complaints)
            )
        )

    def test_complaint_list_queries_do_not_grow_with_the_records(self):
        customers = self.env["res.partner"].create(
            [{"name": f"List customer {i}", "sales_admin_id": self.admin.id} for i in range(20)]
        )
        complaints = self.env["sale.complaint"].create(
            [
                {
                    "subject": f"List {i}",
                    "partner_id": customers[i % 20].id,
                    "category_id": self.category.id,
                }
                for i in range(80)
            ]
        )
        complaints[::2].activity_schedule("mail.mail_activity_data_todo", user_id=self.admin.id)
        self._load_list(complaints[:5])  # warm-up: caches of the first call
        for subset in (complaints[:10], complaints):
            self.env.invalidate_all()
            with self.assertQueryCount(__system__=12):
                result = self._load_list(subset)
            self.assertEqual(result["length"], len(subset))
