from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

SALES_ADMIN_GROUP = "sales_admin_base.group_sales_admin_user"
SALES_ADMIN_MANAGER_GROUP = "sales_admin_base.group_sales_admin_manager"


class ResUsers(models.Model):
    _inherit = "res.users"

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._sales_admin_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "group_ids" in vals:
            self._sales_admin_set_home_action()
        return res

    # === BUSINESS METHODS === #
    def _sales_admin_env(self):
        """The environment in this user's language: for the texts stored for them to read, such
        as the summary and note of an activity assigned to them. Without a user: the current
        language."""
        lang = self[:1].lang or self.env.lang or "en_US"
        return self.env(context=dict(self.env.context, lang=lang))

    def _sales_admin_set_home_action(self):
        """Sales admins (users and managers) without a home action land on their desk: the
        cockpit becomes their home action when they get the group. A home action already chosen
        is kept."""
        cockpit = self.env.ref("sales_admin_base.sales_admin_cockpit_action", False)
        if not cockpit:  # the groups are loaded before the action, at install
            return True
        users = self.filtered(lambda user: not user.action_id and user._is_sales_admin())
        # sudo: the home action follows the group, whoever grants it
        users.sudo().write({"action_id": cockpit.id})
        return True

    @api.model
    def _sales_admin_domain(self, company=None):
        """The sales admins: internal users of the Sales Admin User group (working for
        ``company`` when given). Also the domain of every "sales admin" field."""
        domain = Domain("all_group_ids", "in", self.env.ref(SALES_ADMIN_GROUP).ids) & Domain(
            "share", "=", False
        )
        if company:
            domain &= Domain("company_ids", "in", company.id)
        return domain

    @api.model
    def _sales_admin_next_in_turn(self, company, last_admin):
        """Round robin: the sales admin of ``company`` after ``last_admin`` in id order, the
        first one after the last (an empty recordset when the company has none)."""
        # sudo: whoever raises a request may not read the members of the group
        admins = self.sudo().search(self._sales_admin_domain(company), order="id")
        following = admins.filtered(lambda admin: admin.id > last_admin.id)
        return (following or admins)[:1].sudo(False)

    def _is_sales_admin(self):
        self.ensure_one()
        return self.has_group(SALES_ADMIN_GROUP)

    def _is_sales_admin_manager(self):
        self.ensure_one()
        return self.has_group(SALES_ADMIN_MANAGER_GROUP)

    def _check_sales_admin(self, message):
        """Refuse (``message``) unless the user is a Sales Admin (User or Manager)."""
        if not self._is_sales_admin():
            raise AccessError(message)
        return True

    def _check_sales_admin_manager(self, message):
        """Refuse (``message``) unless the user is a Sales Admin Manager."""
        if not self._is_sales_admin_manager():
            raise AccessError(message)
        return True
