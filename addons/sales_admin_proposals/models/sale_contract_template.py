from odoo import api, fields, models, tools
from odoo.fields import Domain


class SaleContractTemplate(models.Model):
    """An ordered set of library clauses, for a company and optionally for some product
    categories or customer tags; the most specific matching template is used for an order."""

    _name = "sale.contract.template"
    _description = "Contract Template"
    _inherit = ["sale.contract.placeholder.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    intro = fields.Html(
        string="Preamble",
        sanitize_style=True,
        help="Opening text of the contract; placeholders such as {{ customer.name }} are allowed.",
    )
    line_ids = fields.One2many(
        "sale.contract.template.line", "template_id", string="Clauses", copy=True
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Use this template only for orders with a product in one of these categories "
        "(or their subcategories). Empty: any order.",
    )
    partner_tag_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="Use this template only for customers with one of these tags. Empty: any customer.",
    )
    contract_required = fields.Boolean(
        help="Orders matching this template need a signed contract before they are processed.",
    )
    auto_create = fields.Boolean(
        string="Create on Confirmation",
        help="Draft the contract automatically when a matching order is confirmed.",
    )
    duration_months = fields.Integer(string="Duration (months)", default=12)
    renewal_notice_days = fields.Integer(default=30)

    # === SQL CONSTRAINTS === #
    _duration_positive = models.Constraint(
        "CHECK(duration_months >= 0 AND renewal_notice_days >= 0)",
        "Duration and renewal notice cannot be negative.",
    )

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("intro")
    def _check_intro_placeholders(self):
        for template in self:
            template._placeholder_check_text(
                template.intro, self.env._("The preamble of “%s”", template.name)
            )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        self.env.registry.clear_cache()  # _company_uses
        return templates

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # _company_uses
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _company_uses
        return res

    # === BUSINESS METHODS === #
    @api.model
    @tools.ormcache("company_id", "flag")
    def _company_uses(self, company_id, flag):
        """Whether an active template of the company sets ``flag`` (``contract_required`` or
        ``auto_create``). Cached: the order desk checklist asks on every recomputation (confirm,
        invoice, payment), and most companies have no such template (bench_overhead)."""
        # sudo: a yes/no on configuration; a yes only lets _find_for_order do its own search
        return bool(
            self.sudo().search_count([("company_id", "=", company_id), (flag, "=", True)], limit=1)
        )

    @api.model
    def _find_for_order(self, order):
        """The most specific active template of the order's company matching its products and
        customer, or an empty recordset."""
        return self._find_for_orders(order)[order]

    def _find_for_orders(self, orders):
        """{order: its template (see _find_for_order)}, with one search for all these orders."""
        templates = self.search(Domain("company_id", "in", orders.company_id.ids))

        def matches(template, order):
            if template.company_id != order.company_id:
                return False
            partner = order.partner_id.commercial_partner_id
            if template.partner_tag_ids and not template.partner_tag_ids & partner.category_id:
                return False
            if template.product_categ_ids:
                wanted = tuple(c.parent_path for c in template.product_categ_ids)
                return any(
                    categ.parent_path.startswith(wanted)
                    for categ in order.order_line.product_id.categ_id
                )
            return True

        def best(order):
            candidates = templates.filtered(lambda template: matches(template, order))
            return candidates.sorted(
                lambda t: (-bool(t.partner_tag_ids) - bool(t.product_categ_ids), t.sequence, t.id)
            )[:1]

        return {order: best(order) for order in orders}
