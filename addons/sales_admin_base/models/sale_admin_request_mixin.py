from odoo import api, fields, models

from .sale_admin_request import OPEN_STATES


class SaleAdminRequestMixin(models.AbstractModel):
    """Gives a business document the "Ask Sales Admin" button, a smart button and a request count.

    A model only has to inherit this mixin (and show the buttons in its form view); requests
    point back to it by model name and record id.
    """

    _name = "sale.admin.request.mixin"
    _description = "Sales Admin Request Source"

    sales_admin_request_count = fields.Integer(
        string="Sales Admin Requests",
        compute="_compute_sales_admin_request_count",
        groups="sales_team.group_sale_salesman",  # who may read requests
    )

    # === COMPUTE METHODS === #
    def _compute_sales_admin_request_count(self):
        counts = dict(
            self.env["sale.admin.request"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                groupby=["res_id"],
                aggregates=["__count"],
            )
        )
        for record in self:
            record.sales_admin_request_count = counts.get(record.id, 0)

    # === ACTION METHODS === #
    def action_sales_admin_request_new(self):
        """Open a prefilled request form in a dialog."""
        self.ensure_one()
        self.check_access("read")
        self.env["sale.admin.request"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ask Sales Admin"),
            "res_model": "sale.admin.request",
            "view_mode": "form",
            "views": [
                (self.env.ref("sales_admin_base.sale_admin_request_view_form_ask").id, "form")
            ],
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_company_id": self._sales_admin_request_company().id,
                "default_subject": self.display_name,
                "dialog_size": "large",
            },
        }

    def action_view_sales_admin_requests(self):
        self.ensure_one()
        self.check_access("read")
        self.env["sale.admin.request"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.sale_admin_request_action_source"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {
            "default_res_model": self._name,
            "default_res_id": self.id,
            "default_company_id": self._sales_admin_request_company().id,
        }
        return action

    # === BUSINESS METHODS === #
    def _sales_admin_request_partner(self):
        """The customer the request is about (commercial entity), if the document has one."""
        self.ensure_one()
        if "partner_id" in self._fields:
            return self.partner_id.commercial_partner_id
        return self.env["res.partner"]

    def _sales_admin_request_admin(self):
        """The sales admin who answers requests about this document: the customer's by default."""
        self.ensure_one()
        return self._sales_admin_request_partner().sales_admin_id

    def _sales_admin_request_company(self):
        self.ensure_one()
        if "company_id" in self._fields and self.company_id:
            return self.company_id
        return self.env.company

    def _sales_admin_request_default_type(self):
        """The request type used when this document raises an escalation by itself."""
        return self.env.ref(
            "sales_admin_base.sale_admin_request_type_customer_issue", raise_if_not_found=False
        ) or self.env["sale.admin.request.type"].search([], limit=1)

    @api.private
    def _sales_admin_escalate(self, summary, proposed_decision=False, request_type=None):
        """Escalate automatically about this document (e.g. a complaint breaching its SLA).

        Reuses the document's open request if any (left as is when already escalated), else
        raises one of ``request_type`` (default: the document's default type). Does nothing when
        the type does not escalate automatically. Returns the escalated request (or an empty
        recordset).
        """
        self.ensure_one()
        Request = self.env["sale.admin.request"]
        request_type = request_type or self._sales_admin_request_default_type()
        if not request_type.auto_escalate:
            return Request
        request = Request.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("state", "in", OPEN_STATES),
            ],
            order="id desc",
            limit=1,
        )
        if request.state == "escalated":
            return request  # already with management; the ladder's targets take over
        if not request:
            request = Request.create(
                {
                    "subject": summary.splitlines()[0][:120] if summary else self.display_name,
                    "type_id": request_type.id,
                    "res_model": self._name,
                    "res_id": self.id,
                    "company_id": self._sales_admin_request_company().id,
                    "priority": "2",
                }
            )
        request._escalate(summary, proposed_decision=proposed_decision, automatic=True)
        return request
