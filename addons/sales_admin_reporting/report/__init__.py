from . import sale_admin_report_xlsx
