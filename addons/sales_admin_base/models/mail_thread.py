import logging

from markupsafe import Markup

from odoo import api, models

_logger = logging.getLogger(__name__)

# the characters of text kept from an incoming mail's body (HTML and plain text each)
MAIL_BODY_MAX_CHARS = 200_000
MAIL_BODY_MAX_CHARS_PARAM = "sales_admin_base.mail_body_max_chars"


def _decodes(payload, charset):
    """Whether Python's mail package decodes ``payload`` in ``charset`` as it does (unknown
    names, codecs that do not make text such as base64, or that refuse replacement characters
    such as idna, do not)."""
    try:
        payload.decode(charset, errors="replace")
    except (LookupError, ValueError, TypeError):
        return False
    return True


def _is_body_part(part):
    """The text parts Odoo reads as the body, as opposed to attachments."""
    return (
        part.get_content_type() in ("text/plain", "text/html")
        and not part.get_filename()
        and not part.get("content-disposition", "").strip().startswith("attachment")
    )


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # === BUSINESS METHODS === #
    def _message_parse_extract_payload(self, message, message_dict, save_original=False):
        """Every incoming mail is read, whatever it claims, and quickly: a text part in an
        unknown charset is decoded as UTF-8 (Latin-1 when it is not UTF-8) instead of failing the
        whole mail, and the body is cut past a cap (with a note saying so) before Odoo cleans its
        HTML, so that a mail of megabytes cannot hold a server worker."""
        budget = dict.fromkeys(("plain", "html"), self._mail_body_max_chars())
        for part in message.walk():
            if part.get_content_maintype() != "text":
                continue
            charset = part.get_param("charset")
            payload = part.get_payload(decode=True) or b""
            if charset is not None and not _decodes(payload, charset):
                self._mail_fix_unknown_charset(part, payload, message_dict)
            if _is_body_part(part):
                subtype = part.get_content_subtype()
                budget[subtype] = self._mail_cut_body_part(part, budget[subtype])
        return super()._message_parse_extract_payload(
            message, message_dict, save_original=save_original
        )

    @api.model
    def _mail_body_max_chars(self):
        value = self.env["ir.config_parameter"].sudo().get_param(MAIL_BODY_MAX_CHARS_PARAM)
        try:
            return max(int(value), 1000) if value else MAIL_BODY_MAX_CHARS
        except ValueError:
            return MAIL_BODY_MAX_CHARS

    @api.model
    def _mail_fix_unknown_charset(self, part, payload, message_dict):
        try:
            payload.decode("utf-8")
            charset = "utf-8"
        except UnicodeDecodeError:
            charset = "latin-1"  # decodes any bytes: a wrong letter here and there, never a loss
        _logger.info(
            "Mail %s: text part in unknown charset %r read as %s.",
            message_dict.get("message_id"),
            part.get_param("charset"),
            charset,
        )
        part.set_param("charset", charset)

    @api.model
    def _mail_cut_body_part(self, part, budget):
        """Keep at most ``budget`` characters of a body part, with a note when cut.

        :return: the budget left for the next body parts of the same kind
        """
        payload = part.get_payload(decode=True) or b""
        if len(payload) <= budget:  # never more characters than bytes: nothing to decode
            return budget - len(payload)
        content = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
        if len(content) <= budget:
            return budget - len(content)
        html = part.get_content_subtype() == "html"
        kept = content[:budget]
        if html:
            # never end inside a tag or a comment, which would swallow the note
            if kept.rfind("<") > kept.rfind(">"):
                kept = kept[: kept.rfind("<")]
            if kept.rfind("<!--") > kept.rfind("-->"):
                kept = kept[: kept.rfind("<!--")]
        if budget:
            note = self.env._(
                "[This message was %(size)s characters long: only the first %(kept)s are kept"
                " here.]",
                size=len(content),
                kept=len(kept),
            )
            kept += str(Markup("<p><em>%s</em></p>") % note) if html else f"\n\n{note}\n"
        part.set_content(kept, subtype=part.get_content_subtype(), charset="utf-8", cte="base64")
        return 0
