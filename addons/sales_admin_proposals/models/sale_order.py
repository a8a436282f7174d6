from odoo import api, fields, models
from odoo.tools import SQL

from .sale_contract_clause import SIGNED_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sale_contract_ids = fields.One2many(
        "sale.contract", "order_id", string="Contracts", groups="sales_team.group_sale_salesman"
    )
    # The inverse of sale.proposal.order_id: the proposals store their quotation's currency
    # and amounts, and with this field the ORM finds the proposals of a changed order in its
    # cache (empty for a new order) instead of searching them (bench_overhead).
    sale_proposal_ids = fields.One2many(
        "sale.proposal", "order_id", string="Proposals", groups="sales_team.group_sale_salesman"
    )
    sale_contract_count = fields.Integer(
        compute="_compute_sale_contract_count",
        string="Contract Count",
        groups="sales_team.group_sale_salesman",
    )

    # === COMPUTE METHODS === #
    @api.depends("sale_contract_ids")
    def _compute_sale_contract_count(self):
        counts = dict(
            self.env["sale.contract"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.sale_contract_count = counts.get(order._origin, 0)

    # === ACTION METHODS === #
    def action_confirm(self):
        res = super().action_confirm()
        self._sales_admin_create_automatic_contracts()
        return res

    def action_sales_admin_create_contract(self):
        self.ensure_one()
        contract = self.env["sale.contract"]._create_from_orders(self)
        return contract._get_records_action(name=self.env._("Contract"))

    def action_view_sale_contracts(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_proposals.sale_contract_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # === BUSINESS METHODS === #
    def _sales_admin_create_automatic_contracts(self):
        Template = self.env["sale.contract.template"]
        candidates = self.filtered(
            lambda order: Template._company_uses(order.company_id.id, "auto_create")
        )
        if not candidates:
            return
        templates = Template._find_for_orders(candidates)
        with_contract = candidates._sales_admin_contracts().order_id
        orders = candidates.filtered(
            lambda order: order not in with_contract and templates[order].auto_create
        )
        if orders:
            self.env["sale.contract"]._create_from_orders(orders)

    def _sales_admin_checklist_facts_sql(self):
        self.env["sale.contract"].flush_model(["order_id", "state"])
        return {
            **super()._sales_admin_checklist_facts_sql(),
            "contract_states": SQL(
                "ARRAY(SELECT DISTINCT contract.state FROM sale_contract contract"
                " WHERE contract.order_id = so.id)"
            ),
        }

    def _sales_admin_orders_missing_contract(self, facts=None):
        """For the order desk checklist: the orders among these whose template asks for a
        contract, or with a contract in progress, and no contract signed by the customer. The
        contracts' states come with the checklist's facts; templates are searched only when a
        company has templates requiring contracts."""
        if facts is None:
            facts = self._sales_admin_checklist_facts()
        Template = self.env["sale.contract.template"]
        requiring = self.filtered(
            lambda order: Template._company_uses(order.company_id.id, "contract_required")
        )
        templates = Template._find_for_orders(requiring) if requiring else {}
        missing = self.browse()
        for order in self:
            states = set((facts.get(order._origin.id) or {}).get("contract_states") or ())
            required = bool(states - {"terminated"}) or bool(
                order in requiring and templates[order].contract_required
            )
            if required and not states & set(SIGNED_STATES[:-1]):
                missing |= order
        return missing

    def _sales_admin_contracts(self):
        # sudo: the checklist and automatic drafting must see the order's contracts whoever
        # confirms or checks the order; only their states are used
        return self.env["sale.contract"].sudo().search([("order_id", "in", self.ids)])
