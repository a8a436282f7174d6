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


def forged_value(env, field):
    """A plausible value for ``field``, unlike a new record's, that a JSON-RPC and an XML-RPC
    client can both send (and the ORM takes as is)."""
    if field.type == "selection":
        return field._description_selection(env)[-1][0]
    if field.type == "many2one":
        return env[field.comodel_name].search([], limit=1, order="id desc").id
    if field.type in ("many2many", "one2many"):
        # Command.set, as a plain list: XML-RPC cannot marshal the enum
        return [[6, 0, env[field.comodel_name].search([], limit=1).ids]]
    return {
        "char": "forged",
        "text": "forged",
        "html": "<p>forged</p>",
        "boolean": True,
        "integer": 7,
        "float": 7.0,
        "monetary": 7.0,
        "date": "2030-01-01",
        "datetime": "2030-01-01 00:00:00",
        "binary": image_b64("PNG").decode(),
        "image": image_b64("PNG").decode(),
        "many2one_reference": 1,
        "json": [{"key": "forged"}],
    }[field.type]


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
