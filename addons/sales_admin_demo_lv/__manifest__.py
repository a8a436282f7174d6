{
    "name": "Sales Admin: Latvian Demo Company",
    "summary": "Demo data: a Latvian company (SIA) with its own sales admin, customers and books",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_reporting", "sales_admin_proposals", "l10n_lv", "sale_stock"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/sale_complaint_demo.xml",
        "demo/sale_proposal_demo.xml",
        "demo/sale_contract_demo.xml",
        "demo/sale_admin_report_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_admin_demo_lv/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
