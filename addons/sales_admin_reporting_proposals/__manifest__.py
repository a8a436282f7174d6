{
    "name": "Sales Admin: Proposals in Reports",
    "summary": "Proposal figures and sheet in the sales admin reports (installed by itself)",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_reporting", "sales_admin_proposals"],
    "data": [
        "data/sale_admin_report_data.xml",
    ],
    "auto_install": True,
    "installable": True,
}
