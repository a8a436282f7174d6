from . import sale_admin_report_kpi
from . import sale_admin_report_definition
from . import sale_admin_report_file
from . import sale_admin_report_recommendation
from . import sale_admin_report_rule
from . import sale_admin_report_run
from . import sale_admin_report_section
from . import res_config_settings
