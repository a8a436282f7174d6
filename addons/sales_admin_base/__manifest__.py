{
    "name": "Sales Admin",
    "summary": "The sales administrator's desk: customers, orders, payments, complaints, escalations",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_management", "account", "mail", "portal"],
    "data": [
        # Security
        "security/sales_admin_security.xml",
        "security/ir.model.access.csv",
        "security/sales_admin_desk_security.xml",
        # Data
        "data/sales_admin_desk_data.xml",
        # Views
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/sales_admin_menus.xml",
        "views/sale_order_desk_views.xml",
        "views/sales_admin_phone_payment_views.xml",
        "views/res_partner_desk_views.xml",
    ],
    "demo": [
        "demo/sales_admin_demo.xml",
        "demo/sales_admin_desk_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_admin_base/static/tests/tours/*.js",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "installable": True,
}
