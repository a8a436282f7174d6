import hashlib

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class SaleAdminApprovalMixin(models.AbstractModel):
    """Submit, approve, reject, back to draft: one approval workflow for the documents a
    customer receives (proposals, contracts).

    The model says who must approve (``_approval_get_approvers``; nobody: approved at once) and
    what is approved (``_approval_content``). The approval fields are protected: only the actions
    below write them. The content is hashed when approved, and sending or signing compares the
    document with that hash (``_approval_check_current``), so what the customer gets is what was
    approved, whatever was written since.
    """

    _name = "sale.admin.approval.mixin"
    _inherit = ["sale.admin.protected.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Approval Workflow"

    _protected_fields = (
        "state",
        "approver_ids",
        "approved_by_id",
        "date_approved",
        "approval_hash",
    )
    # states from which the document may be submitted, and sent back to draft
    _approval_submit_states = ("draft",)
    _approval_reset_states = ("to_approve", "approved")
    _approval_activity_type = "mail.mail_activity_data_todo"

    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To Approve"), ("approved", "Approved")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    approver_ids = fields.Many2many(
        "res.users",
        string="Approvers",
        readonly=True,
        copy=False,
        help="Who may approve, chosen when the document was submitted (a Sales Admin Manager "
        "always may).",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    approval_hash = fields.Char(
        string="Approved Content",
        readonly=True,
        copy=False,
        help="SHA-256 of what was approved: sending and signing check that it did not change.",
    )
    approval_can_decide = fields.Boolean(
        string="Can Approve",
        compute="_compute_approval_can_decide",
        help="Whether you may approve or refuse it: one of its approvers, or a Sales Admin Manager.",
    )

    # === COMPUTE METHODS === #
    @api.depends("approver_ids")
    @api.depends_context("uid")
    def _compute_approval_can_decide(self):
        for record in self:
            record.approval_can_decide = record._approval_can_approve(self.env.user)

    # === ACTION METHODS === #
    def action_submit(self):
        """Ask the approvers; a document that needs nobody's approval is approved at once."""
        for record in self:
            record.check_access("write")
            if record.state not in record._approval_submit_states:
                raise UserError(
                    self.env._(
                        "%(document)s cannot be submitted while it is %(state)s.",
                        document=record.display_name,
                        state=record._approval_state_label(),
                    )
                )
            record._approval_check_submittable()
            approvers = record._approval_get_approvers()
            if approvers:
                record._approval_request(approvers)
            else:
                record._write_workflow(record._approval_values(self.env["res.users"]))
                record.message_post(body=self.env._("Nothing to approve: approved at once."))
        return True

    def action_approve(self):
        for record in self:
            record._approval_check_reviewer()
            record.message_post(body=record._approval_approved_message())
            record._write_workflow(record._approval_values(self.env.user))
            record.activity_feedback(
                [record._approval_activity_type],
                feedback=self.env._("Approved by %s", self.env.user.name),
            )
        return True

    def action_reject(self):
        for record in self:
            record._approval_check_reviewer()
            record._write_workflow(record._approval_reset_values())
            record.activity_unlink([record._approval_activity_type])
            record.message_post(body=self.env._("Approval refused by %s", self.env.user.name))
        return True

    def action_reset_draft(self):
        for record in self:
            record.check_access("write")
            if record.state not in record._approval_reset_states:
                raise UserError(
                    self.env._(
                        "%(document)s cannot go back to draft while it is %(state)s.",
                        document=record.display_name,
                        state=record._approval_state_label(),
                    )
                )
        for record in self:
            record._write_workflow(record._approval_reset_values())
        self.activity_unlink([self._approval_activity_type])
        return True

    # === BUSINESS METHODS === #
    def _approval_get_approvers(self):
        """The users who must approve the document as it is now; empty when nobody must."""
        return self.env["res.users"]

    def _approval_content(self):
        """The text of what is approved (amounts, clauses...), compared when sent or signed."""
        raise NotImplementedError

    def _approval_check_submittable(self):
        """Raise a UserError when the document is not ready for approval."""
        return True

    def _approval_request_note(self):
        """What the approvers' activity says about the document (HTML), if anything."""
        return False

    def _approval_approved_message(self):
        return Markup("<p>%s</p>") % self.env._("Approved by %s.", self.env.user.name)

    def _approval_compute_hash(self):
        self.ensure_one()
        return hashlib.sha256(self._approval_content().encode()).hexdigest()

    def _approval_values(self, approver):
        """Values recording the approval of the document as it is now by ``approver`` (nobody
        for an approval that no rule asked for)."""
        self.ensure_one()
        return {
            "state": "approved",
            "approved_by_id": approver.id,
            "date_approved": fields.Datetime.now(),
            "approval_hash": self._approval_compute_hash(),
        }

    def _approval_reset_values(self):
        """Values of a document back in draft: the approval is gone."""
        values = {
            "state": "draft",
            "approver_ids": [Command.clear()],
            "approved_by_id": False,
            "date_approved": False,
            "approval_hash": False,
        }
        if "access_token" in self._fields:
            # the customer's old link must not open the document once it is sent again
            values["access_token"] = False
        return values

    def _approval_request(self, approvers):
        """Put the document in approval and give each approver an activity."""
        self.ensure_one()
        self._write_workflow(
            {
                "state": "to_approve",
                "approver_ids": [Command.set(approvers.ids)],
                "approved_by_id": False,
                "date_approved": False,
                "approval_hash": False,
            }
        )
        self.activity_unlink([self._approval_activity_type])
        for approver in approvers:
            # written in the approver's language
            document = self.with_env(approver._sales_admin_env())
            self.activity_schedule(
                self._approval_activity_type,
                user_id=approver.id,
                summary=document.env._("Approve %s", document.display_name),
                note=document._approval_request_note(),
            )

    def _approval_can_approve(self, user):
        self.ensure_one()
        return user in self.approver_ids or user._is_sales_admin_manager()

    def _approval_check_reviewer(self):
        """Raise unless the document waits for approval and the current user may decide."""
        self.ensure_one()
        if not self._approval_can_approve(self.env.user):
            if self.approver_ids:
                message = self.env._(
                    "Only %(approvers)s or a Sales Admin Manager can approve or refuse "
                    "%(document)s.",
                    approvers=", ".join(self.approver_ids.mapped("name")),
                    document=self.display_name,
                )
            else:
                message = self.env._(
                    "Only a Sales Admin Manager can approve or refuse %s.", self.display_name
                )
            raise AccessError(message)
        if self.state != "to_approve":
            raise UserError(self.env._("%s is not waiting for approval.", self.display_name))

    def _approval_is_current(self):
        """Approved, and the document is still what was approved."""
        self.ensure_one()
        return bool(self.approval_hash) and self.approval_hash == self._approval_compute_hash()

    def _approval_check_current(self):
        """Raise unless the document is exactly what was approved."""
        for record in self:
            if not record._approval_is_current():
                raise UserError(
                    self.env._(
                        "%s changed since it was approved: submit it for approval again.",
                        record.display_name,
                    )
                )

    def _approval_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]
