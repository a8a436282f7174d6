import logging

from lxml import etree

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import (
    email_normalize,
    email_normalize_all,
    formataddr,
    html2plaintext,
    is_html_empty,
    plaintext2html,
)

_logger = logging.getLogger(__name__)

PRIORITIES = [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Critical")]
SLA_RISK_RATIO = 0.8  # a complaint is "at risk" once 80% of a target is used
# what a customer may type in the portal's "Details" box: a few pages of text, not a file
PORTAL_DESCRIPTION_MAX_LENGTH = 10000
LOW_RATING = 2  # a rating of 1 or 2 (out of 5) reopens a closed complaint, once
SLA_STATUS_FIELDS = [
    "response_breached",
    "resolution_breached",
    "sla_breached",
    "sla_at_risk",
    "sla_status",
]
# What the sales admin decides: a rep who may correct his new complaint never writes these.
HANDLING_FIELDS = frozenset(
    {
        "sales_admin_id",
        "stage_id",
        "sla_policy_id",
        "date_open",
        "date_closed",
        "reopen_count",
        "date_first_response",
        "paused_hours",
        "date_paused",
        "root_cause_id",
        "corrective_action",
        "preventive_action",
        "resolution",
        "no_financial_remedy",
        "is_unknown_customer",
        "active",
        "company_id",
    }
)


class SaleComplaint(models.Model):
    """A customer complaint: who complains about which sale documents, how fast we answer
    (SLA), what we give back (remedy) and why it happened (root cause)."""

    _name = "sale.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "rating.mixin",
        "sale.admin.request.mixin",
        "sale.admin.protected.mixin",
        "sale.admin.portal.mixin",
    ]
    _order = "priority desc, id desc"
    _check_company_auto = True
    _primary_email = "email_from"
    _mail_post_access = "read"  # whoever may read a complaint may discuss it

    # the SLA clock and figures, the closing and reopening, the remedy: written by the stage
    # changes, the messages and the remedy wizard, never directly
    _protected_fields = (
        "date_open",
        "date_closed",
        "reopen_count",
        "is_reopened_by_rating",
        "is_closed",
        "is_waiting_customer",
        "sla_policy_id",
        "date_response_deadline",
        "date_resolution_deadline",
        "date_response_risk",
        "date_resolution_risk",
        "date_first_response",
        "first_response_hours",
        "paused_hours",
        "date_paused",
        *SLA_STATUS_FIELDS,
        "no_financial_remedy",
        "remedy_type",
        "has_posted_remedy",
        "remedy_cost",
        "needs_review",
    )
    # what the customer's portal pages show (the complaint page, its list and its chatter)
    _portal_fields = (
        "name",
        "subject",
        "active",
        "partner_id",
        "commercial_partner_id",
        "company_id",
        "stage_id",
        "is_closed",
        "is_waiting_customer",
        "date_open",
        "date_closed",
        "date_resolution_deadline",
        "description",
        "resolution",
        "sale_order_ids",
        "invoice_ids",
        "sales_admin_id",
        "email_from",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="New", index=True
    )
    subject = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    color = fields.Integer()
    # who complains
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        check_company=True,
        help="The customer or the contact who complains.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer Entity", store=True, index=True
    )
    email_from = fields.Char(
        string="Email",
        compute="_compute_email_from",
        store=True,
        readonly=False,
        index="trigram",
    )
    is_unknown_customer = fields.Boolean(
        string="Unknown Customer",
        help="Created from an email whose sender matches no customer.",
        tracking=True,
        copy=False,  # a duplicate is made by someone who knows whom it is about
    )
    needs_review = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="Set when a mail from the customer also went to addresses outside the customer and "
        "our company: check that the customer sent it before answering.",
    )
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("phone", "Phone"),
            ("portal", "Portal"),
            ("sales_rep", "Sales Rep"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
    )
    # what about
    category_id = fields.Many2one("sale.complaint.category", tracking=True, check_company=True)
    priority = fields.Selection(PRIORITIES, default="0", required=True, tracking=True)
    description = fields.Html(sanitize=True)
    sale_order_ids = fields.Many2many(
        "sale.order",
        "sale_complaint_sale_order_rel",
        string="Sale Orders",
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
    )
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        string="Order Lines",
        check_company=True,
        domain="[('order_id', 'in', sale_order_ids)]",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "sale_complaint_account_move_rel",
        string="Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', commercial_partner_id)]",
    )
    product_ids = fields.Many2many(
        "product.product", "sale_complaint_product_rel", string="Products", check_company=True
    )
    # who handles it
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        domain=[("share", "=", False)],
        index="btree_not_null",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    sales_admin_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        copy=False,  # the copy's own, computed as for any new complaint
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="The sales admin handling the complaint; defaults to the customer's sales admin.",
    )
    # where it stands
    stage_id = fields.Many2one(
        "sale.complaint.stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        copy=False,
        group_expand="_read_group_stage_ids",
        ondelete="restrict",
        check_company=True,
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    is_waiting_customer = fields.Boolean(related="stage_id.is_waiting_customer", store=True)
    date_open = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, copy=False
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    is_reopened_by_rating = fields.Boolean(
        string="Reopened After a Low Rating",
        readonly=True,
        copy=False,
        help="A low rating of the customer reopened the complaint; another one leaves it closed "
        "and tells the responsible admin.",
    )
    # what we learnt
    # what we learnt from one complaint is not copied to another (a rep may duplicate it)
    root_cause_id = fields.Many2one(
        "sale.complaint.root.cause", tracking=True, copy=False, check_company=True
    )
    corrective_action = fields.Text(
        copy=False, help="What was done to fix this customer's problem."
    )
    preventive_action = fields.Text(
        copy=False, help="What changes so that it does not happen again."
    )
    resolution = fields.Html(
        sanitize=True, copy=False, help="What the customer is told about the outcome."
    )
    # SLA
    sla_policy_id = fields.Many2one(
        "sale.complaint.sla",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        readonly=False,
        copy=False,  # the copy's own, computed as for any new complaint
        check_company=True,
    )
    date_response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, string="First Response Deadline"
    )
    date_resolution_deadline = fields.Datetime(
        string="Resolution Deadline", compute="_compute_sla_deadlines", store=True
    )
    date_response_risk = fields.Datetime(
        string="Response Risk Date", compute="_compute_sla_deadlines", store=True
    )
    date_resolution_risk = fields.Datetime(
        string="Resolution Risk Date", compute="_compute_sla_deadlines", store=True
    )
    date_first_response = fields.Datetime(string="First Response Date", readonly=True, copy=False)
    first_response_hours = fields.Float(
        string="First Response Time (working hours)",
        compute="_compute_first_response_hours",
        store=True,
        aggregator="avg",
    )
    paused_hours = fields.Float(
        string="Time Paused (working hours)", readonly=True, copy=False, aggregator="avg"
    )
    date_paused = fields.Datetime(string="Paused Since", readonly=True, copy=False)
    response_breached = fields.Boolean(compute="_compute_sla_status", store=True)
    resolution_breached = fields.Boolean(compute="_compute_sla_status", store=True)
    sla_breached = fields.Boolean(string="SLA Breached", compute="_compute_sla_status", store=True)
    sla_at_risk = fields.Boolean(string="SLA at Risk", compute="_compute_sla_status", store=True)
    sla_status = fields.Selection(
        [
            ("none", "No SLA"),
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("breached", "Breached"),
            ("paused", "Paused"),
            ("met", "Met"),
        ],
        string="SLA Status",
        compute="_compute_sla_status",
        store=True,
    )
    # remedy
    no_financial_remedy = fields.Boolean(tracking=True, copy=False)
    credit_note_ids = fields.One2many("account.move", "complaint_id", string="Credit Notes")
    replacement_order_ids = fields.One2many(
        "sale.order", "complaint_id", string="Replacement Orders"
    )
    remedy_type = fields.Selection(
        [
            ("pending", "To Decide"),
            ("credit_note", "Credit Note"),
            ("replacement", "Replacement"),
            ("both", "Credit Note and Replacement"),
            ("none", "No Financial Remedy"),
        ],
        compute="_compute_remedy",
        store=True,
    )
    has_posted_remedy = fields.Boolean(compute="_compute_remedy", store=True)
    remedy_cost = fields.Monetary(
        currency_field="company_currency_id",
        compute="_compute_remedy",
        store=True,
        help="Untaxed amount of the posted credit notes plus the cost of the confirmed "
        "replacement goods, in company currency.",
    )
    credit_note_count = fields.Integer(compute="_compute_remedy_counts")
    replacement_count = fields.Integer(compute="_compute_remedy_counts")

    # === SQL CONSTRAINTS === #
    # the lists' default order: the first page is read from the index, not sorted (bench_load)
    _priority_id_idx = models.Index("(priority DESC, id DESC)")

    # === COMPUTE METHODS === #
    @api.depends("partner_id.email")
    def _compute_email_from(self):
        for complaint in self:
            if complaint.partner_id.email:
                complaint.email_from = complaint.partner_id.email

    @api.depends("partner_id", "sale_order_ids")
    def _compute_user_id(self):
        for complaint in self:
            user = complaint.sale_order_ids[:1].user_id or complaint.commercial_partner_id.user_id
            if user or not complaint.user_id:
                complaint.user_id = user or complaint.user_id or complaint._current_sales_rep()

    @api.depends("user_id", "sale_order_ids")
    def _compute_team_id(self):
        for complaint in self:
            team = complaint.sale_order_ids[:1].team_id or complaint.user_id.sale_team_id
            if team:
                complaint.team_id = team

    @api.depends("partner_id", "category_id")
    def _compute_sales_admin_id(self):
        for complaint in self:
            admin = complaint.commercial_partner_id.sales_admin_id or complaint.category_id.user_id
            if admin or not complaint.sales_admin_id:
                complaint.sales_admin_id = admin

    @api.depends("company_id", "team_id")
    def _compute_stage_id(self):
        # one stage search per company and team, not per complaint (batch creation by the gateway)
        first_stage = {}
        for complaint in self.filtered(lambda c: not c.stage_id):
            key = (complaint.company_id, complaint.team_id)
            if key not in first_stage:
                first_stage[key] = complaint._first_open_stage()
            complaint.stage_id = first_stage[key]

    @api.depends("category_id", "priority", "partner_id.category_id", "company_id")
    def _compute_sla_policy_id(self):
        policies = self.env["sale.complaint.sla"].search(
            [("company_id", "in", self.company_id.ids)]
        )
        for complaint in self:
            matching = policies.filtered(
                lambda policy, complaint=complaint: policy.company_id == complaint.company_id
                and policy._matches(complaint)
            )
            complaint.sla_policy_id = matching[:1] or complaint.category_id.sla_policy_id

    @api.depends(
        "sla_policy_id.calendar_id",
        "sla_policy_id.response_hours",
        "sla_policy_id.resolution_hours",
        "date_open",
        "paused_hours",
    )
    def _compute_sla_deadlines(self):
        planned = {}  # complaints received together share their deadlines: plan each once

        def plan(calendar, hours, start):
            key = (calendar.id, hours, start)
            if key not in planned:
                planned[key] = calendar.plan_hours(hours, start, compute_leaves=True) or False
            return planned[key]

        for complaint in self:
            policy = complaint.sla_policy_id
            calendar = policy.calendar_id or complaint.company_id.resource_calendar_id
            if not policy or not calendar or not complaint.date_open:
                complaint.update(
                    {
                        "date_response_deadline": False,
                        "date_resolution_deadline": False,
                        "date_response_risk": False,
                        "date_resolution_risk": False,
                    }
                )
                continue
            start, paused = complaint.date_open, complaint.paused_hours
            complaint.update(
                {
                    "date_response_deadline": plan(calendar, policy.response_hours + paused, start),
                    "date_resolution_deadline": plan(
                        calendar, policy.resolution_hours + paused, start
                    ),
                    "date_response_risk": plan(
                        calendar, policy.response_hours * SLA_RISK_RATIO + paused, start
                    ),
                    "date_resolution_risk": plan(
                        calendar, policy.resolution_hours * SLA_RISK_RATIO + paused, start
                    ),
                }
            )

    @api.depends("date_first_response", "date_open", "sla_policy_id.calendar_id")
    def _compute_first_response_hours(self):
        for complaint in self:
            calendar = (
                complaint.sla_policy_id.calendar_id or complaint.company_id.resource_calendar_id
            )
            if complaint.date_first_response and calendar:
                complaint.first_response_hours = calendar.get_work_hours_count(
                    complaint.date_open, complaint.date_first_response
                )
            else:
                complaint.first_response_hours = 0.0

    @api.depends(
        "date_response_deadline",
        "date_resolution_deadline",
        "date_response_risk",
        "date_resolution_risk",
        "date_first_response",
        "date_closed",
        "date_paused",
        "is_closed",
    )
    def _compute_sla_status(self):
        """Time-dependent: recomputed when the complaint changes and by the SLA cron."""
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.date_paused:
                # the clock stands still while we wait on the customer: keep the flags as they are
                complaint.update(
                    {
                        "response_breached": complaint.response_breached,
                        "resolution_breached": complaint.resolution_breached,
                        "sla_breached": complaint.sla_breached,
                        "sla_at_risk": complaint.sla_at_risk,
                        "sla_status": "paused",
                    }
                )
                continue
            if not complaint.date_resolution_deadline:
                complaint.update(
                    {
                        "response_breached": False,
                        "resolution_breached": False,
                        "sla_breached": False,
                        "sla_at_risk": False,
                        "sla_status": "none",
                    }
                )
                continue
            end = (complaint.is_closed and complaint.date_closed) or now
            response_at = complaint.date_first_response or end
            response_breached = response_at > complaint.date_response_deadline
            resolution_breached = end > complaint.date_resolution_deadline
            breached = response_breached or resolution_breached
            at_risk = (
                not breached
                and not complaint.is_closed
                and (
                    end >= complaint.date_resolution_risk
                    or (not complaint.date_first_response and end >= complaint.date_response_risk)
                )
            )
            if breached:
                status = "breached"
            elif complaint.is_closed:
                status = "met"
            else:
                status = "at_risk" if at_risk else "on_track"
            complaint.update(
                {
                    "response_breached": response_breached,
                    "resolution_breached": resolution_breached,
                    "sla_breached": breached,
                    "sla_at_risk": at_risk,
                    "sla_status": status,
                }
            )

    @api.depends(
        "no_financial_remedy",
        "credit_note_ids.state",
        "credit_note_ids.amount_untaxed_signed",
        "replacement_order_ids.state",
        "replacement_order_ids.order_line.product_uom_qty",
    )
    def _compute_remedy(self):
        for complaint in self:
            credit_notes = complaint.credit_note_ids.filtered(lambda move: move.state == "posted")
            replacements = complaint.replacement_order_ids.filtered(
                lambda order: order.state == "sale"
            )
            if complaint.credit_note_ids and complaint.replacement_order_ids:
                remedy_type = "both"
            elif complaint.credit_note_ids:
                remedy_type = "credit_note"
            elif complaint.replacement_order_ids:
                remedy_type = "replacement"
            else:
                remedy_type = "none" if complaint.no_financial_remedy else "pending"
            goods_cost = sum(
                line.product_id.with_company(complaint.company_id).standard_price
                * line.product_uom_qty
                for line in replacements.order_line
            )
            complaint.update(
                {
                    "remedy_type": remedy_type,
                    "has_posted_remedy": bool(credit_notes or replacements),
                    # credit notes are negative in company currency: the cost is their opposite
                    "remedy_cost": -sum(credit_notes.mapped("amount_untaxed_signed")) + goods_cost,
                }
            )

    def _compute_remedy_counts(self):
        for complaint in self:
            complaint.credit_note_count = len(complaint.credit_note_ids)
            complaint.replacement_count = len(complaint.replacement_order_ids)

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("partner_id", "email_from", "is_unknown_customer", "channel")
    def _check_customer_or_email(self):
        for complaint in self:
            if not (complaint.partner_id or complaint.email_from or complaint.is_unknown_customer):
                raise ValidationError(
                    self.env._("A complaint needs a customer or at least an email address.")
                )

    @api.constrains("invoice_ids", "sale_order_ids", "partner_id")
    def _check_documents_belong_to_customer(self):
        for complaint in self.filtered("commercial_partner_id"):
            customer = complaint.commercial_partner_id
            foreign = [
                *complaint.invoice_ids.filtered(
                    lambda move, customer=customer: move.commercial_partner_id != customer
                ).mapped("display_name"),
                *complaint.sale_order_ids.filtered(
                    lambda order, customer=customer: order.partner_id.commercial_partner_id
                    != customer
                ).mapped("display_name"),
            ]
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(documents)s do not belong to %(customer)s.",
                        documents=", ".join(foreign),
                        customer=customer.display_name,
                    )
                )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        Complaint = self
        if not self._may_handle():
            # a rep: the server sets how the complaint is handled, as the form shows it
            Complaint = self._without_handling_defaults()
            vals_list = Complaint._strip_unchanged_handling(vals_list)
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self._next_reference(company)
        complaints = super(SaleComplaint, Complaint).create(vals_list).with_env(self.env)
        closed = complaints.filtered(lambda c: c.is_closed and not c.date_closed)
        closed._check_can_close()
        closed._write_workflow({"date_closed": fields.Datetime.now()})
        complaints.filtered("is_waiting_customer")._pause_sla()
        complaints._subscribe_customer()
        return complaints

    def write(self, vals):
        self._check_handling_write(vals)
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["sale.complaint.stage"].browse(vals["stage_id"])
        closing = self.filtered(lambda c: not c.is_closed) if stage.is_closed else self.browse()
        reopening = self.filtered("is_closed") if not stage.is_closed else self.browse()
        resuming = self.filtered("date_paused") if not stage.is_waiting_customer else self.browse()
        pausing = (
            self.filtered(lambda c: not c.date_paused)
            if stage.is_waiting_customer
            else self.browse()
        )
        if closing and set(vals) - {"stage_id"}:
            # the closing rules look at the values written together with the stage
            super().write({fname: value for fname, value in vals.items() if fname != "stage_id"})
        closing._check_can_close()
        resuming._resume_sla()
        result = super().write(vals)
        closing._write_workflow({"date_closed": fields.Datetime.now()})
        for complaint in reopening:
            complaint._write_workflow(
                {"date_closed": False, "reopen_count": complaint.reopen_count + 1}
            )
        pausing._pause_sla()
        return result

    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        result = super().get_view(view_id, view_type, **options)
        if view_type != "kanban" or self._may_handle():
            return result
        # the board is by stage, which only a sales admin moves: a rep's cards stay where they
        # are rather than being dropped into a column and refused (per user: not in the cached
        # view)
        arch = etree.fromstring(result["arch"])
        group_by = arch.get("default_group_by")
        movable = group_by in self._fields and (
            self.has_access("write") and self._has_field_access(self._fields[group_by], "write")
        )
        if not movable:
            arch.set("records_draggable", "0")
            result["arch"] = etree.tostring(arch, encoding="unicode")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_remedy(self):
        if self.filtered(lambda c: c.credit_note_ids or c.replacement_order_ids):
            raise UserError(
                self.env._(
                    "A complaint with a credit note or a replacement order cannot be deleted: "
                    "archive it instead."
                )
            )

    # === ACTION METHODS === #
    def action_take(self):
        """Assign the complaints to the current user."""
        self.check_access("write")
        return self.write({"sales_admin_id": self.env.uid})

    def action_set_no_financial_remedy(self):
        self.check_access("write")
        return self._write_workflow({"no_financial_remedy": True})

    def action_open_remedy_wizard(self):
        self.ensure_one()
        self.check_access("read")
        self.env["sale.complaint.remedy"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Remedy for %s", self.name),
            "res_model": "sale.complaint.remedy",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_close(self):
        """Move the complaints to the first closed stage (rules checked on write)."""
        self.check_access("write")
        for complaint in self:
            stage = complaint._stages_domain_for(Domain("is_closed", "=", True))
            if not stage:
                raise UserError(self.env._("No closed stage is configured for complaints."))
            complaint.stage_id = stage
        return True

    def action_reopen(self):
        self.check_access("write")
        for complaint in self:
            complaint.stage_id = complaint._first_open_stage()
        return True

    def action_mark_reviewed(self):
        """The admin checked the copied addresses of the customer's mail."""
        self.env.user._check_sales_admin(
            self.env._("Only a sales admin can mark a complaint as reviewed.")
        )
        self.check_access("write")
        self._write_workflow({"needs_review": False})
        return True

    def action_view_credit_notes(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_refund_type"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_refund", "create": False}
        return action

    def action_view_replacements(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations")
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # === BUSINESS METHODS === #
    @api.model
    def _may_handle(self):
        """Whether the current user decides how complaints are handled (the sales admins)."""
        return self.env.su or self.env.user._is_sales_admin()

    @api.model
    def _handling_fields(self):
        """The handling fields the sales admins write (the others are the workflow's)."""
        return HANDLING_FIELDS - self._get_protected_fields()

    @api.model
    def _is_refused_handling_write(self, field, operation):
        """Whether this is a rep writing a handling field (read-only in his form, refused over
        RPC)."""
        return (
            operation == "write"
            and field.name in self._handling_fields()
            and not self._may_handle()
        )

    @api.model
    def _has_field_access(self, field, operation):
        if self._is_refused_handling_write(field, operation):
            return False
        return super()._has_field_access(field, operation)

    @api.model
    def _check_field_access(self, field, operation):
        if self._is_refused_handling_write(field, operation):
            self._refuse_handling([field.name])
        return super()._check_field_access(field, operation)

    def _check_handling_write(self, vals):
        """A rep may correct the complaint he logged while it is new (record rules); how it is
        handled (responsible, stage, SLA, resolution) stays with the sales admins."""
        if self and not self._may_handle():
            self._refuse_handling(set(vals) & HANDLING_FIELDS)

    @api.model
    def _refuse_handling(self, field_names):
        if field_names:
            raise AccessError(
                self.env._(
                    "Only a sales admin may change how a complaint is handled (%(fields)s).",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(field_names)
                    ),
                )
            )

    @api.model
    def _without_handling_defaults(self):
        """This model without the handling fields' defaults from the context (a kanban column,
        an action): for a rep, the server sets them as for any new complaint."""
        handling = self._handling_fields()
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[len("default_") :] in handling)
        }
        return self.with_env(self.env(context=context))

    @api.model
    def _strip_unchanged_handling(self, vals_list):
        """The values a rep creates complaints with, without the handling fields that only repeat
        what the server sets by itself (the form sends the defaults and computed values back).
        Any other value of a handling field stays, and is refused."""
        handling = self._handling_fields()
        stripped = []
        for vals in vals_list:
            given = handling.intersection(vals)
            if not given:
                stripped.append(vals)
                continue
            others = {name: value for name, value in vals.items() if name not in given}
            server = self.new(self._add_missing_default_values(others))
            changed = {
                name: vals[name] for name in given if not server._is_server_value(name, vals[name])
            }
            stripped.append({**others, **changed})
        return stripped

    def _is_server_value(self, field_name, value):
        """Whether ``value`` (as given to ``create``) is this new record's own value."""
        self.ensure_one()
        field = self._fields[field_name]
        given = field.convert_to_record(field.convert_to_cache(value, self), self)
        own = self[field_name]
        if field.type == "html":
            return (is_html_empty(given) and is_html_empty(own)) or given == own
        return given == own or (not given and not own)

    def _current_sales_rep(self):
        """A sales rep who registers a complaint is its salesperson."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_salesman") and not user._is_sales_admin():
            return user
        return self.env["res.users"]

    @api.model
    def _next_reference(self, company):
        return company._sales_admin_next_number(
            "sale.complaint",
            self.env._("Complaints (%s)", company.name),
            "CMP/%(year)s/",
            padding=5,
        )

    def _stages_domain_for(self, extra_domain):
        self.ensure_one()
        domain = (
            Domain("company_id", "in", [False, self.company_id.id])
            & (Domain("team_ids", "=", False) | Domain("team_ids", "in", self.team_id.ids or [0]))
            & extra_domain
        )
        return self.env["sale.complaint.stage"].search(domain, limit=1)

    def _first_open_stage(self):
        return self._stages_domain_for(
            Domain("is_closed", "=", False) & Domain("is_waiting_customer", "=", False)
        )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search(
            Domain("id", "in", stages.ids)
            | (
                Domain("fold", "=", False)
                & Domain("company_id", "in", [False, *self.env.companies.ids])
            )
        )

    def _check_can_close(self):
        for complaint in self:
            if is_html_empty(complaint.resolution):
                raise UserError(
                    self.env._(
                        "Complaint %s cannot be closed without a resolution: tell what the "
                        "customer was told.",
                        complaint.name,
                    )
                )
            if not (complaint.has_posted_remedy or complaint.no_financial_remedy):
                raise UserError(
                    self.env._(
                        "Complaint %s cannot be closed yet: post a remedy (credit note or "
                        "confirmed replacement) or record that there is no financial remedy.",
                        complaint.name,
                    )
                )

    def _sla_calendar(self):
        self.ensure_one()
        return self.sla_policy_id.calendar_id or self.company_id.resource_calendar_id

    def _pause_sla(self):
        self._write_workflow({"date_paused": fields.Datetime.now()})

    def _resume_sla(self):
        now = fields.Datetime.now()
        for complaint in self:
            calendar = complaint._sla_calendar()
            paused = calendar.get_work_hours_count(complaint.date_paused, now) if calendar else 0
            complaint._write_workflow(
                {"paused_hours": complaint.paused_hours + paused, "date_paused": False}
            )

    def _subscribe_customer(self):
        for complaint in self.filtered("partner_id"):
            # sudo: the customer follows their complaint, whoever registered it (reps may not write)
            complaint.sudo().message_subscribe(partner_ids=complaint.partner_id.ids)

    @api.model
    def _sla_refresh_domain(self):
        """Open, running complaints whose stored SLA flags are out of date."""
        now = fields.Datetime.now()
        no_response = Domain("date_first_response", "=", False)
        return (
            Domain("is_closed", "=", False)
            & Domain("date_paused", "=", False)
            & Domain("date_resolution_deadline", "!=", False)
            & (
                (
                    Domain("response_breached", "=", False)
                    & no_response
                    & Domain("date_response_deadline", "<=", now)
                )
                | (
                    Domain("resolution_breached", "=", False)
                    & Domain("date_resolution_deadline", "<=", now)
                )
                | (
                    Domain("sla_at_risk", "=", False)
                    & Domain("sla_breached", "=", False)
                    & (
                        Domain("date_resolution_risk", "<=", now)
                        | (no_response & Domain("date_response_risk", "<=", now))
                    )
                )
            )
        )

    def _refresh_sla_status(self):
        """Recompute the SLA flags of these complaints; hand the newly breached over."""
        was_breached = self.filtered("sla_breached")
        for fname in SLA_STATUS_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset(SLA_STATUS_FIELDS)
        (self.filtered("sla_breached") - was_breached)._on_sla_breached()

    def _on_sla_breached(self):
        """Hook called once per complaint when its SLA becomes breached. Schedules a to-do for
        the responsible admin; escalation features extend it."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "user_id": complaint.sales_admin_id.id,
                    "summary": self.env._("SLA breached on %s", complaint.name),
                    "date_deadline": today,
                }
                for complaint in self.filtered("sales_admin_id")
            ]
        )
        for complaint in self.filtered("category_id.escalate_on_breach"):
            complaint._sales_admin_escalate(
                self.env._(
                    "Complaint %(name)s of %(customer)s breached its SLA.",
                    name=complaint.name,
                    customer=complaint.partner_id.display_name or complaint.email_from,
                ),
                proposed_decision=self.env._(
                    "Decide how to answer the customer and who takes the complaint over."
                ),
            )

    def _sales_admin_request_admin(self):
        # requests about a complaint go to the admin handling it
        return self.sales_admin_id or super()._sales_admin_request_admin()

    @api.model
    def _cron_refresh_sla(self, batch_size=1000):
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self.search(self._sla_refresh_domain(), order="id"),
            lambda complaints: complaints._refresh_sla_status(),
            batch_size,
        )

    def _message_post_after_hook(self, message, msg_values):
        """The first message our staff sends to the customer is the first response; a message
        from the customer while we wait on them sets the complaint running again."""
        if message.message_type in ("comment", "email"):
            from_staff = message.author_id.user_ids.filtered(lambda user: not user.share)
            if from_staff and not message.subtype_id.internal:
                # sudo: the first answer counts whoever sends it, a rep included
                self.filtered(lambda c: not c.date_first_response).sudo()._write_workflow(
                    {"date_first_response": message.date or fields.Datetime.now()}
                )
            elif not from_staff:
                for complaint in self.filtered("is_waiting_customer"):
                    # sudo: a customer's answer moves the complaint on, customers cannot write it
                    complaint.sudo().stage_id = complaint._first_open_stage()
        return super()._message_post_after_hook(message, msg_values)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A complaint for every incoming email: matched to its sender, flagged when the
        sender is unknown, never dropped."""
        if not email_normalize(msg_dict.get("email_from") or "") and not msg_dict.get("author_id"):
            _logger.warning(
                "Complaint email %s has no readable sender; kept as unknown customer.",
                msg_dict.get("message_id"),
            )
        values = {
            "subject": msg_dict.get("subject"),
            "description": msg_dict.get("body") or False,
            "channel": "email",
            "partner_id": msg_dict.get("author_id"),
            "email_from": msg_dict.get("email_from") or False,
            **(custom_values or {}),
        }
        complaint = self._create_from_customer(values, msg_dict=msg_dict)
        complaint._review_outside_recipients(msg_dict)
        return complaint

    def message_update(self, msg_dict, update_vals=None):
        result = super().message_update(msg_dict, update_vals=update_vals)
        sender = self.env["res.partner"].browse(msg_dict.get("author_id")).commercial_partner_id
        if sender:
            self.filtered(
                lambda complaint: complaint.commercial_partner_id == sender
            )._review_outside_recipients(msg_dict)
        return result

    def _message_get_suggested_recipients_batch(
        self,
        reply_discussion=False,
        reply_message=None,
        no_create=True,
        primary_email=False,
        additional_partners=None,
    ):
        """Suggest only the customer's own people, our staff and the partners the user chose:
        never the other addresses a mail copied, which whoever writes as the customer chooses.
        No partner is created for an address that is not suggested."""
        suggested = super()._message_get_suggested_recipients_batch(
            reply_discussion=reply_discussion,
            reply_message=reply_message,
            no_create=True,
            primary_email=primary_email,
            additional_partners=additional_partners,
        )
        chosen = additional_partners or self.env["res.partner"]
        for complaint in self:
            own_emails = {
                email_normalize(address) for address in (complaint.email_from, primary_email)
            } - {False}
            kept = []
            for recipient in suggested[complaint.id]:
                partner = self.env["res.partner"].browse(recipient["partner_id"])
                if recipient["email"] in own_emails or (
                    partner
                    and (
                        partner in chosen
                        or not partner.partner_share
                        or partner.commercial_partner_id == complaint.commercial_partner_id
                    )
                ):
                    kept.append(recipient)
            for recipient in kept:
                if not no_create and not recipient["partner_id"] and recipient["email"]:
                    address = formataddr((recipient["name"] or "", recipient["email"]))
                    partner = complaint._partner_find_from_emails_single([address], no_create=False)
                    recipient["partner_id"] = partner.id
            suggested[complaint.id] = kept
        return suggested

    @api.model
    def _create_from_customer(self, values, msg_dict=None):
        """The one way in for a complaint a customer sends us, by email or on the portal: the
        customer is found from the sender's address when not given (and flagged unknown when not
        found), the complaint is registered and the customer gets an acknowledgement.

        With ``msg_dict`` the mail gateway's own ``message_new`` creates the complaint, so that
        it records the sender and the copied addresses as for any thread.
        """
        email = email_normalize(values.get("email_from") or "") or False
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if not partner and email:
            partner = self.env["res.partner"].search(
                [
                    ("email_normalized", "=", email),
                    ("company_id", "in", [False, self.env.company.id]),
                ],
                limit=1,
            )
        values = {
            **values,
            "name": "New",
            "subject": (values.get("subject") or "").strip() or self.env._("(no subject)"),
            "partner_id": partner.id,
            "is_unknown_customer": not partner,
        }
        Complaint = self.with_context(mail_create_nosubscribe=True)
        if msg_dict is None:
            complaint = Complaint.create(values)
        else:
            complaint = super(SaleComplaint, Complaint).message_new(msg_dict, custom_values=values)
        complaint._send_acknowledgement()
        return complaint

    @api.model
    def _check_portal_complaint(self, subject, order, invoice, description=""):
        """What a portal user files must say something, in a reasonable length, and be about
        their own documents."""
        if not (subject or "").strip():
            raise UserError(self.env._("Please tell us in a few words what went wrong."))
        if len(description or "") > PORTAL_DESCRIPTION_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "Please keep the details under %s characters; attach longer documents to a "
                    "message once the complaint is sent.",
                    PORTAL_DESCRIPTION_MAX_LENGTH,
                )
            )
        customer = self.env.user.partner_id.commercial_partner_id
        # sudo: only the owner of the documents is compared
        if order and order.sudo().exists().partner_id.commercial_partner_id != customer:
            raise UserError(self.env._("This order is not one of yours."))
        if invoice and invoice.sudo().exists().commercial_partner_id != customer:
            raise UserError(self.env._("This invoice is not one of yours."))
        return True

    @api.model
    def _create_from_portal(self, subject, description, order, invoice):
        """The complaint a portal user files about their own order or invoice; the details are
        plain text, stored escaped as the complaint's description."""
        self._check_portal_complaint(subject, order, invoice, description)
        details = (description or "").strip()
        user = self.env.user
        # sudo: portal users may not create complaints; the documents were checked against their
        # own commercial entity just above
        return self.sudo()._create_from_customer(
            {
                "subject": subject,
                "description": plaintext2html(details) if details else False,
                "partner_id": user.partner_id.id,
                "company_id": (order.company_id or user.company_id).id,
                "channel": "portal",
                "sale_order_ids": order.ids,
                "invoice_ids": invoice.ids,
            }
        )

    def _review_outside_recipients(self, msg_dict):
        """Flag a customer's complaint for review when the customer's mail also went to outside
        addresses: a sender's address proves nothing, and the copied people must not get our
        answers unchecked. The responsible admin is told why in the chatter and a to-do."""
        addresses = email_normalize_all(
            ",".join(filter(None, (msg_dict.get("to"), msg_dict.get("cc"))))
        )
        for complaint in self.filtered("commercial_partner_id"):
            outside = complaint._outside_addresses(addresses)
            if not outside:
                continue
            complaint._write_workflow({"needs_review": True})
            reason = self.env._(
                "Flagged for review: this mail from the customer also went to %(addresses)s, "
                "outside the customer and our company. Check with the customer that they sent "
                "it before answering, and do not copy these addresses unless they confirm them.",
                addresses=", ".join(outside),
            )
            # in the system's name: the mail gateway may run as the customer's own user
            complaint.message_post(
                body=reason,
                subtype_xmlid="mail.mt_note",
                author_id=self.env.ref("base.partner_root").id,
            )
            if complaint.sales_admin_id:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Check who sent %s", complaint.name),
                    note=reason,
                    user_id=complaint.sales_admin_id.id,
                )
        return True

    def _outside_addresses(self, addresses):
        """The addresses (normalized) that are neither the customer's people, nor our staff or
        company, nor one of our mail aliases."""
        self.ensure_one()
        addresses = set(addresses)
        # sudo: whose addresses these are, whoever processes the mail
        addresses -= set(self.env["mail.alias.domain"].sudo()._find_aliases(list(addresses)))
        if not addresses:
            return []
        known = (
            self.env["res.partner"]
            .sudo()
            .search(
                Domain("email_normalized", "in", list(addresses))
                & (
                    Domain("commercial_partner_id", "=", self.commercial_partner_id.id)
                    | Domain("partner_share", "=", False)
                )
            )
        )
        return sorted(addresses - set(known.mapped("email_normalized")))

    def _send_acknowledgement(self):
        """Acknowledge the complaints to their customers, in our name: the mail gateway runs as
        the sender's own user when they have one, and Odoo notifies nobody of their own message."""
        template = self.env.ref(
            "sales_admin_base.mail_template_complaint_acknowledgement", raise_if_not_found=False
        )
        if not template:
            return
        # as the superuser: Odoo notifies nobody of what the current user posts, and the current
        # user may be the customer
        complaints = self.with_user(SUPERUSER_ID).filtered(lambda c: c.email_from or c.partner_id)
        for complaint in complaints:
            author = complaint._automatic_message_author()
            # an automatic message: it is not the first response of our staff
            complaint.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                message_type="auto_comment",
                author_id=author.id,
                email_from=author.email_formatted
                or complaint.company_id.email_formatted
                or complaint.env["ir.mail_server"]._get_default_from_address(),
            )

    def _automatic_message_author(self):
        """Who signs what we send the customer automatically: the responsible sales admin, else
        the company; never the customer, whoever runs the code."""
        self.ensure_one()
        return self.sales_admin_id.partner_id or self.company_id.partner_id

    def _rating_get_partner(self):
        return self.partner_id or super()._rating_get_partner()

    def _rating_get_operator(self):
        return self.sales_admin_id.partner_id

    def _can_be_rated_by(self, partner):
        """A customer rates the handling of a complaint once it is closed, and only once."""
        self.ensure_one()
        return self.is_closed and not self.rating_ids.filtered(
            lambda rating: rating.consumed and rating.partner_id == partner
        )

    def _rate_by_customer(self, partner, rate, feedback=False):
        """Record ``partner``'s rating (1 to 5) of the handling; ignored when out of range or
        when they may not rate (see _can_be_rated_by). Returns the rating, if any."""
        self.ensure_one()
        if not 1 <= rate <= 5 or not self._can_be_rated_by(partner):
            return self.env["rating.rating"]
        token = self._rating_get_access_token(partner)
        return self.rating_apply(rate, token=token, feedback=feedback)

    def rating_apply(self, rate, token=None, rating=None, feedback=None, **kwargs):
        rating = super().rating_apply(rate, token=token, rating=rating, feedback=feedback, **kwargs)
        if rate <= LOW_RATING:
            self._reopen_after_bad_rating(rate, feedback)
        return rating

    def _reopen_after_bad_rating(self, rate, feedback):
        """A low rating reopens a closed complaint, once: a low rating after that leaves it
        closed and tells the responsible admin, who decides."""
        feedback = html2plaintext(feedback or "") or "-"
        for complaint in self.filtered("is_closed"):
            admin = complaint.sales_admin_id
            if complaint.is_reopened_by_rating:
                complaint.message_post(
                    body=self.env._(
                        "The customer rated the handling %(rate)s/5 again. The complaint was "
                        "already reopened once after a low rating, so it stays closed: contact "
                        "the customer. Feedback: %(feedback)s",
                        rate=int(rate),
                        feedback=feedback,
                    ),
                    partner_ids=admin.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )
                if admin:
                    complaint.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=self.env._("Low rating again on %s", complaint.name),
                        user_id=admin.id,
                    )
                continue
            complaint.stage_id = complaint._first_open_stage()
            complaint._write_workflow({"is_reopened_by_rating": True})
            complaint.message_post(
                body=self.env._(
                    "The customer rated the handling %(rate)s/5 and the complaint was reopened. "
                    "Feedback: %(feedback)s",
                    rate=int(rate),
                    feedback=feedback,
                ),
                partner_ids=admin.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
