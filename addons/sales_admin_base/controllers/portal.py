from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.sale_complaint import PORTAL_DESCRIPTION_MAX_LENGTH


class ComplaintPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            complaints = request.env["sale.complaint"]
            values["complaint_count"] = (
                complaints.search_count([]) if complaints.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["sale.complaint"]
        total = Complaint.search_count([])
        pager = portal_pager(
            url="/my/complaints", total=total, page=page, step=self._items_per_page
        )
        complaints = Complaint.search(
            [], order="date_open desc, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "pager": pager,
                "page_name": "complaint",
                "default_url": "/my/complaints",
            }
        )
        return request.render("sales_admin_base.portal_my_complaints", values)

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "sale.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"complaint": complaint_sudo, "object": complaint_sudo, "page_name": "complaint"},
            "my_complaints_history",
            False,
        )
        values["can_rate"] = complaint_sudo._can_be_rated_by(request.env.user.partner_id)
        deadline = not complaint_sudo.is_closed and complaint_sudo.date_resolution_deadline
        values["answer_due"] = deadline
        values["answer_late"] = bool(deadline and deadline < fields.Datetime.now())
        # a visitor without an account (e-mailed link) reads the dates in the customer's timezone
        values["customer_tz"] = request.env.user._is_public() and complaint_sudo.partner_id.tz
        return request.render("sales_admin_base.portal_my_complaint", values)

    def _complaint_form_values(self, error=None, form=None):
        partner = request.env.user.partner_id.commercial_partner_id
        # portal users read their own orders and invoices through the standard portal rules
        orders = request.env["sale.order"].search(
            [("partner_id", "child_of", partner.id), ("state", "=", "sale")]
        )
        invoices = request.env["account.move"].search(
            [
                ("partner_id", "child_of", partner.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "orders": orders,
                "invoices": invoices,
                "error": error,
                "form": form or {},
                "description_max_length": PORTAL_DESCRIPTION_MAX_LENGTH,
                "page_name": "complaint_new",
            }
        )
        return values

    @http.route("/my/complaints/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_complaint_new(self, **kw):
        return request.render(
            "sales_admin_base.portal_complaint_new", self._complaint_form_values()
        )

    @http.route("/my/complaints/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_complaint_submit(
        self, subject="", description="", order_id=None, invoice_id=None, **kw
    ):
        Complaint = request.env["sale.complaint"]
        try:
            order = request.env["sale.order"].browse(int(order_id) if order_id else [])
            invoice = request.env["account.move"].browse(int(invoice_id) if invoice_id else [])
            Complaint._check_portal_complaint(subject, order, invoice, description)
        except ValueError:
            error = request.env._("Please choose the order and the invoice from the lists.")
        except UserError as exception:
            error = exception.args[0]
        else:
            complaint = Complaint._create_from_portal(subject, description, order, invoice)
            return request.redirect(complaint.get_portal_url())
        form = {
            "subject": subject,
            "description": description,
            "order_id": order_id,
            "invoice_id": invoice_id,
        }
        return request.render(
            "sales_admin_base.portal_complaint_new", self._complaint_form_values(error, form)
        )

    @http.route(
        "/my/complaints/<int:complaint_id>/rate",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_complaint_rate(self, complaint_id, rating=0, feedback="", access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "sale.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            rate = int(rating)
        except ValueError:
            rate = 0
        complaint_sudo._rate_by_customer(request.env.user.partner_id, rate, feedback)
        return request.redirect(complaint_sudo.get_portal_url())
