# What the Latvian company's books refer to: these records stay when the demo is uninstalled.
KEPT_MODELS = (
    "res.company",
    "res.partner",
    "res.users",
    "res.bank",
    "res.partner.bank",
    "crm.team",
    "mail.alias",
    "stock.warehouse",
    "sale.order",
)


def uninstall_hook(env):
    """The company, its people, bank, warehouse, customers and orders stay when the demo goes:
    posted invoices, payments and deliveries refer to them. Dropping their external ids keeps
    Odoo from trying to delete them; the demo's sales admin documents go as usual."""
    env["ir.model.data"].search(
        [("module", "=", "sales_admin_demo_lv"), ("model", "in", KEPT_MODELS)]
    ).unlink()
