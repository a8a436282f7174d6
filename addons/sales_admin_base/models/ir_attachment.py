from odoo import api, models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    _name = "ir.attachment"
    _inherit = "ir.attachment"

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_not_protected_field_file(vals.get("res_model"), vals.get("res_field"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_protected_field_files()
        return super().write(vals)

    def unlink(self):
        self._check_protected_field_files()
        return super().unlink()

    # === BUSINESS METHODS === #
    def _check_protected_field_files(self):
        """The file of a protected binary field (a signature) is written by the field only."""
        if self.env.su:
            return
        # sudo: where the attachments belong, to know whether they may be changed at all
        for attachment in self.sudo().filtered("res_field"):
            self._check_not_protected_field_file(attachment.res_model, attachment.res_field)

    @api.model
    def _check_not_protected_field_file(self, res_model, res_field):
        if not (res_model and res_field and res_model in self.env):
            return
        model = self.env[res_model]
        # our mixin's, not a method of the same name elsewhere (Odoo's order lines have one)
        if not isinstance(model, self.pool["sale.admin.protected.mixin"]):
            return
        if res_field in model._get_protected_fields():
            raise AccessError(
                self.env._(
                    "This file is the “%(field)s” of a %(model)s: it is set by the document's "
                    "workflow and cannot be changed directly.",
                    field=model._fields[res_field]._description_string(self.env),
                    model=self.env["ir.model"]._get(res_model).name,
                )
            )
