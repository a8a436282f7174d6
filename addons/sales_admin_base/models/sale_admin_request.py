from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import html2plaintext, is_html_empty, plaintext2html

OPEN_STATES = ("new", "in_progress", "waiting", "escalated")
ESCALATION_ACTIVITY = "sales_admin_base.mail_activity_type_sale_admin_escalation"
# what the caller of create gives: the document the request is about, checked in create
SOURCE_FIELDS = frozenset({"res_model", "res_id"})
# what create sets on the server: the reference's date and the first level of the ladder
SERVER_CREATE_FIELDS = SOURCE_FIELDS | {
    "date_raised",
    "escalation_level_id",
    "next_level_id",
    "date_level_deadline",
}


class SaleAdminRequest(models.Model):
    """A sales rep asks the sales admin for help about a business document.

    The admin answers, resolves or escalates up the ladder (sales manager, head of sales); a
    level that does not respond within its target in working hours is skipped automatically.
    """

    _name = "sale.admin.request"
    _description = "Sales Admin Request"
    _inherit = ["sale.admin.protected.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "subject"]

    # the progress of a request is written by its actions (start, wait, resolve, escalate,
    # decide...), its source and requester once by create
    _protected_fields = (
        "state",
        "decision",
        "requester_id",
        "res_model",
        "res_id",
        "waiting_user_id",
        "escalation_level_id",
        "next_level_id",
        "date_level_deadline",
        "date_last_escalation",
        "escalation_count",
        "is_escalated",
        "escalation_rate",
        "date_raised",
        "date_first_response",
        "first_response_hours",
        "date_resolved",
        "resolution_hours",
        "assigned_by_rotation",
    )

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html()
    type_id = fields.Many2one(
        "sale.admin.request.type",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    is_process_problem = fields.Boolean(related="type_id.is_process_problem")
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Blocking")],
        default="0",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    requester_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        copy=False,  # a duplicate is raised by whoever duplicates it
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    sales_admin_id = fields.Many2one(
        "res.users",
        string="Assigned Admin",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=lambda self: self.env["res.users"]._sales_admin_domain(),
        help="Defaults to the customer's responsible sales admin, else the next admin in turn.",
    )
    assigned_by_rotation = fields.Boolean(
        compute="_compute_sales_admin_id", store=True, precompute=True, copy=False
    )
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_date_due",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("waiting", "Waiting"),
            ("escalated", "Escalated"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    resolution = fields.Html()
    date_raised = fields.Datetime(
        string="Raised On",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default=fields.Datetime.now,
    )
    res_model = fields.Char(string="Source Model", index=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", index=True, readonly=True
    )
    source_reference = fields.Reference(
        selection="_selection_source_model",
        string="Source",
        compute="_compute_source_reference",
        search="_search_source_reference",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    escalation_level_id = fields.Many2one(
        "sale.admin.escalation.level", string="Level", readonly=True, copy=False, tracking=True
    )
    next_level_id = fields.Many2one("sale.admin.escalation.level", readonly=True, copy=False)
    date_level_deadline = fields.Datetime(
        string="Response Due",
        readonly=True,
        copy=False,
        index=True,
        help="When the current level's response target expires; the request then escalates "
        "to the next level automatically.",
    )
    waiting_user_id = fields.Many2one(
        "res.users",
        string="Waiting For",
        compute="_compute_waiting_user_id",
        store=True,
        index=True,
        help="The manager who has to decide an escalated request.",
    )
    escalation_ids = fields.One2many(
        "sale.admin.request.escalation", "request_id", string="Escalations", readonly=True
    )
    escalation_count = fields.Integer(compute="_compute_escalation_stats", store=True)
    is_escalated = fields.Boolean(
        string="Was Escalated", compute="_compute_escalation_stats", store=True, index=True
    )
    escalation_rate = fields.Float(
        string="Escalation Rate (%)",
        compute="_compute_escalation_stats",
        store=True,
        aggregator="avg",
    )
    date_last_escalation = fields.Datetime(
        string="Escalated On", compute="_compute_escalation_stats", store=True
    )
    decision = fields.Text(readonly=True, copy=False)
    is_process_improvement = fields.Boolean(tracking=True, copy=False)
    improvement_owner_id = fields.Many2one(
        "res.users",
        tracking=True,
        check_company=True,
        domain=[("share", "=", False)],
    )
    date_improvement_target = fields.Date(string="Improvement Target", tracking=True)
    date_first_response = fields.Datetime(string="First Response Date", readonly=True, copy=False)
    first_response_hours = fields.Float(
        string="Hours to First Response", readonly=True, copy=False, aggregator="avg"
    )
    date_resolved = fields.Datetime(string="Resolved Date", readonly=True, copy=False)
    resolution_hours = fields.Float(
        string="Hours to Resolution", readonly=True, copy=False, aggregator="avg"
    )

    # === SQL CONSTRAINTS === #
    _name_company_uniq = models.Constraint(
        "UNIQUE(company_id, name)", "A request reference must be unique per company."
    )

    # === COMPUTE METHODS === #
    @api.depends("res_model", "res_id")
    def _compute_source_reference(self):
        allowed = dict(self._selection_source_model())
        for request in self:
            if request.res_model in allowed and request.res_id:
                request.source_reference = f"{request.res_model},{request.res_id}"
            else:
                request.source_reference = False

    def _search_source_reference(self, operator, value):
        if operator in ("=", "in"):
            values = value if operator == "in" else [value]
            domains = []
            for reference in values:
                if isinstance(reference, models.BaseModel):
                    model, ids = reference._name, reference.ids
                elif isinstance(reference, str) and "," in reference:
                    model, res_id = reference.split(",", 1)
                    ids = [int(res_id)]
                else:
                    continue
                domains.append(Domain("res_model", "=", model) & Domain("res_id", "in", ids))
            return Domain.OR(domains)
        if operator == "ilike":
            return Domain.OR(
                Domain("res_model", "=", model)
                & Domain(
                    "res_id", "in", self.env[model]._search([("display_name", "ilike", value)])
                )
                for model, _label in self._selection_source_model()
            )
        return NotImplemented

    @api.depends("res_model", "res_id")
    def _compute_partner_id(self):
        for request in self:
            source = request._source()
            if source:
                request.partner_id = source._sales_admin_request_partner()

    @api.depends("partner_id", "company_id", "res_model", "res_id")
    def _compute_sales_admin_id(self):
        last_by_company = {}
        for request in self:
            source = request._source()
            responsible = (
                source._sales_admin_request_admin()
                if source
                else request.partner_id.commercial_partner_id.sales_admin_id
            )
            if responsible:
                request.sales_admin_id = responsible
                request.assigned_by_rotation = False
            elif not request.sales_admin_id:
                company = request.company_id or self.env.company
                if company not in last_by_company:
                    last_by_company[company] = self._last_admin_by_rotation(company)
                admin = self.env["res.users"]._sales_admin_next_in_turn(
                    company, last_by_company[company]
                )
                request.sales_admin_id = admin
                request.assigned_by_rotation = bool(admin)
                last_by_company[company] = admin or last_by_company[company]

    @api.depends("type_id")
    def _compute_date_due(self):
        today = fields.Date.context_today(self)
        for request in self:
            if not request.date_due and request.type_id.resolution_days:
                request.date_due = today + timedelta(days=request.type_id.resolution_days)

    @api.depends("state", "escalation_level_id.user_id")
    def _compute_waiting_user_id(self):
        for request in self:
            request.waiting_user_id = (
                request.escalation_level_id.user_id if request.state == "escalated" else False
            )

    @api.depends("escalation_ids.date_escalated")
    def _compute_escalation_stats(self):
        for request in self:
            escalations = request.escalation_ids
            request.escalation_count = len(escalations)
            request.is_escalated = bool(escalations)
            request.escalation_rate = 100.0 if escalations else 0.0
            request.date_last_escalation = max(escalations.mapped("date_escalated"), default=False)

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("sales_admin_id")
    def _check_sales_admin_id(self):
        for request in self.filtered("sales_admin_id"):
            if not request.sales_admin_id._is_sales_admin():
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a sales admin: a request can only be assigned to a "
                        "member of the Sales Admin User group.",
                        user=request.sales_admin_id.name,
                    )
                )

    @api.constrains("requester_id", "company_id")
    def _check_requester_company(self):
        for request in self:
            if request.company_id not in request.requester_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s does not work for %(company)s and cannot raise a request there.",
                        user=request.requester_id.name,
                        company=request.company_id.name,
                    )
                )

    @api.constrains("res_model", "res_id")
    def _check_source(self):
        for request in self.filtered("res_model"):
            self._check_source_model(request.res_model, request.res_id)

    @api.constrains("is_process_improvement", "improvement_owner_id", "date_improvement_target")
    def _check_process_improvement(self):
        for request in self.filtered("is_process_improvement"):
            if not request.type_id.is_process_problem:
                raise ValidationError(
                    self.env._(
                        "Only requests about an internal process problem can become a process "
                        "improvement (%(request)s is a %(type)s).",
                        request=request.name,
                        type=request.type_id.name,
                    )
                )
            if not request.improvement_owner_id or not request.date_improvement_target:
                raise ValidationError(
                    self.env._(
                        "A process improvement needs an owner and a target date (%(request)s).",
                        request=request.name,
                    )
                )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        Level = self.env["sale.admin.escalation.level"]
        context = self.env.context
        for vals in vals_list:
            if vals.get("requester_id") == self.env.uid:
                del vals["requester_id"]  # the default: whoever raises the request
        self._check_protected_values({name for vals in vals_list for name in vals} - SOURCE_FIELDS)
        for vals in vals_list:
            res_model = vals.get("res_model", context.get("default_res_model"))
            if res_model:
                res_id = vals.get("res_id", context.get("default_res_id"))
                self._check_source_model(res_model, res_id)
                # the requester must at least be able to read what they ask about
                self.env[res_model].browse(res_id).check_access("read")
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self._next_reference(company)
            vals.setdefault("date_raised", fields.Datetime.now())
            if ladder := Level._ladder(company):
                vals.update(ladder[0]._request_values(ladder, vals["date_raised"], company))
        requests = (
            super(SaleAdminRequest, self._with_workflow(SERVER_CREATE_FIELDS))
            .create(vals_list)
            .with_env(self.env)
        )
        for request in requests.filtered("sales_admin_id"):
            request.message_subscribe(partner_ids=request.sales_admin_id.partner_id.ids)
        requests.filtered("is_process_improvement")._schedule_improvement()
        return requests

    def write(self, vals):
        result = super().write(vals)
        if vals.get("is_process_improvement"):
            self._schedule_improvement()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_manager_without_escalation(self):
        self.env.user._check_sales_admin_manager(
            self.env._("Only a sales admin manager can delete requests; close them instead.")
        )
        escalated = self.filtered("is_escalated")
        if escalated:
            raise UserError(
                self.env._(
                    "Escalated requests are kept for the record and cannot be deleted: %s",
                    ", ".join(escalated.mapped("name")),
                )
            )

    # === ACTION METHODS === #
    def action_start(self):
        self._check_sales_admin()
        for request in self:
            if request.state not in ("new", "waiting"):
                raise UserError(
                    self.env._("%s is not new or waiting; nothing to start.", request.name)
                )
        self._record_first_response()
        return self._write_workflow({"state": "in_progress"})

    def action_wait(self):
        self._check_sales_admin()
        if any(request.state != "in_progress" for request in self):
            raise UserError(self.env._("Only requests in progress can wait."))
        self._record_first_response()
        return self._write_workflow({"state": "waiting"})

    def action_resolve(self):
        self._check_sales_admin()
        for request in self:
            if request.state not in ("new", "in_progress", "waiting"):
                raise UserError(
                    self.env._(
                        "%s cannot be resolved in its current state; an escalated request "
                        "needs a decision first.",
                        request.name,
                    )
                )
            if is_html_empty(request.resolution):
                raise UserError(
                    self.env._("Write the resolution of %s before resolving it.", request.name)
                )
        self._record_first_response()
        now = fields.Datetime.now()
        for request in self:
            request._write_workflow(
                {
                    "state": "resolved",
                    "date_resolved": now,
                    "resolution_hours": (now - request.date_raised).total_seconds() / 3600,
                    "date_level_deadline": False,
                }
            )
        return True

    def action_close(self):
        self._check_sales_admin()
        if any(request.state != "resolved" for request in self):
            raise UserError(self.env._("Only resolved requests can be closed."))
        return self._write_workflow({"state": "closed"})

    def action_reopen(self):
        self._check_sales_admin()
        if any(request.state != "resolved" for request in self):
            raise UserError(self.env._("Only resolved requests can be reopened."))
        return self._write_workflow({"state": "in_progress", "date_resolved": False})

    def action_open_escalate_wizard(self):
        self.ensure_one()
        self._check_can_escalate()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate %s", self.name),
            "res_model": "sale.admin.request.escalate",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_open_decide_wizard(self):
        self.ensure_one()
        self._check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide %s", self.name),
            "res_model": "sale.admin.request.decide",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_open_source(self):
        self.ensure_one()
        source = self._source()
        if not source:
            raise UserError(self.env._("%s is not about a document.", self.name))
        source.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": source._name,
            "res_id": source.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_send_request(self):
        """The Send button of the "Ask Sales Admin" dialog, called once the web client saved
        the request: close the dialog and tell the requester who received it."""
        self.ensure_one()
        self.check_access("read")
        if self.sales_admin_id:
            message = self.env._(
                "Request %(request)s sent to %(admin)s.",
                request=self.name,
                admin=self.sales_admin_id.name,
            )
        else:
            message = self.env._(
                "Request %(request)s sent. No sales admin is assigned yet: it waits on the "
                "sales admins' desk.",
                request=self.name,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # === BUSINESS METHODS === #
    @api.model
    def _check_source_model(self, model_name, res_id):
        if model_name not in dict(self._selection_source_model()) or not res_id:
            raise ValidationError(
                self.env._("Requests cannot be raised about %(model)s records.", model=model_name)
            )

    @api.model
    def _selection_source_model(self):
        children = self.env.registry["sale.admin.request.mixin"]._inherit_children
        return [(name, self.env[name]._description) for name in children if name in self.env]

    @api.model
    def _next_reference(self, company):
        return company._sales_admin_next_number(
            "sale.admin.request",
            self.env._("Sales Admin Requests (%s)", company.name),
            "REQ/%(year)s/",
        )

    def _check_sales_admin(self):
        if not self.env.user._is_sales_admin():
            raise AccessError(self.env._("Only sales admins can work on requests."))

    def _check_can_escalate(self):
        """Sales admins escalate; a manager may pass their own escalation further up."""
        if self.env.user._is_sales_admin():
            return
        for request in self:
            if request.waiting_user_id != self.env.user:
                raise AccessError(
                    self.env._("Only sales admins or the deciding manager can escalate requests.")
                )

    def _check_can_decide(self):
        if self.env.user._is_sales_admin_manager():
            return
        for request in self:
            if request.waiting_user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "%(request)s waits for a decision of %(user)s, not yours.",
                        request=request.name,
                        user=request.waiting_user_id.name or self.env._("nobody"),
                    )
                )

    def _source(self):
        """The document the request is about (an empty recordset if none or gone)."""
        self.ensure_one()
        sources = self.env.registry["sale.admin.request.mixin"]._inherit_children
        if not self.res_id or self.res_model not in sources or self.res_model not in self.env:
            return self.env["sale.admin.request.mixin"]
        return self.env[self.res_model].browse(self.res_id).exists()

    def _last_admin_by_rotation(self, company):
        # sudo: the rotation must see every request of the company, not only the requester's
        return (
            self.sudo()
            .search(
                [("company_id", "=", company.id), ("assigned_by_rotation", "=", True)],
                order="id desc",
                limit=1,
            )
            .sales_admin_id
        )

    def _record_first_response(self):
        now = fields.Datetime.now()
        for request in self.filtered(lambda r: not r.date_first_response):
            request._write_workflow(
                {
                    "date_first_response": now,
                    "first_response_hours": (now - request.date_raised).total_seconds() / 3600,
                    # the admin answered: the first level's target no longer runs
                    "date_level_deadline": False
                    if request.state == "new"
                    else request.date_level_deadline,
                }
            )

    def _schedule_improvement(self):
        """A process improvement becomes a to-do of its owner, due on the target date."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for request in self:
            if request.activity_ids.filtered(
                lambda a, r=request: a.activity_type_id == todo
                and a.user_id == r.improvement_owner_id
            ):
                continue
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=request.date_improvement_target,
                summary=request.improvement_owner_id._sales_admin_env()._(
                    "Process improvement: %s", request.subject
                ),
                user_id=request.improvement_owner_id.id,
            )

    def _escalate(self, summary, proposed_decision=False, automatic=False):
        """Pass the requests to the next level of the ladder."""
        Level = self.env["sale.admin.escalation.level"]
        summary = (summary or "").strip()
        now = fields.Datetime.now()
        for request in self:
            if not summary:
                raise UserError(
                    self.env._("Write a summary of the problem before escalating %s.", request.name)
                )
            if request.state in ("resolved", "closed"):
                raise UserError(
                    self.env._("%s is already resolved; reopen it before escalating.", request.name)
                )
            ladder = Level._ladder(request.company_id)
            level = Level._escalation_target(request, ladder)
            if not automatic:
                request._record_first_response()
            request.activity_feedback(
                [ESCALATION_ACTIVITY], feedback=self.env._("Escalated to %s", level.name)
            )
            request._write_workflow(level._request_values(ladder, now, request.company_id))
            self.env["sale.admin.request.escalation"]._create_workflow(
                [
                    {
                        "request_id": request.id,
                        "level_id": level.id,
                        "user_id": level.user_id.id,
                        "is_automatic": automatic,
                        "summary": summary,
                        "proposed_decision": proposed_decision or False,
                        "date_deadline": request.date_level_deadline,
                    }
                ]
            )
            request._write_workflow({"state": "escalated"})
            request.message_subscribe(partner_ids=level.user_id.partner_id.ids)
            request.activity_schedule(
                ESCALATION_ACTIVITY,
                date_deadline=(request.date_level_deadline or now).date(),
                summary=level.user_id._sales_admin_env()._("Decide: %s", request.subject),
                note=plaintext2html(summary),
                user_id=level.user_id.id,
            )
            body = Markup("<p><b>%s</b></p>%s") % (
                self.env._(
                    "Escalated to %(level)s (%(user)s)", level=level.name, user=level.user_id.name
                ),
                plaintext2html(summary),
            )
            if proposed_decision:
                body += Markup("<p><i>%s</i></p>%s") % (
                    self.env._("Proposed decision"),
                    plaintext2html(proposed_decision),
                )
            request.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _record_decision(self, decision):
        """The manager's decision: back to the admin, told to the requester and on the source."""
        decision = html2plaintext(decision or "").strip()
        for request in self:
            if not decision:
                raise UserError(
                    self.env._("Write the decision before recording it on %s.", request.name)
                )
            if request.state != "escalated":
                raise UserError(
                    self.env._("%s is not escalated; there is nothing to decide.", request.name)
                )
            level = request.escalation_level_id
            request.escalation_ids.filtered(lambda e, lvl=level: e.level_id == lvl)[
                :1
            ]._write_workflow(
                {
                    "decision": decision,
                    "decided_by_id": self.env.user.id,
                    "date_decision": fields.Datetime.now(),
                }
            )
            request.activity_feedback([ESCALATION_ACTIVITY])
            # back to the first level, the sales admin's, without its response target
            ladder = self.env["sale.admin.escalation.level"]._ladder(request.company_id)
            request._write_workflow(
                {
                    **ladder[0]._request_values(ladder, fields.Datetime.now(), request.company_id),
                    "decision": decision,
                    "state": "in_progress",
                    "date_level_deadline": False,
                }
            )
            body = Markup("<p><b>%s</b></p>%s") % (
                self.env._(
                    "Decision of %(user)s (%(level)s) on %(request)s",
                    user=self.env.user.name,
                    level=level.name,
                    request=request.name,
                ),
                plaintext2html(decision),
            )
            request.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=(request.requester_id | request.sales_admin_id).partner_id.ids,
            )
            source = request._source()
            if source and hasattr(source, "message_post"):
                # sudo: the decider may only read the source document; the note is still theirs
                source.sudo().message_post(
                    body=body, subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id
                )
