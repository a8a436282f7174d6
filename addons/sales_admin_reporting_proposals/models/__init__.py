from . import sale_admin_report_kpi
from . import sale_admin_report_section
