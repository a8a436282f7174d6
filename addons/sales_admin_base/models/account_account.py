from odoo import api, models, tools
from odoo.tools import SQL


class AccountAccount(models.Model):
    _inherit = "account.account"

    @api.model
    @tools.ormcache()
    def _sales_admin_receivable_ids(self):
        """The ids of the receivable accounts, for the receivables and days to pay of
        `sale.admin.kpi`: given to their queries as a list rather than joined by type, PostgreSQL
        estimates how many journal items they hold from its statistics of the items' accounts
        (joined by type, it expected a tenth of them and looked each item's invoice up one by
        one). Kept until an account becomes receivable or stops being one."""
        self.flush_model(["account_type"])
        return tuple(
            account_id
            for (account_id,) in self.env.execute_query(
                SQL("SELECT id FROM account_account WHERE account_type = 'asset_receivable'")
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        if any(account.account_type == "asset_receivable" for account in accounts):
            self.env.registry.clear_cache()
        return accounts

    def write(self, vals):
        if "account_type" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)
