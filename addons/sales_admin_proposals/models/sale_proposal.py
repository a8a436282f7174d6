from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import float_repr, format_date
from odoo.tools.translate import LazyTranslate

from .sale_proposal_bid_criterion import MAX_BID_SCORE

_lt = LazyTranslate(__name__)

# States in which the customer may open the proposal on the portal.
PORTAL_STATES = ("sent", "accepted", "declined", "expired")
# Fields whose change alters what the customer reads: an approved or sent proposal goes back.
CONTENT_FIELDS = {
    "title",
    "partner_id",
    "contact_id",
    "order_id",
    "validity_date",
    "currency_id",
}
DEADLINE_REMINDER_DAYS = 3
EXPIRY_REMINDER_DAYS = 3
CRON_BATCH_SIZE = 200


class SaleProposal(models.Model):
    """A proposal or RFP response to a customer, tied to a quotation.

    The link to a CRM opportunity comes with sales_admin_proposals_crm (installed with CRM).
    """

    _name = "sale.proposal"
    _description = "Proposal"
    _inherit = [
        "portal.mixin",
        "sale.admin.portal.mixin",
        "sale.admin.approval.mixin",
        "sale.admin.signature.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    _protected_fields = (
        "approved_amount",
        "bid_decision",
        "bid_decided_by_id",
        "date_bid_decision",
        "date_sent",
        "date_closed",
        "decline_reason",
        "revision_number",
        "expiry_reminder_sent",
        # where the imported questions came from, read back when the answers are exported
        "rfp_filename",
        "rfp_sheet",
        "rfp_header_row",
        "rfp_answer_column",
    )
    _portal_fields = (
        "name",
        "title",
        "state",
        "partner_id",
        "contact_id",
        "commercial_partner_id",
        "company_id",
        "order_id",
        "currency_id",
        "amount_untaxed",
        "amount_total",
        "validity_date",
        "date_sent",
        "revision_number",
        "signed_by",
        "date_signed",
        "signature",
        "decline_reason",
    )
    _portal_states = PORTAL_STATES
    _approval_submit_states = ("draft", "approved", "sent")
    _approval_reset_states = ("to_approve", "cancel", "declined", "expired")
    _approval_activity_type = "sales_admin_proposals.mail_activity_type_proposal_approval"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    title = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True, string="Customer Entity"
    )
    contact_id = fields.Many2one(
        "res.partner",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The person who receives the proposal; the customer itself when empty.",
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Quotation",
        copy=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id.commercial_partner_id', '=', commercial_partner_id),"
        " ('state', 'in', ('draft', 'sent'))]",
    )
    order_line_ids = fields.One2many(related="order_id.order_line", string="Quotation Lines")
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    amount_untaxed = fields.Monetary(compute="_compute_amounts", store=True, string="Untaxed")
    amount_total = fields.Monetary(compute="_compute_amounts", store=True, string="Value")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    sales_admin_id = fields.Many2one(
        "res.users",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        check_company=True,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
    )
    template_id = fields.Many2one("sale.proposal.template", check_company=True)
    date_submission_deadline = fields.Datetime(string="Submission Deadline", tracking=True)
    date_qa_cutoff = fields.Date(string="Q&A Cut-off")
    validity_date = fields.Date(
        string="Valid Until",
        tracking=True,
        help="After this date the customer can no longer accept; the proposal expires.",
    )
    state = fields.Selection(
        selection_add=[
            ("sent", "Sent"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("expired", "Expired"),
            ("cancel", "Cancelled"),
        ],
        ondelete=dict.fromkeys(
            ("sent", "accepted", "declined", "expired", "cancel"), "set default"
        ),
    )
    won_reason_id = fields.Many2one(
        "sale.proposal.reason",
        domain=[("reason_type", "=", "won")],
        tracking=True,
        copy=False,  # a duplicate is a new draft, neither won nor lost
    )
    lost_reason_id = fields.Many2one(
        "sale.proposal.reason",
        domain=[("reason_type", "=", "lost")],
        tracking=True,
        copy=False,  # a duplicate is a new draft, neither won nor lost
    )
    decline_reason = fields.Text(readonly=True, copy=False)
    line_ids = fields.One2many(
        "sale.proposal.line", "proposal_id", string="RFP Questions", copy=True
    )
    line_count = fields.Integer(compute="_compute_line_progress")
    answered_count = fields.Integer(compute="_compute_line_progress")
    section_ids = fields.One2many(
        "sale.proposal.section", "proposal_id", string="Document", copy=True
    )
    revision_ids = fields.One2many(
        "sale.proposal.revision", "proposal_id", string="Revisions", readonly=True
    )
    revision_number = fields.Integer(readonly=True, copy=False, string="Revision")
    rfp_file = fields.Binary(string="RFP File", attachment=True, copy=False)
    rfp_filename = fields.Char(copy=False)
    rfp_sheet = fields.Char(copy=False, string="RFP Sheet")
    rfp_header_row = fields.Integer(copy=False, string="RFP Title Row")
    rfp_answer_column = fields.Integer(
        copy=False, help="1-based column of the customer's file that receives the answers."
    )
    # bid / no-bid
    bid_score_ids = fields.One2many(
        "sale.proposal.bid.score", "proposal_id", string="Bid Scores", copy=True
    )
    bid_score = fields.Float(
        compute="_compute_bid_score",
        store=True,
        aggregator="avg",
        help="Weighted score of the bid/no-bid criteria, in percent.",
    )
    bid_decision = fields.Selection(
        [("undecided", "Undecided"), ("bid", "Bid"), ("no_bid", "No Bid")],
        default="undecided",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    bid_decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_bid_decision = fields.Datetime(string="Bid Decided On", readonly=True, copy=False)
    # approval (the approvers are chosen by the approval rules when the proposal is submitted)
    approved_amount = fields.Monetary(
        readonly=True, copy=False, help="The quotation total when the proposal was approved."
    )
    needs_approval = fields.Boolean(compute="_compute_needs_approval")
    approval_outdated = fields.Boolean(
        compute="_compute_needs_approval",
        help="Approved, but the quotation changed since: it must be approved again.",
    )
    # delivery and acceptance
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    expiry_reminder_sent = fields.Boolean(copy=False, readonly=True)
    # analytics
    days_to_submit = fields.Float(
        compute="_compute_days_to_submit",
        store=True,
        aggregator="avg",
        help="Days between the creation of the proposal and its first sending.",
    )
    won_rate = fields.Float(
        string="Win Rate (%)",
        compute="_compute_won_rate",
        store=True,
        aggregator="avg",
        help="100 for an accepted proposal, 0 otherwise: averaged over closed proposals it is the "
        "win rate.",
    )

    # === COMPUTE METHODS === #
    @api.depends("partner_id")
    def _compute_contact_id(self):
        for proposal in self:
            if (
                proposal.contact_id.commercial_partner_id
                != proposal.partner_id.commercial_partner_id
            ):
                proposal.contact_id = proposal.partner_id

    @api.depends("order_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for proposal in self:
            proposal.currency_id = proposal.order_id.currency_id or proposal.company_id.currency_id

    @api.depends("order_id.amount_untaxed", "order_id.amount_total")
    def _compute_amounts(self):
        for proposal in self:
            proposal.amount_untaxed = proposal.order_id.amount_untaxed
            proposal.amount_total = proposal.order_id.amount_total

    @api.depends("partner_id")
    def _compute_sales_admin_id(self):
        for proposal in self:
            admin = proposal.partner_id.commercial_partner_id.sales_admin_id
            if admin or not proposal.sales_admin_id:
                proposal.sales_admin_id = admin

    @api.depends("user_id", "company_id")
    def _compute_team_id(self):
        for proposal in self:
            if not proposal.team_id or proposal.team_id.company_id not in (
                proposal.company_id,
                self.env["res.company"],
            ):
                proposal.team_id = proposal.user_id.with_company(proposal.company_id).sale_team_id

    @api.depends("line_ids.status")
    def _compute_line_progress(self):
        for proposal in self:
            proposal.line_count = len(proposal.line_ids)
            proposal.answered_count = len(
                proposal.line_ids.filtered(lambda line: line.status == "done")
            )

    @api.depends("bid_score_ids.score", "bid_score_ids.weight")
    def _compute_bid_score(self):
        for proposal in self:
            total_weight = sum(proposal.bid_score_ids.mapped("weight"))
            weighted = sum(score.weight * score.score for score in proposal.bid_score_ids)
            proposal.bid_score = (
                100.0 * weighted / (total_weight * MAX_BID_SCORE) if total_weight else 0.0
            )

    @api.depends(
        "order_id.amount_total",
        "order_id.order_line.discount",
        "company_id",
        "state",
        "approved_by_id",
        "approval_hash",
    )
    def _compute_needs_approval(self):
        all_rules = self.env["sale.proposal.approval.rule"].search(
            [("company_id", "in", self.company_id.ids)]
        )
        for proposal in self:
            proposal.needs_approval = bool(proposal._get_matching_approval_rules(all_rules))
            proposal.approval_outdated = (
                proposal.needs_approval
                and proposal.state in ("approved", "sent")
                and not proposal._is_approved()
            )

    @api.depends("date_sent")
    def _compute_days_to_submit(self):
        for proposal in self:
            start = proposal.create_date or fields.Datetime.now()
            proposal.days_to_submit = (
                (proposal.date_sent - start).total_seconds() / 86400 if proposal.date_sent else 0.0
            )

    @api.depends("state")
    def _compute_won_rate(self):
        for proposal in self:
            proposal.won_rate = 100.0 if proposal.state == "accepted" else 0.0

    def _compute_access_url(self):
        for proposal in self:
            proposal.access_url = f"/my/proposals/{proposal.id}"

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("order_id", "partner_id")
    def _check_order_customer(self):
        for proposal in self.filtered("order_id"):
            if (
                proposal.order_id.partner_id.commercial_partner_id
                != proposal.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The quotation %(order)s belongs to %(customer)s, not to %(proposal_customer)s.",
                        order=proposal.order_id.name,
                        customer=proposal.order_id.partner_id.display_name,
                        proposal_customer=proposal.partner_id.display_name,
                    )
                )

    @api.constrains("won_reason_id", "lost_reason_id")
    def _check_reason_types(self):
        for proposal in self:
            if proposal.won_reason_id.reason_type not in (False, "won"):
                raise ValidationError(self.env._("The won reason must be a reason for winning."))
            if proposal.lost_reason_id.reason_type not in (False, "lost"):
                raise ValidationError(self.env._("The lost reason must be a reason for losing."))

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        proposals = super().create(vals_list)
        for proposal in proposals:
            proposal.name = proposal._next_reference()
        proposals._apply_template_sections()
        proposals._add_missing_bid_criteria()
        proposals._schedule_deadline_activities()
        return proposals

    def write(self, vals):
        if "state" not in vals and CONTENT_FIELDS & vals.keys():
            self._check_editable()
        result = super().write(vals)
        if "state" not in vals and CONTENT_FIELDS & vals.keys():
            self._back_to_review_after_change()
        if {
            "date_submission_deadline",
            "date_qa_cutoff",
            "user_id",
            "sales_admin_id",
        } & vals.keys():
            self._schedule_deadline_activities()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(proposal.state not in ("draft", "cancel") for proposal in self):
            raise UserError(self.env._("Only draft or cancelled proposals can be deleted."))

    # === ACTION METHODS === #
    def action_create_quotation(self):
        """Create the proposal's quotation for its customer and link it."""
        self.ensure_one()
        self.check_access("write")
        if self.order_id:
            raise UserError(self.env._("This proposal already has a quotation."))
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "user_id": self.user_id.id,
                "team_id": self.team_id.id,
                "sales_admin_id": self.sales_admin_id.id,
                "validity_date": self.validity_date,
                "origin": self.name,
            }
        )
        self.order_id = order
        return self.action_open_quotation()

    def action_open_quotation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
        }

    def action_apply_template(self):
        """Replace the document sections by the template's."""
        self.ensure_one()
        self.check_access("write")
        self._check_editable()
        if not self.template_id:
            raise UserError(self.env._("Choose a proposal template first."))
        self.section_ids.unlink()
        self._apply_template_sections()
        return True

    def action_decide_bid(self):
        return self._record_bid_decision("bid")

    def action_decide_no_bid(self):
        return self._record_bid_decision("no_bid")

    def action_send(self):
        """Check the proposal may go out, freeze a revision and email the portal link."""
        template = self.env.ref("sales_admin_proposals.mail_template_sale_proposal")
        for proposal in self:
            proposal.check_access("write")
            proposal._check_sendable()
            proposal._create_revision()
            proposal._portal_ensure_token()
            proposal._write_workflow(
                {
                    "state": "sent",
                    "date_sent": proposal.date_sent or fields.Datetime.now(),
                    "expiry_reminder_sent": False,
                }
            )
            proposal.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=proposal._get_recipient().ids,
            )
        return True

    def action_cancel(self):
        for proposal in self:
            proposal.check_access("write")
            if proposal.state in ("accepted", "cancel"):
                raise UserError(self.env._("The proposal %s is already closed.", proposal.name))
        self._write_workflow({"state": "cancel", "date_closed": fields.Datetime.now()})
        return True

    def action_export_rfp(self):
        """Download the customer's questionnaire with the answers filled in."""
        self.ensure_one()
        attachment = self.env["sale.proposal.import"]._export_answers(self)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_preview_portal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.get_portal_url(),
            "target": "self",
        }

    # === BUSINESS METHODS === #
    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Proposal %s", self.name)

    def _approval_get_approvers(self):
        return self._get_matching_approval_rules().approver_ids

    def _approval_content(self):
        """What the approvers approve: the quotation and its total."""
        self.ensure_one()
        return "|".join(
            (
                str(self.order_id.id),
                self.currency_id.name or "",
                float_repr(self.amount_total, self.currency_id.decimal_places),
            )
        )

    def _approval_request_note(self):
        return self.env._(
            "Rules: %s", ", ".join(self._get_matching_approval_rules().mapped("name"))
        )

    def _approval_check_submittable(self):
        if self.bid_decision == "no_bid":
            raise UserError(self.env._("The decision was not to bid: nothing to submit."))
        return True

    def _approval_values(self, approver):
        return {**super()._approval_values(approver), "approved_amount": self.amount_total}

    def _approval_reset_values(self):
        return {**super()._approval_reset_values(), "approved_amount": 0.0, "date_closed": False}

    def _signature_check_signable(self):
        self._check_acceptable()
        return True

    def _signature_values(self):
        """Accepting is signing: the proposal is won."""
        return {
            "state": "accepted",
            "date_closed": fields.Datetime.now(),
            "won_reason_id": self.won_reason_id.id
            or self.env.ref("sales_admin_proposals.proposal_reason_accepted_online").id,
        }

    def _signature_after_sign(self):
        """Confirm the quotation, unless it awaits a prepayment."""
        self.message_post(
            body=self.env._(
                "Accepted and signed by %(name)s from %(ip)s",
                name=self.signed_by,
                ip=self.signed_ip or self.env._("the office"),
            )
        )
        order = self.order_id
        if order and order.state in ("draft", "sent"):
            if order.require_signature and not order.signature:
                order.write(
                    {
                        "signed_by": self.signed_by,
                        "signed_on": self.date_signed,
                        "signature": self.signature,
                    }
                )
            if not order._has_to_be_paid():
                order._validate_order()
            order.message_post(
                body=self.env._("Accepted through proposal %s", self.name),
            )

    def _action_portal_decline(self, reason):
        self.ensure_one()
        if self.state != "sent":
            raise UserError(self.env._("This proposal can no longer be declined."))
        if not (reason or "").strip():
            raise UserError(self.env._("Tell us why you decline the proposal."))
        self._write_workflow(
            {
                "state": "declined",
                "decline_reason": reason.strip(),
                "date_closed": fields.Datetime.now(),
                "lost_reason_id": self.lost_reason_id.id
                or self.env.ref("sales_admin_proposals.proposal_reason_declined_online").id,
            }
        )
        self.message_post(body=self.env._("Declined by the customer: %s", reason.strip()))
        return True

    def _is_past_validity(self):
        self.ensure_one()
        return bool(self.validity_date and self.validity_date < fields.Date.context_today(self))

    def _signature_signer_contact(self):
        contact = self.contact_id
        if contact and not contact.is_company:
            return contact
        return super()._signature_signer_contact()

    def _get_portal_state(self):
        """The state the customer sees: a sent proposal past its validity date is expired at
        once, not only after the nightly expiry run."""
        self.ensure_one()
        if self.state == "sent" and self._is_past_validity():
            return "expired"
        return self.state

    def _next_reference(self):
        company = self.company_id
        return company._sales_admin_next_number(
            "sale.proposal", self.env._("Proposals of %s", company.name), "PROP/%(year)s/"
        )

    def _apply_template_sections(self):
        values = []
        for proposal in self.filtered(lambda p: p.template_id and not p.section_ids):
            values += [
                {
                    "proposal_id": proposal.id,
                    "sequence": section.sequence,
                    "name": section.name,
                    "kind": section.kind,
                    "body": section.body,
                }
                for section in proposal.template_id.section_ids.sorted(lambda s: (s.sequence, s.id))
            ]
        self.env["sale.proposal.section"].create(values)

    def _add_missing_bid_criteria(self):
        criteria = self.env["sale.proposal.bid.criterion"].search(
            [("company_id", "in", [False, *self.company_id.ids])]
        )
        values = []
        for proposal in self:
            present = proposal.bid_score_ids.criterion_id
            values += [
                {"proposal_id": proposal.id, "criterion_id": criterion.id}
                for criterion in criteria
                if criterion not in present
                and criterion.company_id in (proposal.company_id, self.env["res.company"])
            ]
        self.env["sale.proposal.bid.score"].create(values)

    def _record_bid_decision(self, decision):
        for proposal in self:
            proposal.check_access("write")
            if proposal.state != "draft":
                raise UserError(self.env._("Decide whether to bid while the proposal is a draft."))
            if not proposal.bid_score_ids.filtered("score"):
                raise UserError(self.env._("Score the bid/no-bid criteria before deciding."))
        self._write_workflow(
            {
                "bid_decision": decision,
                "bid_decided_by_id": self.env.user.id,
                "date_bid_decision": fields.Datetime.now(),
            }
        )
        for proposal in self:
            proposal.message_post(
                body=self.env._(
                    "Decision: %(decision)s (score %(score)s%%)",
                    decision=dict(self._fields["bid_decision"].selection)[decision],
                    score=round(proposal.bid_score),
                )
            )

    def _get_matching_approval_rules(self, rules=None):
        """The active approval rules of the proposal's company that apply to it."""
        self.ensure_one()
        if rules is None:
            rules = self.env["sale.proposal.approval.rule"].search(
                [("company_id", "=", self.company_id.id)]
            )
        return rules.filtered(
            lambda rule: rule.company_id == self.company_id and rule._applies_to(self)
        )

    def _is_approved(self):
        """Approved by an approver, and the quotation has not changed since."""
        self.ensure_one()
        return bool(self.approved_by_id) and self._approval_is_current()

    def _check_editable(self):
        closed = self.filtered(lambda p: p.state in ("accepted", "declined", "expired", "cancel"))
        if closed:
            raise UserError(
                self.env._(
                    "The proposal %s is closed: reopen it before changing it.", closed[0].name
                )
            )

    def _back_to_review_after_change(self):
        """An edit after approval or sending must be approved (or sent) again."""
        for proposal in self.filtered(lambda p: p.state in ("approved", "sent")):
            if approvers := proposal._approval_get_approvers():
                proposal._approval_request(approvers)
                proposal.message_post(
                    body=self.env._("Changed after approval: the proposal is back in review.")
                )
            elif proposal.state == "sent":
                proposal._write_workflow({"state": "draft"})
                proposal.message_post(
                    body=self.env._("Changed after sending: send it again as a new revision.")
                )

    def _get_recipient(self):
        self.ensure_one()
        return self.contact_id or self.partner_id

    def _check_sendable(self):
        self.ensure_one()
        if self.state in ("accepted", "declined", "expired", "cancel"):
            raise UserError(
                self.env._(
                    "A proposal that is %s cannot be sent.",
                    dict(self._fields["state"].selection)[self.state],
                )
            )
        if self._get_matching_approval_rules() and not (
            self.state in ("approved", "sent") and self._is_approved()
        ):
            raise UserError(
                self.env._(
                    "The proposal %s needs approval before it can be sent. Submit it for review.",
                    self.name,
                )
            )
        if self.state == "to_approve":
            raise UserError(self.env._("The proposal is in review: approve it before sending."))
        if self.bid_decision == "no_bid":
            raise UserError(self.env._("The decision was not to bid: the proposal cannot be sent."))
        if not self._get_recipient().email:
            raise UserError(
                self.env._(
                    "%s has no email address: add one before sending.",
                    self._get_recipient().display_name,
                )
            )
        today = fields.Date.context_today(self)
        if self.validity_date and self.validity_date < today:
            raise UserError(self.env._("The validity date has passed: extend it before sending."))
        if (
            self.date_submission_deadline
            and self.date_submission_deadline < fields.Datetime.now()
            and not self.env.user._is_sales_admin_manager()
        ):
            raise UserError(
                self.env._(
                    "The submission deadline (%s) has passed: only a sales admin manager can still "
                    "send the proposal.",
                    fields.Datetime.to_string(self.date_submission_deadline),
                )
            )

    def _check_acceptable(self):
        self.ensure_one()
        if self.state == "accepted":
            raise UserError(self.env._("This proposal has already been accepted."))
        if self.state in ("cancel", "declined"):
            raise UserError(self.env._("This proposal was withdrawn or declined."))
        if self.state == "expired" or self._is_past_validity():
            raise UserError(self.env._("This proposal has expired: ask us for an updated one."))
        if self.state != "sent":
            raise UserError(self.env._("This proposal is not open for acceptance."))
        if self._get_matching_approval_rules() and not self._is_approved():
            raise UserError(self.env._("This proposal has not been approved yet."))

    def _create_revision(self):
        """Keep what the customer receives now; revisions are made here only, never typed."""
        self.ensure_one()
        number = self.revision_number + 1
        # sudo: nobody creates revisions, the server does when the proposal is sent
        self.env["sale.proposal.revision"].sudo().create(
            {
                "proposal_id": self.id,
                "number": number,
                "content": self._render_revision_content(),
                "amount_total": self.amount_total,
                "currency_id": self.currency_id.id,
            }
        )
        self._write_workflow({"revision_number": number})

    def _render_revision_content(self):
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "sales_admin_proposals.sale_proposal_revision_content", {"proposal": self}
        )

    def _schedule_deadline_activities(self):
        """One activity per deadline for the owner and the admin, a few days ahead."""
        activity_type = "sales_admin_proposals.mail_activity_type_proposal_deadline"
        open_proposals = self.filtered(lambda p: p.state in ("draft", "to_approve", "approved"))
        open_proposals.activity_unlink([activity_type])
        for proposal in open_proposals:
            deadlines = []
            if proposal.date_submission_deadline:
                deadlines.append(
                    (_lt("Submission deadline"), proposal.date_submission_deadline.date())
                )
            if proposal.date_qa_cutoff:
                deadlines.append((_lt("Q&A cut-off"), proposal.date_qa_cutoff))
            for label, day in deadlines:
                for user in proposal.user_id | proposal.sales_admin_id:
                    env = user._sales_admin_env()  # the to-do reads in its assignee's language
                    proposal.activity_schedule(
                        activity_type,
                        date_deadline=day - timedelta(days=DEADLINE_REMINDER_DAYS),
                        summary=env._(
                            "%(label)s on %(day)s", label=env._(label), day=format_date(env, day)
                        ),
                        user_id=user.id,
                    )

    def _expire_overdue(self):
        """Expire the sent proposals whose validity date has passed."""
        self._write_workflow({"state": "expired", "date_closed": fields.Datetime.now()})
        for proposal in self:
            proposal.message_post(body=self.env._("The validity date passed: proposal expired."))

    def _send_expiry_reminders(self):
        template = self.env.ref("sales_admin_proposals.mail_template_sale_proposal_expiry")
        for proposal in self:
            env = proposal.user_id._sales_admin_env()  # the to-do reads in its assignee's language
            proposal.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=proposal._get_recipient().ids,
            )
            proposal.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=proposal.validity_date,
                summary=env._("Proposal expires on %s", format_date(env, proposal.validity_date)),
                user_id=proposal.user_id.id,
            )
        self._write_workflow({"expiry_reminder_sent": True})

    @api.model
    def _domain_overdue(self):
        return Domain("state", "=", "sent") & Domain(
            "validity_date", "<", fields.Date.context_today(self)
        )

    @api.model
    def _domain_expiring_soon(self):
        today = fields.Date.context_today(self)
        return (
            Domain("state", "=", "sent")
            & Domain("expiry_reminder_sent", "=", False)
            & Domain("validity_date", ">=", today)
            & Domain("validity_date", "<=", today + timedelta(days=EXPIRY_REMINDER_DAYS))
        )

    @api.model
    def _cron_process_expiry(self):
        """Remind the customers of proposals about to expire, then expire the overdue ones."""
        Cron = self.env["ir.cron"]
        reminded = Cron._sales_admin_process_in_batches(
            self.search(self._domain_expiring_soon()),
            lambda proposals: proposals._send_expiry_reminders(),
            CRON_BATCH_SIZE,
        )
        if reminded:
            Cron._sales_admin_process_in_batches(
                self.search(self._domain_overdue()),
                lambda proposals: proposals._expire_overdue(),
                CRON_BATCH_SIZE,
            )
