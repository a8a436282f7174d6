import base64
import binascii
import io

from markupsafe import Markup
from PIL import Image

from odoo import fields, models
from odoo.exceptions import UserError

# A drawn signature is a few kilobytes; anything bigger is not one.
SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_MAX_PIXELS = 4096 * 4096
SIGNATURE_FORMATS = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)


class SaleAdminSignatureMixin(models.AbstractModel):
    """The customer's signature on a document: name, date, IP address and the drawn image.

    The fields are protected: only ``_sign`` writes them, called by the portal's signing route
    (or by a manager signing on the customer's behalf, logged in the chatter). The image must
    be a PNG or JPEG that decodes, checked by its content, and small.
    """

    _name = "sale.admin.signature.mixin"
    _inherit = ["sale.admin.protected.mixin", "mail.thread"]
    _description = "Customer Signature"

    _protected_fields = ("signed_by", "date_signed", "signed_ip", "signature")

    signed_by = fields.Char(readonly=True, copy=False)
    date_signed = fields.Datetime(string="Signed On", readonly=True, copy=False)
    signed_ip = fields.Char(string="Signed from IP", readonly=True, copy=False)
    signature = fields.Image(
        readonly=True, copy=False, attachment=True, max_width=1024, max_height=1024
    )

    # === ACTION METHODS === #
    def action_open_sign_on_behalf(self):
        """The dialog in which a manager records the customer's name and signature."""
        self.ensure_one()
        self.env.user._check_sales_admin_manager(
            self.env._("Only a Sales Admin Manager can sign on the customer's behalf.")
        )
        self.check_access("write")
        self._signature_check_signable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign %s on the Customer's Behalf", self.display_name),
            "res_model": "sale.admin.sign.on.behalf",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_document_model": self._name, "default_document_id": self.id},
        }

    def action_sign_on_behalf(self, signer_name=None, signature=None):
        """Record a signature the customer gave on paper or in person (managers only)."""
        self.ensure_one()
        self.env.user._check_sales_admin_manager(
            self.env._("Only a Sales Admin Manager can sign on the customer's behalf.")
        )
        self.check_access("write")
        self._sign(signer_name, signature)
        self.message_post(
            body=self.env._(
                "Signature of %(signer)s recorded on the customer's behalf by %(user)s.",
                signer=self.signed_by,
                user=self.env.user.name,
            )
        )
        return True

    # === BUSINESS METHODS === #
    def _sign(self, name, signature, ip_address=False):
        """Record the customer's signature (``signature``: the image, base64-encoded) and let
        the document move on (``_signature_values``, ``_signature_after_sign``)."""
        self.ensure_one()
        self._signature_check_signable()
        name = (name or "").strip()
        if not name or not signature:
            raise UserError(self.env._("Please give your name and draw your signature."))
        image = self._signature_check_image(signature)
        self._write_workflow(
            {
                "signed_by": name,
                "date_signed": fields.Datetime.now(),
                "signed_ip": ip_address or False,
                "signature": image,
                **self._signature_values(),
            }
        )
        self._signature_after_sign()
        return True

    def _signature_default_signer(self, user):
        """Whose name the signature form proposes to ``user``, who opens the document: a
        logged-in contact of the customer signs in their own name, anyone else (an e-mailed
        link) gets the contact person the document is addressed to. Never the company itself:
        a person signs. An empty partner when nobody fits (the signer types their name)."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if user.share and not user._is_public() and user.commercial_partner_id == customer:
            return user.partner_id
        return self._signature_signer_contact()

    def _signature_signer_contact(self):
        """The person expected to sign: the customer when a person, else its only contact
        person (with several, nobody is guessed)."""
        self.ensure_one()
        partner = self.partner_id
        if not partner.is_company:
            return partner
        people = partner.child_ids.filtered(lambda c: c.type == "contact" and not c.is_company)
        return people if len(people) == 1 else people.browse()

    def _signature_check_signable(self):
        """Raise a UserError when the document cannot be signed now."""
        return True

    def _signature_values(self):
        """Other values the signature writes (the document's new state...)."""
        return {}

    def _signature_after_sign(self):
        self.message_post(
            body=Markup("<p>%s</p>") % self.env._("Signed by %(name)s.", name=self.signed_by)
        )

    def _signature_check_image(self, signature):
        """The signature image, base64-encoded, once checked: a PNG or JPEG by its content,
        small, and decodable."""
        error = UserError(self.env._("The signature must be a PNG or JPEG image of the drawing."))
        if isinstance(signature, str):
            signature = signature.encode()
        if signature.startswith(b"data:"):
            signature = signature.partition(b",")[2]
        try:
            raw = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            raise error from None
        if len(raw) > SIGNATURE_MAX_BYTES:
            raise UserError(
                self.env._(
                    "The signature image is too large (at most %s kB).", SIGNATURE_MAX_BYTES // 1024
                )
            )
        expected = next((fmt for magic, fmt in SIGNATURE_FORMATS if raw.startswith(magic)), None)
        if not expected:
            raise error
        try:
            with Image.open(io.BytesIO(raw)) as image:
                if image.format != expected or image.width * image.height > SIGNATURE_MAX_PIXELS:
                    raise error
                image.verify()  # the file's structure, whole (decoding alone pads a cut file)
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise error from None
        return base64.b64encode(raw)
