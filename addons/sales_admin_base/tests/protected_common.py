"""The people of the protected-field tests, and signature images."""

import base64
import io
import os

from PIL import Image

from .common import SalesAdminCommon


def image_b64(fmt, size=(40, 20), noise=False):
    image = Image.new("RGB", size, "white")
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue())


class ProtectedFieldsCommon(SalesAdminCommon):
    """The demo people, with exactly their demo groups, and the roles they do not cover."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env.ref("sales_admin_base.partner_baltic_office")
        cls.roles = {
            "rep": cls.env.ref("sales_admin_base.user_sales_rep"),
            "sales admin": cls.env.ref("sales_admin_base.user_sales_admin"),
            "manager": cls.env.ref("sales_admin_base.user_sales_manager"),
            "accountant": cls.env.ref("sales_admin_base.user_accountant"),
            "employee": cls._new_user("pf_employee", role="employee"),
            "portal": cls._new_user(
                "pf_portal",
                role="portal",
                partner_id=cls.env.ref("sales_admin_base.partner_baltic_office_contact").id,
            ),
        }
        cls.admin = cls.roles["sales admin"]
