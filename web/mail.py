"""Outgoing e-mail: SMTP when ``ORGA_SMTP_URL`` is set, else the server log (development)."""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from resolvers.context import Mailer
from web.settings import Settings

logger = logging.getLogger("orga.mail")


def mailer_for(settings: Settings) -> Mailer:
    if not settings.smtp_url:

        async def log_mail(to: str, subject: str, body: str) -> None:
            # No SMTP configured: the message (e.g. a reset link) goes to the log so a
            # developer or operator can still act on it.
            logger.info("E-mail (SMTP non configuré) à %s : %s\n%s", to, subject, body)

        return log_mail

    url = urlparse(settings.smtp_url)

    def send(to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = settings.mail_from
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        with smtp_class(url.hostname or "localhost", url.port or 25, timeout=10) as smtp:
            if url.scheme == "smtp+starttls":
                smtp.starttls()
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            smtp.send_message(message)

    async def smtp_mail(to: str, subject: str, body: str) -> None:
        try:
            await asyncio.to_thread(send, to, subject, body)
        except (OSError, smtplib.SMTPException):
            logger.exception("Échec de l'envoi d'un e-mail (%s)", subject)

    return smtp_mail
