from . import test_platform
from . import test_responsible_admin
from . import test_cockpit
