LATVIAN = "lv_LV"

# Odoo's own modules whose strings the cockpit shows; this slim Odoo tree ships few of their
# translations, so their labels may stay English: only ours are checked
CORE_MODULES = ["base", "web", "mail", "portal", "sale", "account"]


def load_latvian(env, modules=("sales_admin_base",)):
    """Activate Latvian and load the lv.po of the given modules (as installing the language does)."""
    env["res.lang"]._activate_lang(LATVIAN)
    env["ir.module.module"]._load_module_terms(list(modules), [LATVIAN], overwrite=True)
