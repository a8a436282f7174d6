from . import controllers
from . import models
from . import wizard

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def uninstall_hook(env):
    """Contract lines and bid scores point at the module's own clauses and criteria, and
    contracts at its demo orders, with ondelete='restrict': they go with the module's tables
    anyway, so remove them first and let Odoo delete that data without failing."""
    env = env(context=dict(env.context, active_test=False, **{MODULE_UNINSTALL_FLAG: True}))
    env["sale.contract"].search([]).unlink()
    env["sale.proposal.bid.score"].search([]).unlink()
