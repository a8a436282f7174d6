{
    "name": "Sales Admin: Reporting",
    "summary": "Scheduled monthly and quarterly XLSX reports with recommendations",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_base"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        # Security
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
