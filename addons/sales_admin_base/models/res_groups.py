from odoo import models

from .res_users import SALES_ADMIN_GROUP


class ResGroups(models.Model):
    _inherit = "res.groups"

    # === CRUD METHODS === #
    def write(self, vals):
        res = super().write(vals)
        sales_admin = self.env.ref(SALES_ADMIN_GROUP, False)
        if "user_ids" in vals and sales_admin and sales_admin in self.all_implied_ids:
            # users added from the group's form: their home action follows, as in res.users
            self.all_user_ids._sales_admin_set_home_action()
        return res
