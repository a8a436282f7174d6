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
        "security/sale_complaint_security.xml",
        # Data
        "data/sale_complaint_data.xml",
        # Views
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/sales_admin_menus.xml",
        "views/sale_complaint_views.xml",
        "views/sale_complaint_config_views.xml",
        "views/sale_complaint_portal_templates.xml",
        "views/account_move_views.xml",
        "views/product_template_views.xml",
        "wizard/sale_complaint_remedy_wizard_views.xml",
    ],
    "demo": [
        "demo/sales_admin_demo.xml",
        "demo/sale_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_admin_base/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
