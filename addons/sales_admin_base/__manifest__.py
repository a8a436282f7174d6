{
    "name": "Sales Admin",
    "summary": "The sales administrator's desk: customers, orders, payments, complaints, escalations",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_management", "account", "mail", "portal", "rating", "resource"],
    "data": [
        # Security
        "security/sales_admin_security.xml",
        "security/ir.model.access.csv",
        "security/sale_admin_request_security.xml",
        "security/sale_complaint_security.xml",
        "security/sales_admin_desk_security.xml",
        # Data
        "data/sale_admin_request_data.xml",
        "data/sale_admin_request_digest_template.xml",
        "data/sale_complaint_data.xml",
        "data/sales_admin_desk_data.xml",
        # Views
        "views/account_move_views.xml",
        "views/account_payment_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/sale_admin_cockpit_tile_views.xml",
        "views/sale_admin_escalation_level_views.xml",
        "views/sale_admin_request_type_views.xml",
        "views/sale_admin_request_views.xml",
        "views/sale_complaint_config_views.xml",
        "views/sale_complaint_portal_templates.xml",
        "views/sale_complaint_views.xml",
        "views/sale_order_views.xml",
        # Data naming views
        "data/sales_admin_cockpit_data.xml",
        # Wizards
        "wizard/sale_admin_order_assign_views.xml",
        "wizard/sale_admin_order_hold_views.xml",
        "wizard/sale_admin_partner_deduplicate_views.xml",
        "wizard/sale_admin_phone_payment_views.xml",
        "wizard/sale_admin_request_decide_views.xml",
        "wizard/sale_admin_request_escalate_views.xml",
        "wizard/sale_admin_sign_on_behalf_views.xml",
        "wizard/sale_complaint_remedy_views.xml",
        # Menus
        "views/sales_admin_menus.xml",
    ],
    "demo": [
        "demo/sales_admin_demo.xml",
        "demo/sale_admin_request_demo.xml",
        "demo/sale_complaint_demo.xml",
        "demo/sales_admin_desk_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sales_admin_base/static/src/views/**/*",
        ],
        "web.assets_tests": [
            "sales_admin_base/static/tests/tours/*.js",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
