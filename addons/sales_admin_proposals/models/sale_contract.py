import difflib
import hashlib
import json
import re

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date, html2plaintext

from .sale_contract_clause import SIGNED_STATES

# Fields that make up the contract's text: frozen once the customer has signed.
FROZEN_FIELDS = {
    "partner_id",
    "order_id",
    "company_id",
    "template_id",
    "intro",
    "line_ids",
    "date_start",
    "date_end",
}
# Fields that make up what the customer signs besides the clauses: an edit after submission
# needs a new approval.
CONTENT_FIELDS = FROZEN_FIELDS - {"company_id", "line_ids"}


TEMPLATE_SYNTAX_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\$\{.*?\}|#\{.*?\}|\{\{|\{%|\$\{|#\{")


def _plain_words(html):
    return html2plaintext(html or "").split()


class SaleContract(models.Model):
    """A contract drafted from a sale order: text assembled from a template, manager approval
    when mandatory clauses are touched, customer signature on the portal, countersignature, and
    the final PDF kept with its SHA-256 hash."""

    _name = "sale.contract"
    _description = "Sales Contract"
    _inherit = [
        "portal.mixin",
        "sale.admin.portal.mixin",
        "sale.admin.approval.mixin",
        "sale.admin.signature.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "sale.contract.placeholder.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    _protected_fields = (
        "countersigned_by_id",
        "date_countersigned",
        "signed_document_id",
        "signed_document_sha256",
        "renewal_reminded",
    )
    _portal_fields = (
        "name",
        "state",
        "partner_id",
        "commercial_partner_id",
        "company_id",
        "order_id",
        "currency_id",
        "date_start",
        "date_end",
        "intro",
        "line_ids",
        "signed_by",
        "date_signed",
        "signature",
        "countersigned_by_id",
        "date_countersigned",
    )
    _portal_states = ("sent", *SIGNED_STATES)
    _approval_reset_states = ("to_approve", "approved", "sent")

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        selection_add=[
            ("sent", "Sent"),
            ("signed", "Signed"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
        ],
        ondelete=dict.fromkeys(
            ("sent", "signed", "active", "expired", "terminated"), "set default"
        ),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    order_id = fields.Many2one(
        "sale.order", string="Sales Order", required=True, index=True, check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, check_company=True)
    sales_admin_id = fields.Many2one("res.users", index=True, tracking=True)
    template_id = fields.Many2one("sale.contract.template", check_company=True)
    origin = fields.Char(
        string="Source Document",
        help="What the contract was drafted from: the order, or an accepted proposal.",
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.today, tracking=True
    )
    date_end = fields.Date(string="End Date", tracking=True)
    term_text = fields.Char(
        string="Term",
        compute="_compute_term_text",
        help="The contract's period in words, for contract texts ({{ contract.term_text }}): "
        "“from 01/01/2027 to 12/31/2027”, or “from 01/01/2027” without an end date.",
    )
    renewal_notice_days = fields.Integer(default=30)
    date_renewal_reminder = fields.Date(
        string="Renewal Reminder Date", compute="_compute_date_renewal_reminder", store=True
    )
    renewal_reminded = fields.Boolean(readonly=True, copy=False)
    intro = fields.Html(string="Preamble", sanitize_style=True)
    line_ids = fields.One2many("sale.contract.line", "contract_id", string="Clauses", copy=True)
    # approval
    approval_required = fields.Boolean(compute="_compute_template_diff")
    template_diff = fields.Html(
        string="Changes to the Template", compute="_compute_template_diff", sanitize=False
    )
    # the company's signature and the kept document (the customer's: sale.admin.signature.mixin)
    countersigned_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_countersigned = fields.Datetime(string="Countersigned On", readonly=True, copy=False)
    signed_document_id = fields.Many2one("ir.attachment", readonly=True, copy=False)
    signed_document_sha256 = fields.Char(string="SHA-256", readonly=True, copy=False)

    # === SQL CONSTRAINTS === #
    _name_company_uniq = models.Constraint(
        "UNIQUE(company_id, name)", "Contract numbers are unique per company."
    )
    _renewal_notice_positive = models.Constraint(
        "CHECK(renewal_notice_days >= 0)", "The renewal notice cannot be negative."
    )

    # === COMPUTE METHODS === #
    @api.depends("date_end", "renewal_notice_days")
    def _compute_date_renewal_reminder(self):
        for contract in self:
            contract.date_renewal_reminder = (
                contract.date_end
                and contract.date_end - relativedelta(days=contract.renewal_notice_days)
            )

    @api.depends("date_start", "date_end")
    @api.depends_context("lang")
    def _compute_term_text(self):
        for contract in self:
            start = format_date(self.env, contract.date_start)
            if contract.date_end:
                contract.term_text = self.env._(
                    "from %(start)s to %(end)s",
                    start=start,
                    end=format_date(self.env, contract.date_end),
                )
            else:
                contract.term_text = self.env._("from %s", start)

    def _compute_access_url(self):
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"

    @api.depends(
        "order_id",
        "template_id.line_ids.clause_id",
        "line_ids.clause_id",
        "line_ids.body",
        "line_ids.name",
        "line_ids.original_body",
    )
    def _compute_template_diff(self):
        for contract in self:
            changes = contract._template_changes()
            contract.approval_required = bool(changes)
            contract.template_diff = (
                Markup("").join(
                    Markup("<h5>%s</h5><p>%s</p>") % (title, text) for title, text in changes
                )
                if changes
                else False
            )

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "The end date of %(contract)s (%(end)s) is before its start date (%(start)s).",
                        contract=contract.name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self._next_number(company)
        contracts = super().create(vals_list)
        contracts._sales_admin_recheck_orders()
        return contracts

    def write(self, vals):
        orders_before = self.order_id if "order_id" in vals else self.order_id.browse()
        if FROZEN_FIELDS & vals.keys():
            self._check_text_editable()
        if {"signed_document_id", "signed_document_sha256"} & vals.keys() and any(
            self.mapped("signed_document_sha256")
        ):
            raise UserError(self.env._("The signed document and its hash cannot be replaced."))
        res = super().write(vals)
        if CONTENT_FIELDS & vals.keys():
            self._back_to_draft_after_edit()
        if {"state", "order_id"} & vals.keys():
            self._sales_admin_recheck_orders(orders_before)
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        self._sales_admin_recheck_orders(orders)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(contract.state in SIGNED_STATES for contract in self):
            raise UserError(
                self.env._("A signed contract cannot be deleted; terminate it instead.")
            )

    # === ACTION METHODS === #
    def action_reload_template(self):
        self._check_state(
            ("draft",), self.env._("Only draft contracts can be reloaded: %(contracts)s")
        )
        self._assemble_text()
        return True

    def action_send(self):
        self.ensure_one()
        self.check_access("write")
        if self.state not in ("approved", "sent"):
            raise UserError(
                self.env._("%s must be approved before it is sent to the customer.", self.name)
            )
        self._approval_check_current()
        self._portal_ensure_token()
        template = self.env.ref("sales_admin_proposals.mail_template_sale_contract")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "mark_contract_as_sent": True,
            },
        }

    def action_countersign(self):
        """The company signs: the contract becomes active and the final PDF is kept with its hash."""
        if not self.env.user.has_group("sales_admin_base.group_sales_admin_user"):
            raise AccessError(self.env._("Only a Sales Admin can countersign contracts."))
        self._check_state(
            ("signed",),
            self.env._("Only contracts signed by the customer can be countersigned: %(contracts)s"),
        )
        for contract in self:
            if contract.date_countersigned:
                raise UserError(self.env._("%s has already been countersigned.", contract.name))
            contract._write_workflow(
                {
                    "countersigned_by_id": self.env.uid,
                    "date_countersigned": fields.Datetime.now(),
                    "state": "active",
                }
            )
            contract._store_signed_document()
        return True

    def action_verify_signed_document(self):
        self.ensure_one()
        self.check_access("write")
        if not self.signed_document_id:
            raise UserError(self.env._("%s has no signed document yet.", self.name))
        valid = self._verify_signed_document()
        if not valid:
            self._report_altered_signed_document()
        message = (
            self.env._("The signed document of %s is intact (SHA-256 matches).", self.name)
            if valid
            else self.env._(
                "The signed document of %s does NOT match its recorded SHA-256: it was altered.",
                self.name,
            )
        )
        self.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if valid else "danger",
                "sticky": not valid,
            },
        }

    def action_terminate(self):
        if not self.env.user.has_group("sales_admin_base.group_sales_admin_user"):
            raise AccessError(self.env._("Only a Sales Admin can terminate contracts."))
        self._check_state(
            ("signed", "active"),
            self.env._("Only signed or active contracts can be terminated: %(contracts)s"),
        )
        self._write_workflow({"state": "terminated"})
        return True

    def action_preview(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    # === BUSINESS METHODS === #
    @api.model
    def _prepare_values_from_order(self, order, template):
        """Values of a new contract for ``order`` based on ``template`` (may be empty)."""
        date_start = fields.Date.context_today(self)
        duration = template.duration_months if template else 12
        return {
            "order_id": order.id,
            "partner_id": order.partner_id.id,
            "company_id": order.company_id.id,
            "user_id": order.user_id.id,
            "team_id": order.team_id.id,
            "sales_admin_id": order.sales_admin_id.id or self.env.user.id,
            "template_id": template.id,
            "origin": order.name,
            "date_start": date_start,
            "date_end": duration and date_start + relativedelta(months=duration, days=-1),
            "renewal_notice_days": template.renewal_notice_days if template else 30,
        }

    @api.model
    def _create_from_orders(self, orders, **extra_values):
        """Draft one contract per order from its best matching template and assemble its text.

        This is the single entry point for every origin: the order's button, automatic creation
        on order confirmation, and accepted proposals (pass ``origin=<proposal name>`` and any
        link field in ``extra_values``).
        """
        templates = self.env["sale.contract.template"]._find_for_orders(orders)
        contracts = self.create(
            [
                {**self._prepare_values_from_order(order, templates[order]), **extra_values}
                for order in orders
            ]
        )
        contracts._assemble_text()
        return contracts

    def _placeholder_roots(self):
        self.ensure_one()
        return {
            "order": self.order_id,
            "customer": self.partner_id.commercial_partner_id,
            "company": self.company_id,
            "contract": self,
        }

    def _assemble_text(self):
        """(Re)build the preamble and clause lines from the template, placeholders resolved as the
        current user."""
        for contract in self:
            roots = contract._placeholder_roots()
            template_lines = contract.template_id.line_ids
            contract.write(
                {
                    "intro": self._placeholder_render(contract.template_id.intro, roots),
                    "line_ids": [fields.Command.clear()]
                    + [
                        fields.Command.create(contract._prepare_line_from_clause(line, roots))
                        for line in template_lines
                    ],
                }
            )

    def _prepare_line_from_clause(self, template_line, roots):
        version = template_line.clause_id.current_version_id
        return {
            "sequence": template_line.sequence,
            "clause_id": template_line.clause_id.id,
            "name": version.name,
            "body": self._placeholder_render(version.body, roots),
        }

    @api.model
    def _next_number(self, company):
        return company._sales_admin_next_number(
            "sale.contract", self.env._("Sales Contracts (%s)", company.name), "CTR/%(year)s/"
        )

    def _template_changes(self):
        """[(title, html)] for each mandatory clause removed or changed and each clause that is
        not from the library, compared with the template; and the template itself when it is
        not the one the order calls for (so that clearing or swapping it hides nothing)."""
        self.ensure_one()
        changes = []
        expected = self.env["sale.contract.template"]
        if self.order_id:
            expected = expected._find_for_order(self.order_id)
        if expected and expected != self.template_id:
            changes.append(
                (
                    self.env._("Template replaced: %s", self.template_id.name or "—"),
                    Markup("<del>%s</del> <ins>%s</ins>")
                    % (expected.name, self.template_id.name or ""),
                )
            )
        kept = self.line_ids.clause_id
        templates = self.template_id | expected
        for clause in templates.line_ids.clause_id.filtered("mandatory") - kept:
            changes.append(
                (
                    self.env._("Mandatory clause removed: %s", clause.name),
                    Markup("<del>%s</del>") % html2plaintext(clause.current_version_id.body or ""),
                )
            )
        for line in self.line_ids:
            if not line.clause_id:
                changes.append(
                    (
                        self.env._("Clause not from the library: %s", line.name),
                        Markup("<ins>%s</ins>") % html2plaintext(line.body or ""),
                    )
                )
            elif line.mandatory and line.is_modified:
                changes.append(
                    (
                        self.env._("Mandatory clause changed: %s", line.name),
                        self._word_diff(line.original_body, line.body),
                    )
                )
        return changes

    @api.model
    def _word_diff(self, old_html, new_html):
        """A readable word-level diff: removed words in <del>, added words in <ins>."""
        old, new = _plain_words(old_html), _plain_words(new_html)
        parts = []
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                parts.append(Markup("%s") % " ".join(old[i1:i2]))
                continue
            if i2 > i1:
                parts.append(Markup("<del>%s</del>") % " ".join(old[i1:i2]))
            if j2 > j1:
                parts.append(Markup("<ins>%s</ins>") % " ".join(new[j1:j2]))
        return Markup(" ").join(parts)

    @api.model
    def _check_no_new_template_syntax(self, text, original, where):
        """Contract texts are already rendered: placeholders or code syntax typed into them are
        refused (syntax that came with a value, e.g. a customer's name, is left alone)."""
        typed = set(TEMPLATE_SYNTAX_RE.findall(self._placeholder_text(text)))
        typed -= set(TEMPLATE_SYNTAX_RE.findall(self._placeholder_text(original)))
        if typed:
            raise ValidationError(
                self.env._(
                    "%(where)s contains “%(syntax)s”: placeholders are filled in from the template "
                    "when the contract is drafted and nothing else is evaluated. Type the value itself.",
                    where=where,
                    syntax=sorted(typed)[0],
                )
            )

    def _check_text_editable(self):
        frozen = self.filtered(lambda c: c.state in SIGNED_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "%s is signed: its text is frozen and can no longer be edited.",
                    ", ".join(frozen.mapped("name")),
                )
            )

    def _check_state(self, states, message):
        bad = self.filtered(lambda c: c.state not in states)
        if bad:
            raise UserError(message % {"contracts": ", ".join(bad.mapped("name"))})

    def _approval_get_approvers(self):
        """The company's Sales Admin Managers, when the text departs from the template."""
        self.ensure_one()
        if not self._template_changes():
            return self.env["res.users"]
        # sudo: who manages sales administration in the company, to ask them
        managers = self.env.ref("sales_admin_base.group_sales_admin_manager").sudo().user_ids
        return managers.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        ).sudo(False)

    def _approval_content(self):
        """What the manager approves and the customer signs: parties, dates and the text."""
        self.ensure_one()
        return json.dumps(
            {
                "partner": self.partner_id.id,
                "order": self.order_id.id,
                "template": self.template_id.id,
                "start": str(self.date_start),
                "end": str(self.date_end or ""),
                "intro": self.intro or "",
                "clauses": [
                    [line.clause_id.id, line.name, line.body or ""]
                    for line in self.line_ids.sorted(lambda line: (line.sequence, line.id))
                ],
            },
            sort_keys=True,
        )

    def _approval_check_submittable(self):
        if not self.line_ids:
            raise UserError(self.env._("%s has no clauses.", self.name))
        return True

    def _approval_request_note(self):
        return self.template_diff

    def _approval_approved_message(self):
        return Markup("<p>%s</p>%s") % (self.env._("Changes approved."), self.template_diff or "")

    def _back_to_draft_after_edit(self):
        """An edit after submission needs a new approval round."""
        for contract in self.filtered(lambda c: c.state in ("to_approve", "approved", "sent")):
            contract._write_workflow(contract._approval_reset_values())
            contract.activity_unlink([contract._approval_activity_type])

    def message_post(self, **kwargs):
        if self.env.context.get("mark_contract_as_sent"):
            approved = self.filtered(lambda c: c.state == "approved")
            approved._approval_check_current()
            approved._write_workflow({"state": "sent"})
        return super().message_post(**kwargs)

    def _signature_check_signable(self):
        self.ensure_one()
        if self.state == "expired":
            raise UserError(self.env._("%s has expired and can no longer be signed.", self.name))
        if self.state == "terminated":
            raise UserError(self.env._("%s was terminated and can no longer be signed.", self.name))
        if self.date_signed or self.state in SIGNED_STATES:
            raise UserError(self.env._("%s has already been signed.", self.name))
        if self.state != "sent":
            raise UserError(self.env._("%s has not been sent for signature.", self.name))
        self._approval_check_current()
        return True

    def _signature_values(self):
        return {"state": "signed"}

    def _signature_after_sign(self):
        self.message_post(
            body=self.env._("Signed by %s.", self.signed_by), author_id=self.partner_id.id
        )

    def _store_signed_document(self):
        self.ensure_one()
        pdf = (
            self.env["ir.actions.report"]
            .sudo()  # sudo: the report is rendered for a contract the user may already read
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sales_admin_proposals.action_report_sale_contract", self.ids)[0]
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name.replace('/', '-')}-signed.pdf",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        digest = hashlib.sha256(pdf).hexdigest()
        self._write_workflow(
            {"signed_document_id": attachment.id, "signed_document_sha256": digest}
        )
        self.message_post(
            body=self.env._("Countersigned. Signed document kept with SHA-256 %s.", digest),
            attachment_ids=attachment.ids,
        )

    def _verify_signed_document(self):
        """True when the stored signed PDF still has the hash recorded at signature."""
        self.ensure_one()
        return bool(self._read_signed_document())

    def _read_signed_document(self):
        """The kept signed PDF's content if it still has the recorded hash, else b""."""
        self.ensure_one()
        if not self.signed_document_id or not self.signed_document_sha256:
            return b""
        raw = self.signed_document_id.sudo().raw or b""  # sudo: attachment of a readable contract
        return raw if hashlib.sha256(raw).hexdigest() == self.signed_document_sha256 else b""

    def _get_signed_document_for_customer(self):
        """(attachment, content) of the signed PDF for the customer: the kept file, never a new
        rendering. A missing or altered file is refused, and the contract's admin is told."""
        self.ensure_one()
        raw = self._read_signed_document()
        if not raw:
            self._report_altered_signed_document()
            raise UserError(
                self.env._("The signed copy of %s cannot be shown right now.", self.name)
            )
        return self.signed_document_id, raw

    def _report_altered_signed_document(self):
        """One to-do for the contract's admin (not one per attempt), and a note in the chatter."""
        self.ensure_one()
        user = self.sales_admin_id or self.user_id or self.create_uid
        env = user._sales_admin_env()  # the to-do reads in the language of its assignee
        summary = env._("Signed document of %s missing or altered", self.name)
        if self.activity_ids.filtered(lambda activity: activity.summary == summary):
            return
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=env._(
                "The kept signed PDF no longer matches its SHA-256 (%s): the customer could not "
                "download it. Restore the original file.",
                self.signed_document_sha256,
            ),
            user_id=user.id,
        )
        self.message_post(body=self.env._("Signed document of %s missing or altered", self.name))

    @api.model
    def _cron_send_reminders(self, batch_size=200):
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self.search(self._renewal_due_domain() | self._expired_domain()),
            lambda contracts: contracts._process_due_reminders(),
            batch_size,
        )

    @api.model
    def _renewal_due_domain(self):
        """Running contracts whose renewal notice period has started, not reminded yet."""
        today = fields.Date.context_today(self)
        return (
            Domain("state", "in", ("signed", "active"))
            & Domain("date_renewal_reminder", "<=", today)
            & Domain("date_end", ">=", today)
            & Domain("renewal_reminded", "=", False)
        )

    @api.model
    def _expired_domain(self):
        """Running contracts past their end date."""
        return Domain("state", "in", ("signed", "active")) & Domain(
            "date_end", "<", fields.Date.context_today(self)
        )

    def _process_due_reminders(self):
        """Schedule the renewal reminder of those of these contracts whose notice period has
        started, and expire those past their end date; returns the number of contracts handled."""
        today = fields.Date.context_today(self)
        to_remind = self.filtered_domain(self._renewal_due_domain())
        to_expire = self.filtered_domain(self._expired_domain())
        to_remind._schedule_reminders(
            lambda c: self.env._(
                "Contract %(name)s ends on %(date)s: prepare the renewal",
                name=c.name,
                date=c.date_end,
            ),
            today,
        )
        to_remind._write_workflow({"renewal_reminded": True})
        to_expire._schedule_reminders(
            lambda c: self.env._(
                "Contract %(name)s expired on %(date)s", name=c.name, date=c.date_end
            ),
            today,
        )
        to_expire._write_workflow({"state": "expired"})
        return len(to_remind | to_expire)

    def _schedule_reminders(self, summary, deadline):
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": contract.id,
                    "activity_type_id": todo.id,
                    "summary": summary(contract),
                    "date_deadline": deadline,
                    "user_id": (
                        contract.sales_admin_id or contract.user_id or contract.create_uid
                    ).id,
                }
                for contract in self
            ]
        )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Contract %s", self.name).replace("/", "-")

    def _sales_admin_recheck_orders(self, orders=None):
        """The order desk checklist reads whether an order's contract is signed: a contract
        drafted, moved to another order, signed, terminated or deleted rechecks its orders."""
        # sudo: whoever drafts or deletes the contract, the orders' checklist must follow
        orders = (self.exists().order_id | (orders or self.env["sale.order"])).exists()
        if orders:
            orders.sudo()._sales_admin_recheck()
