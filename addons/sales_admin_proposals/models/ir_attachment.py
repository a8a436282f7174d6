from odoo import models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    _name = "ir.attachment"
    _inherit = "ir.attachment"

    # === CRUD METHODS === #
    def write(self, vals):
        self._check_not_signed_contract_document()
        return super().write(vals)

    def unlink(self):
        self._check_not_signed_contract_document()
        return super().unlink()

    # === BUSINESS METHODS === #
    def _check_not_signed_contract_document(self):
        """The kept signed PDF of a contract is never changed nor deleted, but by the superuser."""
        if self.env.su:
            return
        # sudo: where the attachments belong, to know whether they may be changed at all
        candidates = self.sudo().filtered(
            lambda attachment: attachment.res_model == "sale.contract"
        )
        if candidates and (
            self.env["sale.contract"]
            .sudo()
            .search_count([("signed_document_id", "in", candidates.ids)], limit=1)
        ):
            raise AccessError(
                self.env._(
                    "This file is the signed copy of a contract: it is kept as signed and cannot "
                    "be changed or deleted."
                )
            )
