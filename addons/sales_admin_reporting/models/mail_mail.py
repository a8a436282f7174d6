from odoo import fields, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    sales_admin_report_run_id = fields.Many2one(
        "sale.admin.report.run",
        string="Report Run",
        ondelete="set null",
        index="btree_not_null",
        help="The report run this mail delivers to one of its recipients.",
    )

    # === BUSINESS METHODS === #
    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        # Odoo marks the mails of a batch it could not connect for as failed without saying
        # why on the mail itself: a report mail keeps it, so that it is sent again once the
        # server answers (sale.admin.report.run._cron_requeue_mails)
        if failure_type == "mail_smtp":
            self.filtered("sales_admin_report_run_id").write({"failure_type": "mail_smtp"})
        return super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason, failure_type=failure_type
        )

    def _sales_admin_requeue(self):
        """Put these mails back in the mail queue and wake it up, so that they leave without
        waiting for its next hourly pass."""
        if not self:
            return True
        self.mark_outgoing()
        # sudo: the queue's cron is a technical record; triggering it sends nothing by itself
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()
        return True

    def _sales_admin_delivery_state(self):
        """pending, sent or failed for a report run's delivery state; False when cancelled.
        A mail that found the server down is pending: it is sent again by itself."""
        self.ensure_one()
        if self.state == "exception":
            return "pending" if self.failure_type == "mail_smtp" else "failed"
        return {"outgoing": "pending", "sent": "sent", "received": "sent"}.get(self.state, False)
