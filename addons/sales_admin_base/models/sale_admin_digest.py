from datetime import timedelta

from odoo import api, fields, models


class SaleAdminDigest(models.AbstractModel):
    """The weekly mail to the managers: open escalations and the week's customer problems.

    A model of its own, like Odoo's digest: it is about no single request and belongs to no
    user; each manager receives what they may read.
    """

    _name = "sale.admin.digest"
    _description = "Sales Admin Weekly Digest"

    # === BUSINESS METHODS === #
    @api.model
    def _recipients(self):
        """The sales admin managers and the people named on the escalation ladder."""
        managers = (
            self.env.ref("sales_admin_base.group_sales_admin_manager").all_user_ids
            | self.env["sale.admin.escalation.level"].search([("user_id", "!=", False)]).user_id
        )
        return managers.filtered(lambda user: user.active and not user.share)

    @api.model
    def _content(self, manager):
        """What the digest shows ``manager``: only requests they may read."""
        Request = (
            self.env["sale.admin.request"]
            .with_user(manager)
            .with_context(allowed_company_ids=manager.company_ids.ids)
        )
        week_start = fields.Datetime.now() - timedelta(days=7)
        return {
            "escalations": Request.search(
                [("state", "=", "escalated")], order="date_last_escalation, id"
            ),
            "customer_problems": Request.search(
                [("type_id.is_customer_problem", "=", True), ("date_raised", ">=", week_start)],
                order="id",
            ),
        }

    @api.model
    def _send(self, manager):
        """Mail ``manager`` their digest; nothing when there is nothing to report."""
        content = self._content(manager)
        if not content["escalations"] and not content["customer_problems"]:
            return self.env["mail.mail"]
        body = self.env["ir.qweb"]._render(
            "sales_admin_base.sale_admin_request_digest_mail",
            {
                **content,
                "manager": manager,
                "base_url": self.get_base_url(),
            },
        )
        # sudo: the digest is a system mail; its content was read with the manager's rights
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": self.env._(
                        "Sales admin weekly digest: %(escalations)s open escalations, "
                        "%(problems)s customer problems",
                        escalations=len(content["escalations"]),
                        problems=len(content["customer_problems"]),
                    ),
                    "body_html": body,
                    "email_from": manager.company_id.email_formatted
                    or self.env.user.email_formatted,
                    "recipient_ids": [fields.Command.link(manager.partner_id.id)],
                    "auto_delete": True,
                }
            )
        )

    @api.model
    def _cron_send(self):
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self._recipients(), self._send, batch_size=1
        )
