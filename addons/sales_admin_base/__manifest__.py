{
    "name": "Sales Admin",
    "summary": "The sales administrator's desk: customers, orders, payments, complaints, escalations",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_management", "account", "mail", "portal", "resource"],
    "data": [
        # Security
        "security/sales_admin_security.xml",
        "security/ir.model.access.csv",
        "security/sale_admin_request_security.xml",
        # Data
        "data/sales_admin_cockpit_data.xml",
        "data/sale_admin_request_data.xml",
        "data/sale_admin_request_digest_template.xml",
        # Views
        "views/sales_admin_cockpit_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/sales_admin_menus.xml",
        "views/sale_admin_request_views.xml",
        "views/sale_admin_request_type_views.xml",
        "views/sale_admin_escalation_level_views.xml",
        "views/sale_admin_request_wizard_views.xml",
        "views/sale_admin_request_menus.xml",
    ],
    "demo": [
        "demo/sales_admin_demo.xml",
        "demo/sale_admin_request_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_admin_base/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
