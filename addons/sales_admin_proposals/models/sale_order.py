from odoo import api, fields, models

from .sale_contract_clause import SIGNED_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------ contracts (issue 7)

    sale_contract_ids = fields.One2many(
        "sale.contract", "order_id", string="Contracts", groups="sales_team.group_sale_salesman"
    )
    sale_contract_count = fields.Integer(
        compute="_compute_sale_contract_count",
        string="Contract Count",
        groups="sales_team.group_sale_salesman",
    )

    @api.depends("sale_contract_ids")
    def _compute_sale_contract_count(self):
        counts = dict(
            self.env["sale.contract"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.sale_contract_count = counts.get(order._origin, 0)

    def action_confirm(self):
        res = super().action_confirm()
        self._sales_admin_create_automatic_contracts()
        return res

    def _sales_admin_create_automatic_contracts(self):
        Template = self.env["sale.contract.template"]
        orders = self.filtered(
            lambda order: Template._company_uses(order.company_id.id, "auto_create")
            and not order._sales_admin_contracts()
            and Template._find_for_order(order).auto_create
        )
        if orders:
            self.env["sale.contract"]._create_from_orders(orders)

    def _sales_admin_contract_required(self):
        """True when the order's template asks for a contract, or a contract is in progress."""
        self.ensure_one()
        active_contracts = self._sales_admin_contracts().filtered(lambda c: c.state != "terminated")
        Template = self.env["sale.contract.template"]
        return bool(active_contracts) or (
            Template._company_uses(self.company_id.id, "contract_required")
            and Template._find_for_order(self).contract_required
        )

    def _sales_admin_contract_signed(self):
        """For the order desk checklist: True when no contract is required or the required one is
        signed by the customer."""
        self.ensure_one()
        if not self._sales_admin_contract_required():
            return True
        return any(
            contract.state in SIGNED_STATES[:-1] for contract in self._sales_admin_contracts()
        )

    def _sales_admin_contracts(self):
        # sudo: the checklist and automatic drafting must see the order's contracts whoever
        # confirms or checks the order; only their states are used
        return self.env["sale.contract"].sudo().search([("order_id", "in", self.ids)])

    def action_sales_admin_create_contract(self):
        self.ensure_one()
        contract = self.env["sale.contract"]._create_from_orders(self)
        return contract._get_records_action(name=self.env._("Contract"))

    def action_view_sale_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_proposals.sale_contract_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
