def uninstall_hook(env):
    """The demo's customers, orders, bank and users stay when the module goes: the Latvian
    company's posted invoices and payments refer to them, and the books are kept. Only their
    external ids go, so that uninstalling does not try to delete them."""
    env["ir.model.data"].search([("module", "=", "sales_admin_demo_lv")]).unlink()
