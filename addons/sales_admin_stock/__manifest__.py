{
    "name": "Sales Admin: Returns with Inventory",
    "summary": "Complaint returns receive the goods back through a return picking (installed by "
    "itself with Inventory's sales link)",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_base", "sale_stock"],
    "data": ["security/ir.model.access.csv"],
    "auto_install": True,
    "installable": True,
}
