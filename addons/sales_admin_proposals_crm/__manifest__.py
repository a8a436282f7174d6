{
    "name": "Sales Admin: Proposals from Opportunities",
    "summary": "Links proposals to CRM opportunities (installed by itself with CRM)",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Sales Admin for Odoo",
    "website": "https://github.com/sales-admin-for-odoo/sales-admin",
    "license": "LGPL-3",
    "depends": ["sales_admin_proposals", "sale_crm"],
    "data": [
        "views/sale_proposal_views.xml",
        "views/crm_lead_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
